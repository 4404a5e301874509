import { describe, expect, it } from "vitest";
import type { Ctx } from "../../../src/kernel/context.js";
import {
  chooseSmallPageReuse,
  reuseByMapcount,
  reuseByRefcount,
  reuseByRefcountStrict,
  reuseExclusiveOrRefcount,
} from "../../../src/kernel/decisions/smallPageReuse.js";
import { asSwapSlot } from "../../../src/kernel/ids.js";
import type { Frame } from "../../../src/kernel/state.js";
import { BUF, P, drain, harness, mmapOp, writeOp } from "../harness.js";
import type { Harness } from "../harness.js";

/** A written page of P at BUF, drained to the LRU unless `batched`. */
function page(version: string, batched = false): { h: Harness; ctx: Ctx; f: Frame } {
  const h = harness(version);
  h.run(mmapOp(P, BUF, 1));
  h.run(writeOp(P, BUF, 65));
  if (!batched) drain(h);
  return { h, ctx: { world: h.world, policy: h.policy, events: [] }, f: h.frame(P, BUF) };
}

/** Puts the page in the swap cache of a new slot that `ptes` swap PTEs elsewhere name. */
function inSwapCache(h: Harness, f: Frame, ptes: number): void {
  const slot = asSwapSlot(h.world.nextSlot++);
  h.world.swap.set(slot, { count: ptes, value: f.value, cache: f.pfn });
  f.swapCache = slot;
  f.refcount++;
}

describe("smallPageReuse", () => {
  it("reuseByMapcount ignores extra references and reuses a page mapped once", () => {
    const { ctx, f } = page("5.4", true);
    f.refcount += 1024;
    expect(reuseByMapcount(ctx, f).reuse).toBe(true);
  });

  it("reuseByMapcount copies a page mapped twice", () => {
    const { ctx, f } = page("5.4");
    f.mapcount = 2;
    expect(reuseByMapcount(ctx, f)).toMatchObject({ reuse: false });
  });

  it("reuseByMapcount counts swap PTEs and drops the swap cache when the sum is 1", () => {
    const { h, ctx, f } = page("5.4");
    inSwapCache(h, f, 1);
    expect(reuseByMapcount(ctx, f).reuse).toBe(false);
    const other = page("5.4");
    inSwapCache(other.h, other.f, 0);
    expect(reuseByMapcount(other.ctx, other.f).reuse).toBe(true);
    expect(other.f.swapCache).toBeNull();
    expect(other.f.refcount).toBe(1);
    expect(other.h.world.swap.size).toBe(0);
  });

  it("reuseByRefcountStrict copies for any reference beyond the mapping, the LRU batch's too", () => {
    expect(reuseByRefcountStrict(page("5.10").ctx, page("5.10").f).reuse).toBe(true);
    const young = page("5.10", true);
    expect(reuseByRefcountStrict(young.ctx, young.f)).toEqual({ reuse: false, why: "do_wp_page: page_count 2 != 1 (mapcount 1 + LRU batch), copy" });
  });

  it("reuseByRefcount drains the LRU batch for a page not on the LRU, then reuses", () => {
    const { h, ctx, f } = page("5.18", true);
    expect(reuseByRefcount(ctx, f).reuse).toBe(true);
    expect(f.onLru).toBe(true);
    expect(h.world.lruBatch).toEqual([]);
  });

  it("reuseByRefcount bails out above three references without draining", () => {
    const { h, ctx, f } = page("5.18", true);
    f.refcount += 2;
    expect(reuseByRefcount(ctx, f).reuse).toBe(false);
    expect(h.world.lruBatch).toEqual([f.pfn]);
  });

  it("reuseByRefcount frees an unused swap cache and reuses", () => {
    const { h, ctx, f } = page("5.18");
    inSwapCache(h, f, 0);
    expect(reuseByRefcount(ctx, f).reuse).toBe(true);
    expect(f.swapCache).toBeNull();
  });

  it("reuseByRefcount copies when another swap PTE still needs the swap cache", () => {
    const { h, ctx, f } = page("5.18");
    inSwapCache(h, f, 1);
    expect(reuseByRefcount(ctx, f).reuse).toBe(false);
    expect(f.swapCache).not.toBeNull();
  });

  it("reuseExclusiveOrRefcount reuses an exclusive page whatever its references", () => {
    const { ctx, f } = page("5.19");
    f.refcount += 1024;
    expect(reuseExclusiveOrRefcount(ctx, f).reuse).toBe(true);
    f.anonExclusive = false;
    expect(reuseExclusiveOrRefcount(ctx, f).reuse).toBe(false);
  });

  it("chooses the test of each era", () => {
    expect(chooseSmallPageReuse(page("4.9").h.policy)).toBe(reuseByMapcount);
    expect(chooseSmallPageReuse(page("5.8").h.policy)).toBe(reuseByMapcount);
    expect(chooseSmallPageReuse(page("5.9").h.policy)).toBe(reuseByRefcountStrict);
    expect(chooseSmallPageReuse(page("5.17").h.policy)).toBe(reuseByRefcountStrict);
    expect(chooseSmallPageReuse(page("5.18").h.policy)).toBe(reuseByRefcount);
    expect(chooseSmallPageReuse(page("5.19").h.policy)).toBe(reuseExclusiveOrRefcount);
    expect(chooseSmallPageReuse(page("6.18").h.policy)).toBe(reuseExclusiveOrRefcount);
  });
});
