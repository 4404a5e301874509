// The shmem object behind a MAP_SHARED anonymous mapping (mm/shmem.c): its page cache
// (index -> page), the swap entries that replace pages written out by reclaim, and the
// object's creation and release. Indexes are vpns: such a mapping never moves in the model.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { allocFrame, frameOf, putPage } from "./frame.js";
import type { Pfn, SwapSlot, Vpn } from "./ids.js";
import { asSwapSlot } from "./ids.js";
import { lruCacheAdd } from "./lru.js";
import type { Frame, Vma, World } from "./state.js";
import { freeSwapAndCache, swapEntryOf, swapFree } from "./swapSlots.js";

/** Where a page sits in the shmem page cache. */
export interface ShmemIndex {
  readonly object: number;
  readonly index: number;
}

/** shmem_zero_setup: a new, empty object (no pages, no swap entries). */
export function createShmemObject(ctx: Ctx): number {
  const id = ctx.world.nextShmem++;
  ctx.world.shmem.set(id, new Map());
  ctx.world.shmemSwap.set(id, new Map());
  return id;
}

/**
 * The last mapping of an object is gone (shmem_evict_inode → shmem_undo_range): the page cache
 * drops its reference on each page and each swap entry gives back its swap count.
 */
export function releaseShmemObject(ctx: Ctx, id: number): void {
  const pages = ctx.world.shmem.get(id);
  const slots = ctx.world.shmemSwap.get(id);
  ctx.world.shmem.delete(id);
  ctx.world.shmemSwap.delete(id);
  for (const pfn of pages?.values() ?? []) putPage(ctx, pfn);
  for (const slot of slots?.values() ?? []) freeSwapAndCache(ctx, slot);
}

/** The page-cache map of a shared VMA's object. Throws when the object is gone: a model bug. */
export function shmemPages(world: World, vma: Vma): Map<number, Pfn> {
  // A shared VMA always names its object; mmap creates both together.
  if (vma.shmem === null) throw new Error("model bug: shared VMA without a shmem object");
  const pages = world.shmem.get(vma.shmem);
  if (pages === undefined) throw new Error(`model bug: shmem object ${vma.shmem} is gone while mapped`);
  return pages;
}

function shmemSlots(world: World, object: number): Map<number, SwapSlot> {
  const slots = world.shmemSwap.get(object);
  // createShmemObject makes both maps; releaseShmemObject drops both.
  if (slots === undefined) throw new Error(`model bug: shmem object ${object} has no swap map`);
  return slots;
}

/**
 * shmem_get_folio (shmem_getpage_gfp before 5.18): the object's page at this address — found in
 * the page cache, read back from swap, or allocated zeroed on first touch (then it waits in the
 * LRU add batch like any new page).
 */
export function shmemGetPage(ctx: Ctx, vma: Vma, vpn: Vpn): Frame {
  const pages = shmemPages(ctx.world, vma);
  const pfn = pages.get(vpn);
  if (pfn !== undefined) return frameOf(ctx.world, pfn);
  const object = vma.shmem as number;
  const slot = shmemSlots(ctx.world, object).get(vpn);
  if (slot !== undefined) return shmemSwapin(ctx, { object, index: vpn }, slot);
  const frame = allocFrame(ctx, 0, "shmem_get_folio: new zeroed shmem page");
  frame.anon = false;
  pages.set(vpn, frame.pfn);
  lruCacheAdd(ctx, frame);
  return frame;
}

/**
 * shmem_swapin_folio (shmem_swapin_page before 5.18): read the slot into a new page, put it back
 * in the page cache in place of the swap entry, then delete_from_swap_cache, folio_mark_dirty and
 * swap_free — a page never lives in both the page cache and the swap cache.
 */
function shmemSwapin(ctx: Ctx, at: ShmemIndex, slot: SwapSlot): Frame {
  const value = swapEntryOf(ctx.world, slot).value;
  const frame = allocFrame(ctx, value, `shmem_swapin_folio: read swap slot ${slot} back into the page cache`);
  frame.anon = false;
  frame.dirty = true;
  ctx.world.shmem.get(at.object)?.set(at.index, frame.pfn);
  shmemSlots(ctx.world, at.object).delete(at.index);
  lruCacheAdd(ctx, frame);
  swapFree(ctx, slot);
  emit(ctx, { kind: "swap-in", pfn: frame.pfn, text: `shmem_swapin_folio: slot ${slot} read back, swap entry freed` });
  return frame;
}

/** The object and index of a page in some shmem page cache, or null (an anon page). */
export function shmemIndexOf(world: World, pfn: Pfn): ShmemIndex | null {
  for (const [object, pages] of world.shmem) {
    for (const [index, p] of pages) if (p === pfn) return { object, index };
  }
  return null;
}

/**
 * shmem_writepage (shmem_writeout from 6.16) on the reclaim path, with a synchronous swap device:
 * the page moves to a new swap slot (shmem keeps the swap entry in its page cache, which holds
 * the slot's one swap count), is written, leaves the swap cache and is freed (__remove_mapping).
 * The caller has checked that the page cache holds the only reference. A clean page would be
 * dropped instead; both give the same data on the next fault, so every page is written.
 */
export function shmemWritepage(ctx: Ctx, frame: Frame, at: ShmemIndex): SwapSlot {
  const w = ctx.world;
  const slot = asSwapSlot(w.nextSlot++);
  w.swap.set(slot, { count: 1, value: frame.value, cache: null });
  w.shmem.get(at.object)?.delete(at.index);
  shmemSlots(w, at.object).set(at.index, slot);
  frame.dirty = false;
  emit(ctx, { kind: "swap-out", pfn: frame.pfn, text: `shmem_writepage: page written to swap slot ${slot}, its page-cache entry becomes the swap entry` });
  putPage(ctx, frame.pfn);
  return slot;
}
