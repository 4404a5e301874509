// Swap slot accounting on the one swap device (mm/swapfile.c swap_map counts, mm/swap_state.c
// add_to_swap): a slot lives while a swap PTE names it or a page sits in its swap cache.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { frameOf } from "./frame.js";
import type { SwapSlot } from "./ids.js";
import { asSwapSlot } from "./ids.js";
import type { Frame, SwapEntry, World } from "./state.js";
import { tryToFreeSwap } from "./zap.js";
import { modelBug } from "./modelBug.js";

/** The entry of a slot a PTE or page names. Throws for a freed slot: a model bug. */
export function swapEntryOf(world: World, slot: SwapSlot): SwapEntry {
  const entry = world.swap.get(slot);
  // A swap PTE or a swap-cache page keeps its slot allocated, so a lookup cannot miss.
  if (entry === undefined) throw modelBug("swap slot", slot, "is not allocated");
  return entry;
}

/**
 * add_to_swap: allocates a slot and puts the page in its swap cache (+1 reference, page dirtied).
 * The slot's value is the page's until write-out replaces it (nothing reads it before then).
 */
export function addToSwap(ctx: Ctx, frame: Frame): SwapSlot {
  const w = ctx.world;
  const slot = asSwapSlot(w.nextSlot++);
  w.swap.set(slot, { count: 0, value: frame.value, cache: frame.pfn });
  frame.swapCache = slot;
  frame.refcount++;
  frame.dirty = true;
  emit(ctx, { kind: "swap-out", pfn: frame.pfn, text: `add_to_swap: page enters the swap cache of slot ${slot}` });
  return slot;
}

/** Frees a slot no swap PTE and no cache page needs any more. */
function releaseSlotIfUnused(ctx: Ctx, slot: SwapSlot, entry: SwapEntry, why: string): void {
  // delete_from_swap_cache may have freed it already when the count was zero.
  if (entry.count > 0 || entry.cache !== null || !ctx.world.swap.has(slot)) return;
  ctx.world.swap.delete(slot);
  emit(ctx, { kind: "swap-free", text: `${why}: swap slot ${slot} freed` });
}

/** swap_duplicate: fork copied a swap PTE (swap count + 1). */
export function swapDuplicate(ctx: Ctx, slot: SwapSlot): void {
  swapEntryOf(ctx.world, slot).count++;
}

/** swap_free: a swap PTE became present again (swap count - 1); a cache page keeps the slot. */
export function swapFree(ctx: Ctx, slot: SwapSlot): void {
  const entry = swapEntryOf(ctx.world, slot);
  entry.count--;
  releaseSlotIfUnused(ctx, slot, entry, "swap_free");
}

/**
 * free_swap_and_cache: a swap PTE was zapped (swap count - 1). At zero, a cache page that no PTE
 * maps leaves the swap cache too (__try_to_reclaim_swap with TTRS_UNMAPPED); a mapped one keeps
 * the slot until it is unmapped or reused.
 */
export function freeSwapAndCache(ctx: Ctx, slot: SwapSlot): void {
  const entry = swapEntryOf(ctx.world, slot);
  entry.count--;
  if (entry.count === 0 && entry.cache !== null) {
    const frame = frameOf(ctx.world, entry.cache);
    if (frame.mapcount === 0) tryToFreeSwap(ctx, frame, "free_swap_and_cache");
  }
  releaseSlotIfUnused(ctx, slot, entry, "free_swap_and_cache");
}
