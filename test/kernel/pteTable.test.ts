import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Vpn } from "../../src/kernel/ids.js";
import { asPfn } from "../../src/kernel/ids.js";
import { PteTable } from "../../src/kernel/pteTable.js";
import type { Pte } from "../../src/kernel/state.js";

const pte = (pfn: number): Pte => ({ present: true, pfn: asPfn(pfn), write: false, dirty: false, softDirty: false, uffdWp: false });

/** One operation on a Map<Vpn, Pte>; `during` ones run while an iteration of the map is half done. */
type Action =
  | { readonly op: "set"; readonly vpn: number; readonly pfn: number }
  | { readonly op: "delete" | "get" | "has"; readonly vpn: number }
  | { readonly op: "clear" }
  | { readonly op: "iterate"; readonly stopAt: number; readonly during: readonly Action[] };

/** Keys near one another (one leaf), far apart, at leaf edges, negative, huge, fractional and -0. */
const vpn = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 140 }), weight: 6 },
  { arbitrary: fc.constantFrom(63, 64, 127, 128, 0x10000, 2 ** 33 + 5, -1, -64, -65, 1.5, -0), weight: 2 },
);
const plain: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("set" as const), vpn, pfn: fc.nat(50) }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constantFrom("delete" as const, "get" as const, "has" as const), vpn }), weight: 5 },
  { arbitrary: fc.constant({ op: "clear" as const }), weight: 1 },
);
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: plain, weight: 8 },
  { arbitrary: fc.record({ op: fc.constant("iterate" as const), stopAt: fc.nat(20), during: fc.array(plain, { maxLength: 6 }) }), weight: 2 },
);

/** Applies `a` to `m` and returns what it answered, iterations included, in a comparable form. */
function apply(m: Map<Vpn, Pte>, a: Action): unknown {
  switch (a.op) {
    case "set": return m.set(a.vpn, pte(a.pfn)) === m;
    case "delete": return m.delete(a.vpn);
    case "get": return m.get(a.vpn)?.present === true ? (m.get(a.vpn) as { pfn: number }).pfn : null;
    case "has": return m.has(a.vpn);
    case "clear": return m.clear();
    case "iterate": {
      // A live iterator: stop part way, mutate, then finish; Map visits what was added meanwhile.
      const seen: unknown[] = [];
      const it = m.entries();
      for (let n = 0; n < a.stopAt; n++) {
        const r = it.next();
        if (r.done === true) break;
        seen.push([r.value[0], (r.value[1] as { pfn: number }).pfn]);
      }
      seen.push(a.during.map((d) => apply(m, d)));
      for (let r = it.next(); r.done !== true; r = it.next()) seen.push([r.value[0], (r.value[1] as { pfn: number }).pfn]);
      return seen;
    }
  }
}

const entries = (m: Map<Vpn, Pte>): unknown => [...m].map(([k, v]) => [k, (v as { pfn: number }).pfn]);

describe("pteTable", () => {
  it("answers every operation as a Map does, iteration order and live iterators included (seed 7)", () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 80 }), (actions) => {
        const table = new PteTable();
        const map = new Map<Vpn, Pte>();
        for (const a of actions) {
          expect(apply(table, a)).toEqual(apply(map, a));
          expect(table.size).toBe(map.size);
          expect(entries(table)).toEqual(entries(map));
        }
        const fromForEach: unknown[] = [];
        table.forEach((p, k, self) => fromForEach.push([k, (p as { pfn: number }).pfn, self === table]));
        expect(fromForEach).toEqual([...map].map(([k, v]) => [k, (v as { pfn: number }).pfn, true]));
        expect([...table.keys()]).toEqual([...map.keys()]);
        expect([...table.values()].map((p) => (p as { pfn: number }).pfn)).toEqual([...map.values()].map((p) => (p as { pfn: number }).pfn));
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it("keeps a key's place when it is set again and moves it last when it is deleted and set again", () => {
    const t = new PteTable().set(5, pte(1)).set(200, pte(2)).set(6, pte(3));
    t.set(5, pte(4));
    expect([...t.keys()]).toEqual([5, 200, 6]);
    t.delete(200);
    t.set(200, pte(5));
    expect([...t.keys()]).toEqual([5, 6, 200]);
  });

  it("keeps its order through the compaction of many deleted keys", () => {
    const t = new PteTable();
    const m = new Map<Vpn, Pte>();
    for (let round = 0; round < 5; round++) {
      for (let v = 0; v < 300; v++) {
        t.set((v * 37) % 1000, pte(v));
        m.set((v * 37) % 1000, pte(v));
      }
      for (let v = 0; v < 1000; v += 3) {
        expect(t.delete(v)).toBe(m.delete(v));
      }
    }
    expect([...t.keys()]).toEqual([...m.keys()]);
    expect(t.size).toBe(m.size);
  });

  it("defers compaction while an iteration is live, which then sees what a Map iterator sees", () => {
    const t = new PteTable();
    const m = new Map<Vpn, Pte>();
    for (let v = 0; v < 200; v++) {
      t.set(v, pte(v));
      m.set(v, pte(v));
    }
    const seen = (x: Map<Vpn, Pte>): number[] => {
      const out: number[] = [];
      const it = x.keys();
      for (let n = 0; n < 10; n++) out.push(it.next().value as number);
      for (let v = 0; v < 200; v++) if (v % 10 !== 7) x.delete(v);
      x.set(3, pte(0));
      x.set(500, pte(0));
      for (let r = it.next(); r.done !== true; r = it.next()) out.push(r.value);
      return out;
    };
    expect(seen(t)).toEqual(seen(m));
    t.delete(1);
    m.delete(1);
    expect([...t.keys()]).toEqual([...m.keys()]);
  });

  it("finds nothing for a vpn it does not hold, whatever number it is", () => {
    const t = new PteTable().set(1, pte(1)).set(64, pte(2));
    for (const v of [0, 2, 65, 1.5, -1, -63, 2 ** 32 + 1, Number.NaN, Infinity]) expect(t.get(v)).toBeUndefined();
    expect(t.get(1)).toBeDefined();
    expect(Object.prototype.toString.call(t)).toBe("[object PteTable]");
  });
});
