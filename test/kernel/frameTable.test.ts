import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameTable } from "../../src/kernel/frameTable.js";
import type { Pfn } from "../../src/kernel/ids.js";
import { asPfn } from "../../src/kernel/ids.js";
import type { Frame } from "../../src/kernel/state.js";
import { cloneFrame } from "../../src/kernel/world.js";

const frame = (pfn: number, value = 0): Frame => ({
  pfn: asPfn(pfn), value, refcount: 1, mapcount: 0, pincount: 0, anon: true, ksm: false, anonExclusive: false,
  swapCache: null, inLruBatch: false, onLru: false, dirty: true,
});

/** What the kernel does to the frame table: allocate the next pfn, update or free a known one, look one up. */
type Action =
  | { readonly op: "alloc"; readonly skip: number }
  | { readonly op: "set" | "delete" | "get"; readonly nth: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("alloc" as const), skip: fc.oneof(fc.constant(0), fc.nat(600)) }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constantFrom("set" as const, "delete" as const, "get" as const), nth: fc.nat() }), weight: 4 },
);

const view = (m: Map<Pfn, Frame>): unknown => [...m].map(([pfn, f]) => [pfn, f.value]);

describe("frameTable", () => {
  it("behaves as a Map of frames allocated at increasing pfns (seed 11)", () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 120 }), (actions) => {
        const table = new FrameTable();
        const map = new Map<Pfn, Frame>();
        let next = 0;
        const known: number[] = [];
        for (const a of actions) {
          if (a.op === "alloc") {
            next += a.skip;
            table.set(asPfn(next), frame(next));
            map.set(asPfn(next), frame(next));
            known.push(next++);
            continue;
          }
          // A pfn the table holds or held, or a small one it never did (pfns come from nextPfn, densely).
          const pfn = asPfn(known.length === 0 || a.nth % 5 === 0 ? a.nth % 1000 : (known[a.nth % known.length] as number));
          // Only a present frame is set again: a freed pfn is never reused.
          if (a.op === "set" && map.has(pfn)) expect(table.set(pfn, frame(pfn, 7)) === table).toBe(map.set(pfn, frame(pfn, 7)) === map);
          if (a.op === "delete") expect(table.delete(pfn)).toBe(map.delete(pfn));
          expect(table.get(pfn)?.value).toBe(map.get(pfn)?.value);
          expect(table.has(pfn)).toBe(map.has(pfn));
        }
        expect(table.size).toBe(map.size);
        expect(view(table)).toEqual(view(map));
        expect([...table.keys()]).toEqual([...map.keys()]);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("finds nothing at a pfn that is fractional, negative or beyond every frame", () => {
    const t = new FrameTable().set(asPfn(1), frame(1)).set(asPfn(300), frame(300));
    for (const pfn of [0, 2, 1.5, -1, -255, 299, 301, 2 ** 31 + 1, Number.NaN]) expect(t.get(pfn as Pfn)).toBeUndefined();
    expect(t.get(asPfn(300))?.pfn).toBe(300);
  });

  it("visits frames allocated during an iteration, as a Map iterator does", () => {
    const t = new FrameTable().set(asPfn(0), frame(0)).set(asPfn(1), frame(1));
    const seen: number[] = [];
    for (const [pfn] of t) {
      seen.push(pfn);
      if (pfn < 600) t.set(asPfn(pfn + 300), cloneFrame(frame(pfn + 300)));
    }
    expect(seen).toEqual([0, 1, 300, 301, 600, 601]);
  });

  it("refuses a pfn that is not a whole number as a model bug", () => {
    expect(() => new FrameTable().set(1.5 as Pfn, frame(1))).toThrow(/model bug: pfn 1.5 is not a page frame number/);
    expect(() => new FrameTable().set(-3 as Pfn, frame(1))).toThrow(/model bug/);
  });
});
