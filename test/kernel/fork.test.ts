import { describe, expect, it } from "vitest";
import { customPolicy } from "../../src/history/index.js";
import { asSwapSlot } from "../../src/kernel/ids.js";
import type { SwapPte } from "../../src/kernel/state.js";
import {
  BUF, C, G, P, drain, fakePin, forkOp, harness, madviseOp, mmapOp, pfnOf, policyOf, readOp, writeOp,
} from "./harness.js";
import type { Harness } from "./harness.js";

const A = 65;
const B = 66;

/** P maps one page, writes A, pins it (faked), and forks C. */
function pinnedFork(version: string): Harness {
  const h = harness(version);
  h.run(mmapOp(P, BUF, 1));
  h.run(writeOp(P, BUF, A));
  drain(h);
  fakePin(h, P, BUF);
  h.run(forkOp(P, C));
  return h;
}

describe("fork", () => {
  it("shares a private page write-protected in parent and child", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    drain(h);
    h.run(forkOp(P, C));
    expect(pfnOf(h, C, BUF)).toBe(pfnOf(h, P, BUF));
    expect(h.present(P, BUF).write).toBe(false);
    expect(h.present(C, BUF)).toMatchObject({ write: false, dirty: true });
    expect(h.frame(P, BUF)).toMatchObject({ mapcount: 2, refcount: 2 });
    expect(h.read(C, BUF)).toEqual([A]);
  });

  it("clears PG_anon_exclusive of a shared page from 5.19", () => {
    const h = harness("5.19");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
    h.run(forkOp(P, C));
    expect(h.frame(P, BUF).anonExclusive).toBe(false);
  });

  it("ignores pins before 5.9: the pinned page is shared", () => {
    for (const v of ["5.7", "5.8"]) {
      const h = pinnedFork(v);
      expect(pfnOf(h, C, BUF)).toBe(pfnOf(h, P, BUF));
      expect(h.present(P, BUF).write).toBe(false);
    }
  });

  it("copies a maybe-pinned page for the child from 5.9, leaving the parent's PTE writable (70e806e4e645)", () => {
    for (const v of ["5.9", "5.18", "5.19", "6.18"]) {
      const h = pinnedFork(v);
      expect(pfnOf(h, C, BUF)).not.toBe(pfnOf(h, P, BUF));
      expect(h.present(P, BUF).write).toBe(true);
      expect(h.present(C, BUF)).toMatchObject({ write: true, dirty: true });
      expect(h.frame(C, BUF)).toMatchObject({ value: A, mapcount: 1, inLruBatch: true });
      const copy = h.events.find((e) => e.kind === "fork-copy");
      expect(copy).toMatchObject({ pfn: pfnOf(h, P, BUF), to: pfnOf(h, C, BUF) });
      expect(copy?.decision?.knob).toBe("forkCopiesPinned");
    }
  });

  it("keeps both exclusive after a copy at fork from 5.19", () => {
    const h = pinnedFork("5.19");
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
    expect(h.frame(C, BUF).anonExclusive).toBe(true);
  });

  it("shares a page with many references when the mm never pinned (has_pinned clear)", () => {
    const h = pinnedFork("5.10");
    // The child never pinned: its pages look pinned by refcount only after a fork copy, never by has_pinned.
    expect(h.world.mms.get(C)?.hasPinned).toBe(false);
    h.run(forkOp(C, G));
    expect(pfnOf(h, G, BUF)).toBe(pfnOf(h, C, BUF));
  });

  it("gives the child a hole for a VM_DONTCOPY VMA", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(madviseOp(P, BUF, 1, "dontfork"));
    h.run(forkOp(P, C));
    expect(h.run(readOp(C, BUF))).toEqual({ kind: "segv", vpn: BUF });
    expect(h.read(P, BUF)).toEqual([A]);
  });

  it("gives the child an empty VMA for VM_WIPEONFORK", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 2));
    h.run(writeOp(P, BUF, A, 2));
    h.run(madviseOp(P, BUF, 1, "wipeonfork"));
    h.run(forkOp(P, C));
    expect(h.pte(C, BUF)).toBeUndefined();
    expect(h.read(C, BUF, 2)).toEqual([0, A]);
    expect(h.read(P, BUF, 2)).toEqual([A, A]);
    expect(h.world.mms.get(C)?.vmas.map((v) => [v.start, v.end, v.wipeOnFork])).toEqual([
      [BUF, BUF + 1, true],
      [BUF + 1, BUF + 2, false],
    ]);
  });

  it("copies no PTEs of a VMA without an anon_vma (linux-cow-eras.md §10.1)", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(readOp(P, BUF));
    h.run(forkOp(P, C));
    expect(h.pte(C, BUF)).toBeUndefined();
    expect(h.pagemap(C, BUF).present).toBe(false);
    expect(h.read(C, BUF)).toEqual([0]);
  });

  it("copies zero-page PTEs of a VMA that has an anon_vma", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 2));
    h.run(readOp(P, BUF));
    h.run(writeOp(P, BUF + 1, A));
    h.run(forkOp(P, C));
    expect(h.present(C, BUF).pfn).toBe(h.world.zeroPfn);
  });

  it("copies no PTEs of a shared anonymous VMA; the child faults the same shmem page", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "rw", true));
    h.run(writeOp(P, BUF, A));
    h.run(forkOp(P, C));
    expect(h.pte(C, BUF)).toBeUndefined();
    h.run(writeOp(C, BUF, B));
    expect(h.read(P, BUF)).toEqual([B]);
    expect(pfnOf(h, C, BUF)).toBe(pfnOf(h, P, BUF));
  });

  it("duplicates a swap entry and clears swp_exclusive in the parent from 5.19", () => {
    for (const [v, exclusive] of [["5.18", false], ["5.19", true]] as const) {
      const h = harness(v);
      h.run(mmapOp(P, BUF, 2));
      h.run(writeOp(P, BUF + 1, A));
      const slot = asSwapSlot(h.world.nextSlot++);
      h.world.swap.set(slot, { count: 1, value: B, cache: null });
      h.world.mms.get(P)?.ptes.set(BUF, { present: false, slot, softDirty: true, uffdWp: false, exclusive });
      h.run(forkOp(P, C));
      expect(h.world.swap.get(slot)?.count).toBe(2);
      expect((h.pte(P, BUF) as SwapPte).exclusive).toBe(false);
      expect(h.pte(C, BUF)).toMatchObject({ present: false, slot, softDirty: true, exclusive: false });
    }
  });

  it("starts the child with has_pinned clear", () => {
    const h = pinnedFork("6.1");
    expect(h.world.mms.get(P)?.hasPinned).toBe(true);
    expect(h.world.mms.get(C)?.hasPinned).toBe(false);
  });

  it("refuses to fork into a pid that exists", () => {
    const h = harness("6.1", [P, C]);
    expect(h.run(forkOp(P, C))).toMatchObject({ kind: "error", errno: "EINVAL" });
  });

  it("copies every private page at fork under the test-only \"always\" policy", () => {
    const h = harness(customPolicy(policyOf("5.10"), { forkCopiesPinned: "always" }));
    h.run(mmapOp(P, BUF, 3));
    h.run(writeOp(P, BUF, A));
    h.run(readOp(P, BUF + 2));
    const slot = asSwapSlot(h.world.nextSlot++);
    h.world.swap.set(slot, { count: 1, value: B, cache: null });
    h.world.mms.get(P)?.ptes.set(BUF + 1, { present: false, slot, softDirty: false, uffdWp: false, exclusive: false });
    h.run(forkOp(P, C));
    expect(pfnOf(h, C, BUF)).not.toBe(pfnOf(h, P, BUF));
    expect(h.present(P, BUF).write).toBe(true);
    expect(h.frame(C, BUF)).toMatchObject({ value: A, mapcount: 1 });
    expect(h.present(C, BUF + 1)).toMatchObject({ write: true, dirty: true });
    expect(h.frame(C, BUF + 1).value).toBe(B);
    expect(h.world.swap.get(slot)?.count).toBe(1);
    expect(h.present(C, BUF + 2).pfn).toBe(h.world.zeroPfn);
    h.run(writeOp(C, BUF, B));
    expect(h.events.some((e) => e.kind === "fault")).toBe(false);
    expect(h.read(P, BUF)).toEqual([A]);
  });
});
