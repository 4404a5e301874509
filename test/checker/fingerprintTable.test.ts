// The open-addressing table under both visited sets: set semantics against a JS Set, and
// reserve, which a merge of one table into another must call first.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fmix32 } from "../../src/checker/hash64.js";
import { createFingerprintTable, findSlot, forEachSlot, reserve, slotOf } from "../../src/checker/fingerprintTable.js";

const key = (lo: number, hi: number): string => `${lo >>> 0}:${hi >>> 0}`;

describe("fingerprintTable", () => {
  it("holds exactly the fingerprints added, (0, 0) included, across growth", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 })), { maxLength: 300 }), (pairs) => {
      const t = createFingerprintTable(3, 16, [3, 4]);
      const want = new Set<string>();
      for (const [lo, hi] of pairs) {
        slotOf(t, lo, hi);
        want.add(key(lo === 0 && hi === 0 ? 1 : lo, hi));
      }
      const got = new Set<string>();
      forEachSlot(t, (i) => got.add(key(t.table[3 * i] as number, t.table[3 * i + 1] as number)));
      expect(got).toEqual(want);
      expect(t.size).toBe(want.size);
      for (const [lo, hi] of pairs) expect(findSlot(t, lo, hi)).toBeGreaterThanOrEqual(0);
      expect(findSlot(t, 41, 0)).toBe(-1);
    }));
  });

  it("keeps a slot's words through growth", () => {
    const t = createFingerprintTable(3, 16, [1, 2]);
    for (let i = 1; i <= 500; i++) {
      const slot = slotOf(t, i * 7919, i);
      t.table[3 * slot + 2] = i;
    }
    for (let i = 1; i <= 500; i++) expect(t.table[3 * findSlot(t, i * 7919, i) + 2]).toBe(i);
  });

  it("reserve sizes the table once for n fingerprints: adding them grows it no more", () => {
    for (const [n, load] of [[1000, [3, 4]], [4096, [1, 2]], [12, [3, 4]]] as const) {
      const t = createFingerprintTable(2, 16, load);
      slotOf(t, 5, 5);
      reserve(t, n);
      const mask = t.mask;
      expect((mask + 1) * load[0]).toBeGreaterThanOrEqual(n * load[1]);
      expect(findSlot(t, 5, 5)).toBeGreaterThanOrEqual(0);
      for (let i = 1; i < n; i++) slotOf(t, i, 0x9e3779b1 ^ i);
      expect(t.size).toBe(n);
      expect(t.mask).toBe(mask);
    }
  });

  it("merges a larger table in slot order into a reserved one with few probes per fingerprint", () => {
    // Copying a table in its own slot order into a smaller one crowds each region of the smaller
    // table past full before it grows; reserved, the copy probes as a random order would.
    const big = createFingerprintTable(2, 16, [3, 4]);
    for (let i = 0; i < 1 << 16; i++) slotOf(big, fmix32(i), fmix32(i ^ 0x5bd1e995));
    const probesPerFingerprint = (reserved: boolean): number => {
      const into = createFingerprintTable(2, 16, [3, 4]);
      if (reserved) reserve(into, big.size);
      let probes = 0;
      forEachSlot(big, (i) => {
        const lo = big.table[2 * i] as number;
        const hi = big.table[2 * i + 1] as number;
        const at = slotOf(into, lo, hi);
        probes += ((at - ((lo ^ Math.imul(hi, 0x9e3779b1)) & into.mask)) & into.mask) + 1;
      });
      expect(into.size).toBe(big.size);
      return probes / big.size;
    };
    expect(probesPerFingerprint(true)).toBeLessThan(3);
    expect(probesPerFingerprint(false)).toBeGreaterThan(30);
  });
});
