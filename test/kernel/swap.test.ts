import { describe, expect, it } from "vitest";
import type { Ctx } from "../../src/kernel/context.js";
import { allocFrame } from "../../src/kernel/frame.js";
import { addToSwap, freeSwapAndCache, swapDuplicate, swapFree } from "../../src/kernel/swapSlots.js";
import { createWorld } from "../../src/kernel/world.js";
import { BUF, C, clearRefsOp, exitOp, forkOp, harness, mmapOp, munmapOp, P, policyOf, writeOp } from "./harness.js";
import { A, B, ok, pipeReadOp, readOne, reclaimOp, valueOf, vmspliceOp } from "./gupHarness.js";

function bareCtx(version = "5.10"): Ctx {
  return { world: createWorld([P]), policy: policyOf(version), events: [] };
}

describe("swap", () => {
  describe("slot accounting", () => {
    it("keeps a slot while its swap cache page lives, and frees it with the last count", () => {
      const ctx = bareCtx();
      const f = allocFrame(ctx, A, "test");
      const slot = addToSwap(ctx, f);
      expect(f.refcount).toBe(2);
      swapDuplicate(ctx, slot);
      swapDuplicate(ctx, slot);
      swapFree(ctx, slot);
      swapFree(ctx, slot);
      expect(ctx.world.swap.get(slot)).toMatchObject({ count: 0, cache: f.pfn });
    });

    it("drops an unmapped cache page and its slot when the last swap PTE is zapped", () => {
      const ctx = bareCtx();
      const f = allocFrame(ctx, A, "test");
      const slot = addToSwap(ctx, f);
      swapDuplicate(ctx, slot);
      f.refcount--; // only the swap cache holds it now
      freeSwapAndCache(ctx, slot);
      expect(ctx.world.swap.has(slot)).toBe(false);
      expect(ctx.world.frames.has(f.pfn)).toBe(false);
    });

    it("keeps a mapped cache page in the swap cache when the last swap PTE is zapped", () => {
      const ctx = bareCtx();
      const f = allocFrame(ctx, A, "test");
      f.mapcount = 1;
      const slot = addToSwap(ctx, f);
      swapDuplicate(ctx, slot);
      freeSwapAndCache(ctx, slot);
      expect(ctx.world.swap.get(slot)).toMatchObject({ count: 0, cache: f.pfn });
      expect(f.swapCache).toBe(slot);
    });

    it("frees a slot without a cache page at count zero", () => {
      const ctx = bareCtx();
      const f = allocFrame(ctx, A, "test");
      const slot = addToSwap(ctx, f);
      ctx.world.swap.set(slot, { count: 1, value: A, cache: null });
      swapFree(ctx, slot);
      expect(ctx.world.swap.has(slot)).toBe(false);
    });
  });

  it("swaps a page out and back in with its value, freeing the frame in between", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, reclaimOp(P, BUF));
    expect(h.pte(P, BUF)?.present).toBe(false);
    expect(h.world.frames.size).toBe(1);
    expect(h.pagemap(P, BUF)).toMatchObject({ present: false, swapped: true });
    expect(readOne(h, P, BUF)).toBe(A);
  });

  it("maps a read swap-in read-only and keeps the page in the swap cache until 5.17", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, reclaimOp(P, BUF));
    expect(readOne(h, P, BUF)).toBe(A);
    expect(h.present(P, BUF).write).toBe(false);
    const slot = h.frame(P, BUF).swapCache;
    expect(slot).not.toBeNull();
    expect(h.world.swap.get(slot as never)?.count).toBe(0);
  });

  it.each(["4.19", "5.10", "5.18", "5.19", "6.18"])("reuses the page on a write swap-in of a sole mapping on %s", (v) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, reclaimOp(P, BUF));
    ok(h, writeOp(P, BUF, B));
    expect(h.present(P, BUF)).toMatchObject({ write: true, dirty: true });
    expect(h.frame(P, BUF).swapCache).toBeNull();
    expect(h.world.swap.size).toBe(0);
  });

  it("remembers exclusivity in the swap PTE from 5.19 and maps the page exclusive on a read", () => {
    const h = harness("5.19");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, reclaimOp(P, BUF));
    expect(h.pte(P, BUF)).toMatchObject({ present: false, exclusive: true });
    expect(readOne(h, P, BUF)).toBe(A);
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
    expect(h.present(P, BUF).write).toBe(false);
  });

  it("maps an exclusive page writable on a read swap-in from 6.13, but not while soft-dirty tracking needs a fault", () => {
    const h = harness("6.13");
    ok(h, mmapOp(P, BUF, 2));
    ok(h, writeOp(P, BUF, A, 2));
    ok(h, reclaimOp(P, BUF));
    expect(readOne(h, P, BUF)).toBe(A);
    expect(h.present(P, BUF)).toMatchObject({ write: true, dirty: false });
    ok(h, reclaimOp(P, BUF + 1));
    ok(h, clearRefsOp(P));
    expect(readOne(h, P, BUF + 1)).toBe(A);
    expect(h.present(P, BUF + 1).write).toBe(false);
  });

  it("duplicates a swap PTE at fork and frees the slot when both processes are gone", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, reclaimOp(P, BUF));
    ok(h, forkOp(P, C));
    const slot = (h.pte(P, BUF) as { slot: number }).slot;
    expect(h.world.swap.get(slot as never)?.count).toBe(2);
    expect(readOne(h, C, BUF)).toBe(A);
    ok(h, exitOp(C));
    ok(h, exitOp(P));
    expect(h.world.swap.size).toBe(0);
    expect(h.world.frames.size).toBe(1);
  });

  describe("S6: vmsplice + munmap in the child, with the page swapped out before fork", () => {
    function s6(version: string): number {
      const h = harness(version);
      ok(h, mmapOp(P, BUF, 1));
      ok(h, writeOp(P, BUF, A));
      ok(h, reclaimOp(P, BUF));
      ok(h, forkOp(P, C));
      ok(h, vmspliceOp(C, BUF));
      ok(h, munmapOp(C, BUF));
      ok(h, writeOp(P, BUF, B));
      return valueOf(h.run(pipeReadOp(C)));
    }
    it.each(["4.19", "5.7", "5.10", "5.17"])("leaks through the swap-in reuse on %s", (v) => expect(s6(v)).toBe(B));
    it("copies in the child at vmsplice time on 5.8", () => expect(s6("5.8")).toBe(A));
    it.each(["5.18", "5.19", "6.1", "6.18"])("copies on the parent's swap-in write on %s", (v) => expect(s6(v)).toBe(A));
  });
});
