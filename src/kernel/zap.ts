// Clearing page-table entries (mm/memory.c zap_pte_range) and the swap-cache release the
// zap and fault paths make on the way (mm/swap_state.c free_swap_cache, mm/swapfile.c
// try_to_free_swap, delete_from_swap_cache).
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { frameOf, isZeroPfn, putPage } from "./frame.js";
import type { Vpn } from "./ids.js";
import type { Frame, Mm } from "./state.js";
import { freeSwapAndCache } from "./swap.js";
import { modelBug } from "./modelBug.js";

/**
 * delete_from_swap_cache: the page leaves the swap cache and drops the cache's reference; the
 * slot is freed when no swap PTE names it any more. The caller has checked the page may go.
 */
export function deleteFromSwapCache(ctx: Ctx, frame: Frame, why: string): void {
  const slot = frame.swapCache;
  // Callers test PageSwapCache first; reaching here without a slot is a model bug.
  if (slot === null) throw modelBug("pfn", frame.pfn, "is not in the swap cache");
  const entry = ctx.world.swap.get(slot);
  frame.swapCache = null;
  frame.dirty = true;
  if (entry !== undefined) {
    entry.cache = null;
    if (entry.count === 0) ctx.world.swap.delete(slot);
  }
  emit(ctx, { kind: "swap-free", pfn: frame.pfn, text: why });
  putPage(ctx, frame.pfn);
}

/** Swap PTEs still naming the page's slot (page_swapcount / __swap_count). */
export function swapCountOf(ctx: Ctx, frame: Frame): number {
  if (frame.swapCache === null) return 0;
  return ctx.world.swap.get(frame.swapCache)?.count ?? 0;
}

/**
 * try_to_free_swap / folio_free_swap: drop the page from the swap cache when no swap PTE needs
 * the slot any more (writeback is instantaneous in the model). True if it was dropped.
 */
export function tryToFreeSwap(ctx: Ctx, frame: Frame, caller: string): boolean {
  if (frame.swapCache === null || swapCountOf(ctx, frame) > 0) return false;
  deleteFromSwapCache(ctx, frame, `${caller}: try_to_free_swap, swap count 0, page leaves the swap cache`);
  return true;
}

/** free_swap_cache: a page no PTE maps any more leaves the swap cache if its slot is unused. */
function freeSwapCache(ctx: Ctx, frame: Frame): void {
  if (frame.swapCache !== null && frame.mapcount === 0) tryToFreeSwap(ctx, frame, "free_swap_cache");
}

/**
 * Clears the PTE at vpn: a present page loses one mapping and one reference (zap_pte_range, then
 * free_pages_and_swap_cache at the TLB flush); a swap entry loses one swap count.
 */
export function zapPte(ctx: Ctx, mm: Mm, vpn: Vpn): void {
  const pte = mm.ptes.get(vpn);
  if (pte === undefined) return;
  mm.ptes.delete(vpn);
  if (!pte.present) {
    freeSwapAndCache(ctx, pte.slot);
    return;
  }
  if (isZeroPfn(ctx.world, pte.pfn)) return;
  const frame = frameOf(ctx.world, pte.pfn);
  // set_page_dirty for a dirty PTE: the data must survive in the swap cache or shmem.
  if (pte.dirty) frame.dirty = true;
  frame.mapcount--;
  freeSwapCache(ctx, frame);
  putPage(ctx, frame.pfn);
}

/** zap_page_range over [start, end) of mm, in address order; returns how many PTEs were cleared. */
export function zapRange(ctx: Ctx, mm: Mm, start: Vpn, end: Vpn, caller: string): number {
  const vpns: Vpn[] = [];
  if (end - start <= mm.ptes.size) {
    for (let vpn = start; vpn < end; vpn++) if (mm.ptes.has(vpn)) vpns.push(vpn);
  } else {
    for (const vpn of mm.ptes.keys()) if (vpn >= start && vpn < end) vpns.push(vpn);
    vpns.sort((a, b) => a - b);
  }
  if (vpns.length === 0) return 0;
  emit(ctx, { kind: "zap", pid: mm.pid, vpn: start, text: `${caller}: zap_pte_range clears ${vpns.length} PTEs` });
  for (const vpn of vpns) zapPte(ctx, mm, vpn);
  return vpns.length;
}
