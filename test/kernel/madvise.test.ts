import { describe, expect, it } from "vitest";
import { BUF, P, drain, fakePin, harness, madviseOp, mmapOp, pfnOf, policyOf, writeOp } from "./harness.js";

const A = 65;

describe("madvise", () => {
  it("drops a private page on MADV_DONTNEED: the next read sees zero and the frame is freed", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    const pfn = pfnOf(h, P, BUF);
    h.run(madviseOp(P, BUF, 1, "dontneed"));
    expect(h.world.frames.has(pfn)).toBe(false);
    expect(h.read(P, BUF)).toEqual([0]);
  });

  it("keeps a pinned page alive but detached after MADV_DONTNEED (S25)", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    fakePin(h, P, BUF);
    const pinned = h.frame(P, BUF);
    h.run(madviseOp(P, BUF, 1, "dontneed"));
    h.run(writeOp(P, BUF, 66));
    expect(pinned.value).toBe(A);
    expect(h.world.frames.get(pinned.pfn)?.mapcount).toBe(0);
  });

  it("drains the LRU batch on MADV_DONTNEED only until 6.13", () => {
    for (const [v, drains] of [["6.13", true], ["6.14", false]] as const) {
      const h = harness(v);
      h.run(mmapOp(P, BUF, 2));
      h.run(writeOp(P, BUF, A, 2));
      h.run(madviseOp(P, BUF, 1, "dontneed"));
      expect(h.world.lruBatch.length).toBe(drains ? 0 : 2);
    }
  });

  it("keeps shared anonymous data on MADV_DONTNEED", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "rw", true));
    h.run(writeOp(P, BUF, A));
    h.run(madviseOp(P, BUF, 1, "dontneed"));
    expect(h.pte(P, BUF)).toBeUndefined();
    expect(h.read(P, BUF)).toEqual([A]);
  });

  it("applies advice to the mapped part and still fails with ENOMEM over a hole", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    expect(h.run(madviseOp(P, BUF, 3, "dontneed"))).toMatchObject({ kind: "error", errno: "ENOMEM" });
    expect(h.pte(P, BUF)).toBeUndefined();
    expect(h.run(madviseOp(P, BUF + 5, 1, "dontfork"))).toMatchObject({ kind: "error", errno: "ENOMEM" });
  });

  it("rejects MADV_WIPEONFORK before 4.14 and on shared mappings", () => {
    const old = harness("4.13");
    old.run(mmapOp(P, BUF, 1));
    expect(old.run(madviseOp(P, BUF, 1, "wipeonfork"))).toMatchObject({ kind: "error", errno: "EINVAL" });
    const h = harness("4.14");
    h.run(mmapOp(P, BUF, 1, "rw", true));
    expect(h.run(madviseOp(P, BUF, 1, "wipeonfork"))).toMatchObject({ kind: "error", errno: "EINVAL" });
    h.run(mmapOp(P, BUF + 1, 1));
    expect(h.run(madviseOp(P, BUF + 1, 1, "wipeonfork"))).toEqual({ kind: "done" });
  });

  it("sets and clears VM_DONTCOPY and VM_WIPEONFORK, splitting and merging VMAs", () => {
    const h = harness("6.1");
    h.run(mmapOp(P, BUF, 3));
    const flags = () => h.world.mms.get(P)?.vmas.map((v) => [v.end - v.start, v.dontCopy, v.wipeOnFork]);
    h.run(madviseOp(P, BUF + 1, 1, "dontfork"));
    expect(flags()).toEqual([[1, false, false], [1, true, false], [1, false, false]]);
    h.run(madviseOp(P, BUF + 1, 1, "dofork"));
    h.run(madviseOp(P, BUF, 2, "wipeonfork"));
    expect(flags()).toEqual([[2, false, true], [1, false, false]]);
    h.run(madviseOp(P, BUF, 2, "keeponfork"));
    expect(flags()).toEqual([[3, false, false]]);
  });

  it("rejects MADV_PAGEOUT before 5.4", () => {
    const h = harness("5.3");
    h.run(mmapOp(P, BUF, 1));
    expect(h.run(madviseOp(P, BUF, 1, "pageout"))).toMatchObject({ kind: "error", errno: "EINVAL" });
  });

  it("reports THP advice as unsupported without changing anything", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    for (const a of ["hugepage", "nohugepage", "collapse"] as const) {
      expect(h.run(madviseOp(P, BUF, 1, a))).toEqual({ kind: "unsupported", feature: "transparent huge pages" });
    }
    expect(h.world.mms.get(P)?.vmas).toHaveLength(1);
    drain(h);
    expect(policyOf("6.18").madvisePageout).toBe(true);
  });
});
