// fork(): the child's address space (kernel/fork.c dup_mmap; mm/memory.c copy_page_range,
// copy_present_pte, copy_present_page, copy_nonpresent_pte). Which present pages the child
// gets as copies rather than shared is the forkCopiesPinned decision.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseForkCopiesPinned, forkCopiesSwapEntries, forkDecision } from "./decisions/forkCopiesPinned.js";
import type { ForkCopiesPinned } from "./decisions/forkCopiesPinned.js";
import type { Outcome } from "./events.js";
import { allocFrame, frameOf, isZeroPfn } from "./frame.js";
import { holdersOnFork } from "./holderOps.js";
import type { Pfn, Pid, Vpn } from "./ids.js";
import { pageAddNewAnonRmap } from "./rmap.js";
import type { Mm, PresentPte, SwapEntry, SwapPte, Vma } from "./state.js";
import { swapDuplicate } from "./swap.js";
import { findVmaIndex, isCowMapping } from "./vma.js";
import { cloneVma, createMm } from "./world.js";
import { modelBug } from "./modelBug.js";

const DONE: Outcome = { kind: "done" };

/** fork of `parent` into a new process `child`: dup_mmap, then the holders (ring fds) are inherited. */
export function forkProcess(ctx: Ctx, parent: Mm, child: Pid): Outcome {
  if (ctx.world.mms.has(child)) return { kind: "error", errno: "EINVAL", why: `process ${child} already exists` };
  const mm = createMm(child);
  ctx.world.mms.set(child, mm);
  const copyPtes = dupVmas(ctx, parent, mm);
  copyPageRange(ctx, parent, mm, copyPtes);
  holdersOnFork(ctx, parent.pid, child);
  return DONE;
}

/**
 * dup_mmap's VMA walk: VM_DONTCOPY VMAs are skipped; a VM_WIPEONFORK VMA gets a clean slate (no
 * anon_vma, no PTEs); the rest keep their anon_vma. Returns, per parent VMA, whether
 * copy_page_range copies its PTEs: only a VMA with an anon_vma (§10.1; vma_needs_copy in 6.x).
 */
function dupVmas(ctx: Ctx, parent: Mm, child: Mm): boolean[] {
  const copyPtes: boolean[] = [];
  for (const pv of parent.vmas) {
    copyPtes.push(!pv.dontCopy && !pv.wipeOnFork && pv.anonVma);
    if (pv.dontCopy) {
      emit(ctx, { kind: "flag", pid: child.pid, vpn: pv.start, text: "dup_mmap: VM_DONTCOPY, VMA not copied" });
      continue;
    }
    const cv = cloneVma(pv);
    if (pv.wipeOnFork) {
      cv.anonVma = false;
      emit(ctx, { kind: "flag", pid: child.pid, vpn: pv.start, text: "dup_mmap: VM_WIPEONFORK, child VMA starts empty" });
    }
    child.vmas.push(cv);
  }
  return copyPtes;
}

/** copy_page_range over every parent PTE (in the parent's PTE order) whose VMA is copied. */
function copyPageRange(ctx: Ctx, parent: Mm, child: Mm, copyPtes: readonly boolean[]): void {
  // Shared PTEs per parent VMA, for one summary event each (copies get an event per page).
  const shared = new Array<number>(parent.vmas.length).fill(0);
  const decide = chooseForkCopiesPinned(ctx.policy);
  let last = -1;
  // forEach rather than for-of: no entry pair per PTE, and fork walks every PTE of the parent.
  parent.ptes.forEach((pte, vpn) => {
    const lv = last < 0 ? undefined : parent.vmas[last];
    if (lv === undefined || vpn < lv.start || vpn >= lv.end) last = findVmaIndex(parent, vpn);
    // Every PTE lies inside a VMA (an invariant), so the index is valid.
    if (last < 0 || copyPtes[last] !== true) return;
    const vma = parent.vmas[last] as Vma;
    const copied = pte.present ? copyPresentPte(ctx, decide, parent, child, vma, vpn, pte) : copyNonpresentPte(ctx, child, vma, vpn, pte);
    if (!copied) shared[last] = (shared[last] as number) + 1;
  });
  summarize(ctx, parent, shared);
}

function summarize(ctx: Ctx, parent: Mm, shared: readonly number[]): void {
  shared.forEach((n, i) => {
    if (n === 0) return;
    const vma = parent.vmas[i] as Vma;
    emit(ctx, {
      kind: "fork-share",
      pid: parent.pid,
      vpn: vma.start,
      decision: forkDecision(ctx.policy, false),
      text: `copy_page_range: ${n} PTEs shared with the child${isCowMapping(vma) ? ", write-protected" : ""}`,
    });
  });
}

/** copy_present_pte: share the page (write-protected in both in a COW mapping) or copy it for the child. */
function copyPresentPte(ctx: Ctx, decide: ForkCopiesPinned, parent: Mm, child: Mm, vma: Vma, vpn: Vpn, pte: PresentPte): boolean {
  const cow = isCowMapping(vma);
  if (!isZeroPfn(ctx.world, pte.pfn)) {
    const frame = frameOf(ctx.world, pte.pfn);
    const verdict = decide(ctx.policy, parent, vma, frame);
    if (verdict.copy) {
      copyPresentPage(ctx, child, vma, vpn, frame.value, frame.pfn, verdict.why);
      return true;
    }
    // page_try_dup_anon_rmap: a shared anon page is no longer exclusive (5.19+).
    frame.anonExclusive = false;
    // get_page and page_dup_rmap on the frame in hand (getPage would look it up again).
    frame.refcount++;
    frame.mapcount++;
  }
  if (cow) pte.write = false;
  child.ptes.set(vpn, {
    present: true,
    pfn: pte.pfn,
    write: pte.write,
    // A shared mapping's child PTE is made clean; a private one keeps the dirty bit.
    dirty: vma.shared ? false : pte.dirty,
    softDirty: pte.softDirty,
    uffdWp: false,
  });
  return false;
}

/**
 * copy_present_page: the child gets a new anon page with the same content, mapped dirty and
 * writable if VM_WRITE, queued in the LRU batch; the parent's PTE is left as it was.
 */
function copyPresentPage(ctx: Ctx, child: Mm, vma: Vma, vpn: Vpn, value: number, from: Pfn | null, why: string): void {
  const frame = allocFrame(ctx, value, "copy_present_page: new page for the child");
  pageAddNewAnonRmap(ctx, frame);
  child.ptes.set(vpn, { present: true, pfn: frame.pfn, write: vma.write, dirty: true, softDirty: true, uffdWp: false });
  const decision = forkDecision(ctx.policy, true);
  // pfn is the parent's page (the one the child did not get), to the child's new copy.
  if (from === null) emit(ctx, { kind: "fork-copy", pid: child.pid, vpn, to: frame.pfn, decision, text: why });
  else emit(ctx, { kind: "fork-copy", pid: child.pid, vpn, pfn: from, to: frame.pfn, decision, text: why });
}

/**
 * copy_nonpresent_pte for a swap entry: one more swap count; from 5.19 the entry is no longer
 * exclusive in the parent (swp_exclusive cleared) nor in the child. The no-COW test policy gives
 * the child a present copy of the swapped page instead.
 */
function copyNonpresentPte(ctx: Ctx, child: Mm, vma: Vma, vpn: Vpn, pte: SwapPte): boolean {
  if (forkCopiesSwapEntries(ctx.policy) && isCowMapping(vma)) {
    const entry = swapEntry(ctx, pte);
    const value = entry.cache === null ? entry.value : frameOf(ctx.world, entry.cache).value;
    copyPresentPage(ctx, child, vma, vpn, value, entry.cache, "fork (no-COW policy): copy the swapped page for the child");
    return true;
  }
  swapDuplicate(ctx, pte.slot);
  pte.exclusive = false;
  child.ptes.set(vpn, { present: false, slot: pte.slot, softDirty: pte.softDirty, uffdWp: false, exclusive: false });
  return false;
}

/** The slot of a swap PTE; the current content is its swap-cache page's if it still has one. */
function swapEntry(ctx: Ctx, pte: SwapPte): SwapEntry {
  const entry = ctx.world.swap.get(pte.slot);
  // A swap PTE always names a live slot (an invariant).
  if (entry === undefined) throw modelBug("swap PTE names freed slot", pte.slot);
  return entry;
}
