// Reclaim of one anon or shmem page (mm/vmscan.c shrink_page_list, mm/rmap.c try_to_unmap_one)
// and the two ways the model asks for it: MADV_PAGEOUT (mm/madvise.c madvise_pageout, 5.4+) and
// the `kernel: reclaim` event. The zero page and KSM pages are not reclaimed here.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseReclaimPinned } from "./decisions/reclaimPinned.js";
import type { ReclaimPinnedRule } from "./decisions/reclaimPinned.js";
import type { Outcome } from "./events.js";
import { frameOf, isZeroPfn, putPage } from "./frame.js";
import type { Vpn } from "./ids.js";
import { lruAddDrain } from "./lru.js";
import type { PageRange } from "./ops.js";
import { DONE, isMm, mmOrError } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";
import { rmapWalk } from "./rmapWalk.js";
import { shmemIndexOf, shmemWritepage } from "./shmem.js";
import type { Frame, Mm } from "./state.js";
import { addToSwap, swapDuplicate, swapEntryOf } from "./swapSlots.js";
import { findVma } from "./vma.js";
import { deleteFromSwapCache } from "./zap.js";

function refuse(ctx: Ctx, frame: Frame, why: string): false {
  const decision = { knob: "reclaimPinned", choice: ctx.policy.reclaimPinned } as const;
  emit(ctx, { kind: "refuse", pfn: frame.pfn, decision, text: why });
  return false;
}

/**
 * try_to_unmap: every PTE mapping the page becomes a swap PTE (+1 swap count, -1 mapping and
 * reference). From 5.19 an exclusive page is first made shared (page_try_share_anon_rmap) and the
 * swap PTE remembers swp_exclusive. Returns why it stopped with mappings left, or null.
 */
function tryToUnmap(ctx: Ctx, frame: Frame, rule: ReclaimPinnedRule): string | null {
  const slot = frame.swapCache;
  // shrinkPage adds the page to the swap cache before it unmaps.
  if (slot === null) throw new Error(`model bug: unmapping pfn ${frame.pfn} outside the swap cache`);
  for (const { mm, vpn, pte } of rmapWalk(ctx.world, frame.pfn)) {
    const verdict = rule.unmap(ctx.policy, frame);
    if (!verdict.proceed) return verdict.why;
    const exclusive = ctx.policy.anonExclusive && frame.anonExclusive;
    swapDuplicate(ctx, slot);
    if (pte.dirty) frame.dirty = true;
    frame.anonExclusive = false;
    mm.ptes.set(vpn, { present: false, slot, softDirty: pte.softDirty, uffdWp: pte.uffdWp, exclusive });
    frame.mapcount--;
    const text = `try_to_unmap_one: swap PTE for slot ${slot}${exclusive ? " (swp_exclusive)" : ""}`;
    emit(ctx, { kind: "swap-out", pid: mm.pid, vpn, pfn: frame.pfn, text });
    putPage(ctx, frame.pfn);
  }
  return null;
}

/**
 * shrink_page_list for one anon page: add it to the swap cache (unless reclaimPinned keeps a
 * pinned page out), unmap it everywhere, then write it out and free it, which only happens when
 * the swap cache holds the last reference (pageout's is_page_cache_freeable, __remove_mapping).
 * A page with other references stays, dirty, in the swap cache. True if the page was freed.
 */
export function shrinkPage(ctx: Ctx, frame: Frame): boolean {
  if (!frame.anon) return shrinkShmemPage(ctx, frame);
  const rule = chooseReclaimPinned(ctx.policy);
  if (frame.swapCache === null) {
    const verdict = rule.addToSwap(ctx.policy, frame);
    if (!verdict.proceed) return refuse(ctx, frame, verdict.why);
    addToSwap(ctx, frame);
  }
  const stopped = frame.mapcount > 0 ? tryToUnmap(ctx, frame, rule) : null;
  if (stopped !== null) return refuse(ctx, frame, stopped);
  if (frame.refcount !== 1) {
    return refuse(ctx, frame, `shrink_page_list: page_count ${frame.refcount} > 1, not written out, stays in the swap cache`);
  }
  const slot = frame.swapCache as NonNullable<Frame["swapCache"]>;
  if (frame.dirty) {
    swapEntryOf(ctx.world, slot).value = frame.value;
    frame.dirty = false;
    emit(ctx, { kind: "swap-out", pfn: frame.pfn, text: `pageout: page written to swap slot ${slot}` });
  }
  deleteFromSwapCache(ctx, frame, "__remove_mapping: page leaves the swap cache and is freed");
  return true;
}

/**
 * shrink_page_list for a shmem page (PageSwapBacked, not PageAnon): try_to_unmap clears every
 * PTE (a file page leaves no swap PTE; a dirty PTE dirties the page), then pageout writes it
 * through shmem_writepage only if is_page_cache_freeable — the page cache holds the last
 * reference; otherwise it stays in the page cache, unmapped. No era refuses a pinned shmem page
 * before the unmap: the page_maybe_dma_pinned check of feb889fb40fa guards only add_to_swap of
 * anon pages. True if the page was freed.
 */
function shrinkShmemPage(ctx: Ctx, frame: Frame): boolean {
  const at = shmemIndexOf(ctx.world, frame.pfn);
  if (at === null) throw new Error(`model bug: non-anon pfn ${frame.pfn} is in no shmem page cache`);
  for (const { mm, vpn, pte } of rmapWalk(ctx.world, frame.pfn)) {
    if (pte.dirty) frame.dirty = true;
    mm.ptes.delete(vpn);
    frame.mapcount--;
    emit(ctx, { kind: "zap", pid: mm.pid, vpn, pfn: frame.pfn, text: "try_to_unmap_one: shmem page unmapped, the PTE becomes none" });
    putPage(ctx, frame.pfn);
  }
  if (frame.refcount !== 1) {
    emit(ctx, { kind: "refuse", pfn: frame.pfn, text: `pageout: page_count ${frame.refcount} > 1, not written out, stays in the shmem page cache` });
    return false;
  }
  shmemWritepage(ctx, frame, at);
  return true;
}

/**
 * A page reclaim may take: a present page that is not the zero page or a KSM page, anon or in a
 * shmem VMA's page cache. A shmem VMA passes madvise_pageout's can_do_pageout (5.4) /
 * can_do_file_pageout (6.2+) for the processes of the model: they own the object's inode
 * (shmem_get_inode gives it current_fsuid).
 */
function reclaimable(ctx: Ctx, mm: Mm, vpn: Vpn): Frame | null {
  const pte = mm.ptes.get(vpn);
  if (pte === undefined || !pte.present || isZeroPfn(ctx.world, pte.pfn)) return null;
  const frame = frameOf(ctx.world, pte.pfn);
  if (frame.ksm) return null;
  if (frame.anon) return frame;
  const vma = findVma(mm, vpn);
  return vma !== undefined && vma.shmem !== null ? frame : null;
}

/**
 * madvise(MADV_PAGEOUT) (5.4+, else EINVAL): drain the LRU batch, then reclaim each page of the
 * range that is mapped only here (page_mapcount == 1, §10.8). A hole in the range is ENOMEM after
 * the mapped parts are done, as madvise reports it.
 */
export function madvisePageout(ctx: Ctx, mm: Mm, range: PageRange): Outcome {
  if (!ctx.policy.madvisePageout) return { kind: "error", errno: "EINVAL", why: "MADV_PAGEOUT does not exist before 5.4" };
  lruAddDrain(ctx, "madvise_pageout");
  let hole = false;
  for (let vpn = range.start; vpn < range.start + range.pages; vpn++) {
    if (findVma(mm, vpn) === undefined) {
      hole = true;
      continue;
    }
    const frame = reclaimable(ctx, mm, vpn);
    // madvise_cold_or_pageout_pte_range: "Do not interfere with other mappings of this page".
    if (frame !== null && frame.mapcount === 1) shrinkPage(ctx, frame);
  }
  return hole ? { kind: "error", errno: "ENOMEM", why: "madvise: range not fully mapped" } : DONE;
}

/**
 * `kernel: reclaim pid vpn`: shrink_inactive_list drains the local batch, then reclaims the page
 * mapped there, however many processes map it. Nothing to reclaim is not an error.
 */
export function opReclaim(ctx: Ctx, op: OpOf<"reclaim">): Outcome {
  const mm = mmOrError(ctx.world, op.pid);
  if (!isMm(mm)) return mm;
  lruAddDrain(ctx, "shrink_inactive_list");
  const frame = reclaimable(ctx, mm, op.vpn);
  if (frame === null) {
    emit(ctx, { kind: "refuse", pid: op.pid, vpn: op.vpn, text: "reclaim: no anon or shmem page mapped here" });
    return DONE;
  }
  shrinkPage(ctx, frame);
  return DONE;
}
