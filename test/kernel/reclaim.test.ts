import { describe, expect, it } from "vitest";
import { BUF, C, forkOp, harness, madviseOp, mmapOp, P, writeOp } from "./harness.js";
import { A, B, ok, pinOp, pinReadOp, pipeReadOp, readOne, reclaimOp, valueOf, vmspliceOp } from "./gupHarness.js";

/** S22: P writes A, takes a R/W long-term pin, MADV_PAGEOUT, (reads,) writes B; the device reads. */
function s22(version: string, readFirst: boolean): number {
  const h = harness(version);
  ok(h, mmapOp(P, BUF, 1));
  ok(h, writeOp(P, BUF, A));
  ok(h, pinOp(P, BUF, { write: true }));
  ok(h, madviseOp(P, BUF, 1, "pageout"));
  if (readFirst) expect(readOne(h, P, BUF)).toBe(A);
  ok(h, writeOp(P, BUF, B));
  return valueOf(h.run(pinReadOp(P)));
}

describe("reclaim", () => {
  describe("S22: pin + MADV_PAGEOUT + CPU write", () => {
    it.each(["5.4", "5.8", "5.10"])("stays coherent on a direct write on %s (swap-in reuse by mapcount)", (v) => {
      expect(s22(v, false)).toBe(B);
    });
    it.each(["5.4", "5.8"])("stays coherent after a read on %s", (v) => expect(s22(v, true)).toBe(B));
    it.each(["5.9", "5.10"])("loses the device's view after a read on %s", (v) => expect(s22(v, true)).toBe(A));
    it.each(["5.11", "5.18", "5.19", "6.18"])("keeps the pinned page mapped on %s", (v) => {
      expect(s22(v, false)).toBe(B);
      expect(s22(v, true)).toBe(B);
    });
  });

  it.each([
    ["5.10", false],
    ["5.11", true],
    ["6.18", true],
  ] as const)("on %s a pinned page not in the swap cache stays mapped: %s", (v, kept) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, pinOp(P, BUF, { write: true }));
    ok(h, reclaimOp(P, BUF));
    expect(h.pte(P, BUF)?.present).toBe(kept);
    if (!kept) expect(h.pagemap(P, BUF).swapped).toBe(true);
  });

  it("unmaps a pinned page already in the swap cache on 5.11 but refuses an exclusive one from 5.19", () => {
    const go = (v: string): boolean => {
      const h = harness(v);
      ok(h, mmapOp(P, BUF, 1));
      ok(h, writeOp(P, BUF, A));
      ok(h, reclaimOp(P, BUF));
      expect(readOne(h, P, BUF)).toBe(A); // read swap-in: the page stays in the swap cache
      ok(h, pinOp(P, BUF)); // R/O: no fault, so the pin lands on the swap-cache page
      expect(h.frame(P, BUF).swapCache).not.toBeNull();
      ok(h, reclaimOp(P, BUF));
      return h.pte(P, BUF)?.present === true;
    };
    expect(go("5.11")).toBe(false);
    expect(go("5.19")).toBe(true);
  });

  it("pages out a page with a pipe reference but keeps it in the swap cache (§10.8)", () => {
    const h = harness("6.18");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, vmspliceOp(P, BUF));
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(h.pagemap(P, BUF).swapped).toBe(true);
    const slot = (h.pte(P, BUF) as { slot: number }).slot;
    expect(h.world.swap.get(slot as never)?.cache).not.toBeNull();
    expect(valueOf(h.run(pipeReadOp(P)))).toBe(A);
    expect(readOne(h, P, BUF)).toBe(A);
  });

  it("skips a page mapped by two processes on MADV_PAGEOUT but reclaims it on a reclaim event", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, forkOp(P, C));
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(h.pte(P, BUF)?.present).toBe(true);
    ok(h, reclaimOp(P, BUF));
    expect(h.pte(P, BUF)?.present).toBe(false);
    expect(h.pte(C, BUF)?.present).toBe(false);
    expect(readOne(h, C, BUF)).toBe(A);
  });

  it("drains the LRU batch before paging out, so a fresh page is freed", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    expect(h.world.lruBatch.length).toBe(1);
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(h.world.lruBatch.length).toBe(0);
    expect(h.world.frames.size).toBe(1);
  });

  it("does not exist before 5.4 (EINVAL)", () => {
    const h = harness("5.3");
    ok(h, mmapOp(P, BUF, 1));
    expect(h.run(madviseOp(P, BUF, 1, "pageout"))).toMatchObject({ kind: "error", errno: "EINVAL" });
  });

  it("leaves the zero page and an unmapped address alone", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 2));
    expect(h.read(P, BUF)).toEqual([0]);
    ok(h, reclaimOp(P, BUF));
    ok(h, reclaimOp(P, BUF + 1));
    expect(h.present(P, BUF).pfn).toBe(h.world.zeroPfn);
    expect(h.world.swap.size).toBe(0);
  });
});
