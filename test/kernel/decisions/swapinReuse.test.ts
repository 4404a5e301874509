import { describe, expect, it } from "vitest";
import type { Ctx } from "../../../src/kernel/context.js";
import { chooseSwapinReuse, reuseByMapcountSwapcount, reuseExclusiveOrFreshOrRc1, reuseFreshOrRc1 } from "../../../src/kernel/decisions/swapinReuse.js";
import type { SwapinInput } from "../../../src/kernel/decisions/swapinReuse.js";
import { allocFrame } from "../../../src/kernel/frame.js";
import { lruCacheAdd } from "../../../src/kernel/lru.js";
import { addToSwap, swapDuplicate } from "../../../src/kernel/swapSlots.js";
import { createWorld } from "../../../src/kernel/world.js";
import { P, policyOf } from "../harness.js";
import { swapPteWith, vmaWith } from "./vmaFixture.js";

/**
 * A page just read from swap for a fault: the caller's reference, the swap cache's and the LRU
 * batch's; `ptes` swap PTEs still name the slot (the faulting one included).
 */
function swapinCase(version: string, write: boolean, ptes = 1, exclusive = false): { ctx: Ctx; input: SwapinInput } {
  const ctx: Ctx = { world: createWorld([P]), policy: policyOf(version), events: [] };
  const frame = allocFrame(ctx, 0x41, "test");
  const slot = addToSwap(ctx, frame);
  frame.dirty = false;
  lruCacheAdd(ctx, frame);
  for (let i = 0; i < ptes; i++) swapDuplicate(ctx, slot);
  return { ctx, input: { frame, slot, swapPte: swapPteWith({ slot, exclusive }), vma: vmaWith(), write, fresh: false } };
}

describe("swapinReuse", () => {
  it.each([
    ["5.17", reuseByMapcountSwapcount],
    ["5.18", reuseFreshOrRc1],
    ["5.19", reuseExclusiveOrFreshOrRc1],
  ] as const)("picks the %s rule", (v, f) => expect(chooseSwapinReuse(policyOf(v))).toBe(f));

  describe("mapcount-swapcount (..5.17)", () => {
    it("reuses a sole swap PTE's page on a write fault, dropping the swap cache and the slot", () => {
      const { ctx, input } = swapinCase("5.10", true);
      expect(reuseByMapcountSwapcount(ctx, input)).toMatchObject({ writable: true, dirty: true, handled: true });
      expect(input.frame.swapCache).toBeNull();
      expect(ctx.world.swap.size).toBe(0);
    });
    it("ignores every extra reference: the LRU batch's does not stop reuse", () => {
      const { ctx, input } = swapinCase("5.10", true);
      input.frame.refcount += 5;
      expect(reuseByMapcountSwapcount(ctx, input).writable).toBe(true);
    });
    it("maps read-only when another swap PTE names the slot", () => {
      const { ctx, input } = swapinCase("5.10", true, 2);
      expect(reuseByMapcountSwapcount(ctx, input)).toMatchObject({ writable: false, handled: false });
      expect(ctx.world.swap.get(input.slot)?.count).toBe(1);
    });
    it("maps a read fault read-only and keeps the page in the swap cache", () => {
      const { ctx, input } = swapinCase("5.10", false);
      expect(reuseByMapcountSwapcount(ctx, input).writable).toBe(false);
      expect(ctx.world.swap.get(input.slot)).toMatchObject({ count: 0, cache: input.frame.pfn });
    });
  });

  describe("fresh-or-rc1 (5.18)", () => {
    it("drains the batch and frees the swap cache on a write fault, then reuses at refcount 1", () => {
      const { ctx, input } = swapinCase("5.18", true);
      expect(reuseFreshOrRc1(ctx, input).writable).toBe(true);
      expect(input.frame).toMatchObject({ refcount: 1, swapCache: null, onLru: true });
    });
    it("maps read-only when the slot is still shared, since the swap cache cannot go", () => {
      const { ctx, input } = swapinCase("5.18", true, 2);
      expect(reuseFreshOrRc1(ctx, input).writable).toBe(false);
      expect(input.frame.swapCache).not.toBeNull();
    });
    it("maps a read fault read-only without draining", () => {
      const { ctx, input } = swapinCase("5.18", false);
      expect(reuseFreshOrRc1(ctx, input).writable).toBe(false);
      expect(input.frame.inLruBatch).toBe(true);
    });
  });

  describe("exclusive-or-fresh-or-rc1 (5.19+)", () => {
    it("trusts swp_exclusive even with extra references, and maps it exclusive on a read", () => {
      const { ctx, input } = swapinCase("5.19", false, 1, true);
      input.frame.refcount += 1;
      expect(reuseExclusiveOrFreshOrRc1(ctx, input)).toMatchObject({ exclusive: true, writable: false });
    });
    it("falls back to refcount 1 without the bit", () => {
      const { ctx, input } = swapinCase("5.19", true);
      expect(reuseExclusiveOrFreshOrRc1(ctx, input)).toMatchObject({ exclusive: true, writable: true });
      const shared = swapinCase("5.19", true, 2);
      expect(reuseExclusiveOrFreshOrRc1(shared.ctx, shared.input)).toMatchObject({ exclusive: false, writable: false });
    });
    it("never maps a KSM page exclusive", () => {
      const { ctx, input } = swapinCase("6.1", true, 1, true);
      input.frame.ksm = true;
      expect(reuseExclusiveOrFreshOrRc1(ctx, input).exclusive).toBe(false);
    });
  });
});
