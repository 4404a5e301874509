// ksmd run until stable (mm/ksm.c ksm_do_scan → cmp_and_merge_page): identical anon pages of
// mergeable VMAs merge into one KSM page, write-protected and clean, when each passes
// write_protect_page's test. Pages are visited by pid then address.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { Outcome } from "./events.js";
import { frameOf, isZeroPfn, pageMaybeDmaPinned, putPage } from "./frame.js";
import type { Pfn, Vpn } from "./ids.js";
import { lruAddDrain } from "./lru.js";
import { DONE } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";
import { mmsByPid, presentPtes } from "./rmapWalk.js";
import type { Frame, Mm, PresentPte } from "./state.js";
import { findVma } from "./vma.js";
import { tryToFreeSwap } from "./zap.js";

/** One rmap_item: a virtual page of a mergeable VMA. */
interface Item {
  readonly mm: Mm;
  readonly vpn: Vpn;
}

/** The PTE and anon page an item maps now, or null (gone, zero page, shmem). */
function pageOf(ctx: Ctx, item: Item): { pte: PresentPte; frame: Frame } | null {
  const pte = item.mm.ptes.get(item.vpn);
  if (pte === undefined || !pte.present || isZeroPfn(ctx.world, pte.pfn)) return null;
  const frame = frameOf(ctx.world, pte.pfn);
  return frame.anon ? { pte, frame } : null;
}

/**
 * write_protect_page's test, before KSM's own reference: a PTE that is writable, dirty or maps an
 * exclusive page is protected only if refcount == mapcount + swapcache (any GUP reference or pin
 * blocks it); from 5.19 an exclusive page must also be made shared (page_try_share_anon_rmap),
 * which a maybe-pinned page refuses. A clean read-only PTE of a shared page needs no protecting.
 */
export function canWriteProtect(ctx: Ctx, pte: PresentPte, frame: Frame): boolean {
  if (!pte.write && !pte.dirty && !frame.anonExclusive) return true;
  if (frame.refcount !== frame.mapcount + (frame.swapCache !== null ? 1 : 0)) return false;
  return !(frame.anonExclusive && pageMaybeDmaPinned(frame, ctx.policy));
}

/** write_protect_page's change: read-only and clean (the dirt moves to the page), not exclusive. */
function writeProtect(pte: PresentPte, frame: Frame): void {
  if (pte.dirty) frame.dirty = true;
  pte.write = false;
  pte.dirty = false;
  frame.anonExclusive = false;
}

/** replace_page: the item maps the KSM page (a fresh clean read-only PTE); its old page loses the mapping. */
function replacePage(ctx: Ctx, item: Item, old: Frame, kpfn: Pfn): void {
  const kpage = frameOf(ctx.world, kpfn);
  kpage.refcount++;
  kpage.mapcount++;
  item.mm.ptes.set(item.vpn, { present: true, pfn: kpfn, write: false, dirty: false, softDirty: false, uffdWp: false });
  old.mapcount--;
  const text = "replace_page: mapped to the KSM page";
  emit(ctx, { kind: "ksm-merge", pid: item.mm.pid, vpn: item.vpn, pfn: old.pfn, to: kpfn, text });
  if (old.mapcount === 0) tryToFreeSwap(ctx, old, "replace_page");
  putPage(ctx, old.pfn);
}

/** try_to_merge_with_ksm_page into an existing KSM page. */
function mergeInto(ctx: Ctx, item: Item, kpfn: Pfn): boolean {
  const p = pageOf(ctx, item);
  if (p === null || p.frame.pfn === kpfn || !canWriteProtect(ctx, p.pte, p.frame)) return false;
  writeProtect(p.pte, p.frame);
  replacePage(ctx, item, p.frame, kpfn);
  return true;
}

/**
 * try_to_merge_two_pages: the item's page becomes the KSM page in place, then the unstable-tree
 * partner merges into it. Both are checked first: the kernel would otherwise make the first a KSM
 * page and break it again (break_cow), which the model leaves out.
 */
function mergePair(ctx: Ctx, item: Item, partner: Item): Pfn | null {
  const a = pageOf(ctx, item);
  const b = pageOf(ctx, partner);
  if (a === null || b === null || a.frame.pfn === b.frame.pfn) return null;
  if (!canWriteProtect(ctx, a.pte, a.frame) || !canWriteProtect(ctx, b.pte, b.frame)) return null;
  writeProtect(a.pte, a.frame);
  a.frame.ksm = true;
  a.frame.dirty = true;
  const text = "try_to_merge_one_page: page becomes a KSM page";
  emit(ctx, { kind: "ksm-merge", pid: item.mm.pid, vpn: item.vpn, pfn: a.frame.pfn, text });
  mergeInto(ctx, partner, a.frame.pfn);
  return a.frame.pfn;
}

/** The page's VMA is a private VM_MERGEABLE one (ksm_madvise never marks a shared VMA). */
function inMergeableVma(mm: Mm, vpn: Vpn): boolean {
  const vma = findVma(mm, vpn);
  return vma !== undefined && vma.mergeable && !vma.shared;
}

/** The rmap_items of one scan: present anon pages of mergeable VMAs that are not KSM pages yet. */
function collectItems(ctx: Ctx): Item[] {
  const items: Item[] = [];
  for (const mm of mmsByPid(ctx.world)) {
    for (const { vpn, pte } of presentPtes(mm)) {
      if (!inMergeableVma(mm, vpn) || isZeroPfn(ctx.world, pte.pfn)) continue;
      const frame = frameOf(ctx.world, pte.pfn);
      if (frame.anon && !frame.ksm) items.push({ mm, vpn });
    }
  }
  return items;
}

/** The stable tree: a mapped KSM page per value (the lowest pfn when several hold it). */
function stableTree(ctx: Ctx): Map<number, Pfn> {
  const stable = new Map<number, Pfn>();
  const ksm = [...ctx.world.frames.values()].filter((f) => f.ksm && f.mapcount > 0).sort((a, b) => a.pfn - b.pfn);
  for (const f of ksm) if (!stable.has(f.value)) stable.set(f.value, f.pfn);
  return stable;
}

/** One pass of cmp_and_merge_page over every item; returns how many mappings merged. */
function scanPass(ctx: Ctx): number {
  const stable = stableTree(ctx);
  const unstable = new Map<number, Item>();
  let merged = 0;
  for (const item of collectItems(ctx)) {
    const p = pageOf(ctx, item);
    if (p === null || p.frame.ksm) continue;
    const value = p.frame.value;
    const kpfn = stable.get(value);
    if (kpfn !== undefined) {
      if (mergeInto(ctx, item, kpfn)) merged++;
      continue;
    }
    const partner = unstable.get(value);
    const made = partner === undefined ? null : mergePair(ctx, item, partner);
    if (made !== null) {
      stable.set(value, made);
      unstable.delete(value);
      merged += 2;
    } else if (canWriteProtect(ctx, p.pte, p.frame)) {
      unstable.set(value, item);
    }
  }
  return merged;
}

/** `kernel: ksm-scan`: lru_add_drain_all, then passes until one merges nothing. */
export function opKsmScan(ctx: Ctx, _op: OpOf<"ksm-scan">): Outcome {
  lruAddDrain(ctx, "ksm_do_scan: lru_add_drain_all");
  // A merging pass moves at least one mapping onto a KSM page and none back, so passes end;
  // the bound (one pass per mapping) only guards that argument.
  let passes = 0;
  for (const mm of ctx.world.mms.values()) passes += mm.ptes.size;
  while (passes-- >= 0 && scanPass(ctx) > 0) continue;
  return DONE;
}
