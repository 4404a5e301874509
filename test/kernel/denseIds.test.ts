import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DenseIds, withRoom } from "../../src/kernel/denseIds.js";

describe("denseIds", () => {
  it("numbers keys in first-seen order and finds only keys added since the last reset", () => {
    const ids = new DenseIds();
    expect([7, 3, 7, 500, 3].map((k) => ids.add(k))).toEqual([0, 1, 0, 2, 1]);
    expect(ids.size).toBe(3);
    expect(ids.keys.slice(0, ids.size)).toEqual([7, 3, 500]);
    expect(ids.find(500)).toBe(2);
    expect(ids.find(4)).toBe(-1);
    ids.reset();
    expect(ids.size).toBe(0);
    expect(ids.find(7)).toBe(-1);
    expect(ids.add(3)).toBe(0);
  });

  it("numbers like a Map for any numbers: negative, fractional, huge, and past its first array size (seed 42)", () => {
    const key = fc.oneof(fc.nat(300), fc.constantFrom(-1, -7, 0.5, 2.25, 2 ** 20, 2 ** 31, Number.MAX_SAFE_INTEGER));
    const ids = new DenseIds();
    fc.assert(
      fc.property(fc.array(fc.array(key, { maxLength: 40 }), { minLength: 1, maxLength: 4 }), (rounds) => {
        for (const keys of rounds) {
          ids.reset();
          const ref = new Map<number, number>();
          for (const k of keys) {
            if (!ref.has(k)) ref.set(k, ref.size);
            expect(ids.add(k)).toBe(ref.get(k));
          }
          for (const k of [...keys, 301, -2, 0.75]) expect(ids.find(k)).toBe(ref.get(k) ?? -1);
          expect(ids.keys.slice(0, ids.size)).toEqual([...ref.keys()]);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("forgets keys from before its reset stamp wrapped", () => {
    const ids = new DenseIds();
    ids.add(5);
    // The stamp of the last reset before the wrap (STAMP_LIMIT - 1): the next reset wraps and clears.
    (ids as unknown as { gen: number }).gen = 0x3fffffff - 1;
    ids.add(9);
    ids.reset();
    expect([ids.find(5), ids.find(9)]).toEqual([-1, -1]);
    expect(ids.add(6)).toBe(0);
    ids.reset();
    expect(ids.find(6)).toBe(-1);
  });

  it("grows an array keeping its contents, and hands back the same one when it has room", () => {
    const a = Int32Array.from([1, 2, 3]);
    expect(withRoom(a, 3)).toBe(a);
    const b = withRoom(a, 7);
    expect(b.length).toBeGreaterThanOrEqual(7);
    expect([...b.subarray(0, 3)]).toEqual([1, 2, 3]);
  });
});
