import { describe, expect, it } from "vitest";
import { asPfn, asPinId, asSwapSlot } from "../../src/kernel/ids.js";
import { checkInvariants } from "../../src/kernel/invariants.js";
import { BUF, C, P, forkOp, harness, mmapOp, writeOp } from "./harness.js";
import type { Harness } from "./harness.js";

const names = (h: Harness): string[] => checkInvariants(h.world, h.policy).map((v) => v.invariant);

/** P wrote one page, forked C: a consistent state to break. */
function forked(version: string): Harness {
  const h = harness(version);
  h.run(mmapOp(P, BUF, 2));
  h.run(writeOp(P, BUF, 65));
  h.run(forkOp(P, C));
  return h;
}

describe("invariants", () => {
  it("holds on a fresh world and after ordinary steps", () => {
    expect(names(forked("5.10"))).toEqual([]);
    expect(names(forked("6.18"))).toEqual([]);
  });

  it("catches a refcount that disagrees with the holders", () => {
    const h = forked("5.10");
    h.frame(P, BUF).refcount++;
    expect(names(h)).toContain("refcount");
  });

  it("catches a mapcount that disagrees with the PTEs", () => {
    const h = forked("5.10");
    h.frame(P, BUF).mapcount = 1;
    expect(names(h)).toContain("mapcount");
  });

  it("catches a holder naming a freed pfn", () => {
    const h = forked("5.10");
    h.world.pipes.set(1 as never, [{ pfn: asPfn(999) }]);
    expect(names(h)).toContain("no-freed-pfn");
  });

  it("counts a FOLL_PIN with the bias from 5.7 and as one reference before", () => {
    for (const [v, refs] of [["5.6", 1], ["5.7", 1024]] as const) {
      const h = forked(v);
      const f = h.frame(P, BUF);
      h.world.pins.set(asPinId(1), { pfn: f.pfn, foll: "pin", write: false, longterm: false, owner: P });
      f.pincount++;
      f.refcount += refs;
      expect(names(h)).toEqual([]);
      f.refcount += 1;
      expect(names(h)).toContain("refcount");
    }
  });

  it("catches swap counts that disagree with swap PTEs, and leaked slots", () => {
    const h = forked("5.10");
    const slot = asSwapSlot(h.world.nextSlot++);
    h.world.swap.set(slot, { count: 2, value: 1, cache: null });
    h.world.mms.get(P)?.ptes.set(BUF + 1, { present: false, slot, softDirty: false, uffdWp: false, exclusive: false });
    expect(names(h)).toContain("swap-count");
    const leaked = forked("5.10");
    leaked.world.swap.set(asSwapSlot(5), { count: 0, value: 1, cache: null });
    expect(names(leaked)).toContain("swap-count");
  });

  it("catches PG_anon_exclusive rules broken from 5.19", () => {
    const shared = forked("5.19");
    shared.frame(P, BUF).anonExclusive = true;
    expect(names(shared)).toContain("exclusive-one-mm");
    const writable = forked("5.19");
    writable.present(C, BUF).write = true;
    expect(names(writable)).toContain("writable-anon-exclusive");
    const early = forked("5.18");
    early.frame(P, BUF).anonExclusive = true;
    expect(names(early)).toContain("exclusive-era");
  });

  it("catches a writable private PTE on a page mapped twice in any era (a missed COW)", () => {
    const h = forked("5.4");
    h.present(C, BUF).write = true;
    expect(names(h)).toEqual(["writable-private-single"]);
  });

  it("catches a writable PTE in a VMA without VM_WRITE and a PTE outside every VMA", () => {
    const h = forked("5.10");
    const mm = h.world.mms.get(P);
    const v = mm?.vmas[0];
    if (v !== undefined) v.write = false;
    h.present(P, BUF).write = true;
    expect(names(h)).toContain("pte-write");
    h.world.mms.get(C)?.ptes.set(BUF + 50, { present: true, pfn: h.world.zeroPfn, write: false, dirty: false, softDirty: false, uffdWp: false });
    expect(names(h)).toContain("pte-in-vma");
  });
});
