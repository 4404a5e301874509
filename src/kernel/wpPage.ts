// Write and unshare faults on a present read-only PTE (mm/memory.c do_wp_page, wp_page_reuse,
// wp_page_copy, wp_page_shared). Whether an anon page is reused or copied is the
// smallPageReuse decision; FAULT_FLAG_UNSHARE exists from 5.19 (c89357e27f20).
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseSmallPageReuse, smallPageReuseDecision } from "./decisions/smallPageReuse.js";
import type { FaultResult } from "./faultTypes.js";
import { allocFrame, frameOf, isZeroPfn, putFrame } from "./frame.js";
import { canReuseKsmPage } from "./holderOps.js";
import type { Vpn } from "./ids.js";
import type { Decision } from "./policy.js";
import type { Frame, Mm, PresentPte, Vma } from "./state.js";
import { pageAddNewAnonRmap } from "./rmap.js";

/** The fault was handled without breaking COW. */
export const FAULT_OK: FaultResult = { kind: "ok", brokeCow: false };
/** VM_FAULT_WRITE: the write fault broke COW (copied or reused the page). */
export const FAULT_BROKE_COW: FaultResult = { kind: "ok", brokeCow: true };
/** No VMA or access not allowed: SIGSEGV for user space, -EFAULT for GUP. */
export const FAULT_SEGV: FaultResult = { kind: "segv" };

/** do_wp_page: the PTE at vpn is present and read-only; `unshare` is FAULT_FLAG_UNSHARE. */
export function doWpPage(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: PresentPte, unshare: boolean): FaultResult {
  // FAULT_FLAG_UNSHARE on a shared mapping is a read fault: nothing to do.
  if (vma.shared) return unshare ? FAULT_OK : wpPageShared(ctx, mm, vma, vpn, pte);
  if (isZeroPfn(ctx.world, pte.pfn)) return wpNonAnon(ctx, mm, vma, vpn, pte, null, unshare);
  const frame = frameOf(ctx.world, pte.pfn);
  if (!frame.anon) return wpNonAnon(ctx, mm, vma, vpn, pte, frame, unshare);
  if (frame.ksm) {
    // A KSM page is never exclusive; before 5.9 reuse_ksm_page may take it back (ksmReuse).
    if (!unshare && canReuseKsmPage(ctx, frame)) {
      return wpPageReuse(ctx, mm, vma, vpn, pte, frame, "do_wp_page: reuse_ksm_page, sole reference, reuse", null);
    }
    return wpPageCopy(ctx, mm, vma, vpn, pte, frame, unshare, "do_wp_page: KSM page, copy", null);
  }
  return wpAnonPage(ctx, mm, vma, vpn, pte, frame, unshare);
}

/** The smallPageReuse decision for an anon page, then reuse, unshare in place, or copy. */
function wpAnonPage(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: PresentPte, frame: Frame, unshare: boolean): FaultResult {
  const policy = ctx.policy;
  const verdict = chooseSmallPageReuse(policy)(ctx, frame);
  const decision = smallPageReuseDecision(policy, verdict.reuse);
  if (!verdict.reuse) return wpPageCopy(ctx, mm, vma, vpn, pte, frame, unshare, verdict.why, decision);
  // page_move_anon_rmap marks a reused page exclusive from 5.19.
  if (policy.anonExclusive) frame.anonExclusive = true;
  if (!unshare) return wpPageReuse(ctx, mm, vma, vpn, pte, frame, verdict.why, decision);
  emit(ctx, { kind: "unshare", pid: mm.pid, vpn, pfn: frame.pfn, decision, text: `${verdict.why}: exclusive, PTE stays read-only` });
  return FAULT_OK;
}

/**
 * The zero page or a non-anon page in a private mapping: a write copies; an unshare copies only
 * when R/O long-term pins unshare non-anon pages (84209e87c696, 6.2), else there is nothing to do.
 */
function wpNonAnon(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: PresentPte, frame: Frame | null, unshare: boolean): FaultResult {
  const what = frame === null ? "zero page" : "non-anon page";
  if (!unshare) return wpPageCopy(ctx, mm, vma, vpn, pte, frame, false, `do_wp_page: ${what}, copy`, null);
  if (ctx.policy.unshareOnRoPin !== "anon-and-longterm-non-anon") return FAULT_OK;
  return wpPageCopy(ctx, mm, vma, vpn, pte, frame, true, `do_wp_page: unshare of the ${what}, copy`, null);
}

/**
 * wp_page_reuse: the same page, PTE young and dirty, writable if the VMA has VM_WRITE (a
 * FOLL_FORCE write on a read-only VMA leaves it read-only but dirty). Returns VM_FAULT_WRITE.
 */
function wpPageReuse(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: PresentPte, frame: Frame, why: string, decision: Decision | null): FaultResult {
  pte.dirty = true;
  pte.softDirty = true;
  if (vma.write) pte.write = true;
  if (decision === null) emit(ctx, { kind: "reuse", pid: mm.pid, vpn, pfn: frame.pfn, text: why });
  else emit(ctx, { kind: "reuse", pid: mm.pid, vpn, pfn: frame.pfn, decision, text: why });
  return FAULT_BROKE_COW;
}

/**
 * wp_page_copy: a new anon page holding the old value (zero for the zero page), exclusive from
 * 5.19, mapped dirty and writable if VM_WRITE; an unshare copy stays read-only and keeps the
 * old PTE's soft-dirty and uffd-wp bits. The old page loses this mapping and its reference.
 */
function wpPageCopy(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: PresentPte, old: Frame | null, unshare: boolean, why: string, decision: Decision | null): FaultResult {
  vma.anonVma = true;
  const frame = allocFrame(ctx, old === null ? 0 : old.value, unshare ? "wp_page_copy: unshare copy" : "wp_page_copy: new page");
  pageAddNewAnonRmap(ctx, frame);
  const from = pte.pfn;
  // The PTE now maps the new page: an unshare copy keeps the old soft-dirty and uffd-wp bits.
  pte.pfn = frame.pfn;
  if (unshare) {
    pte.write = false;
    pte.dirty = false;
  } else {
    pte.write = vma.write;
    pte.dirty = true;
    pte.softDirty = true;
    pte.uffdWp = false;
  }
  // The hot path of every COW fault: build no event object when none is recorded.
  if (ctx.record !== false) {
    if (decision === null) emit(ctx, { kind: "copy", pid: mm.pid, vpn, pfn: from, to: frame.pfn, text: why });
    else emit(ctx, { kind: "copy", pid: mm.pid, vpn, pfn: from, to: frame.pfn, decision, text: why });
  }
  if (old !== null) {
    old.mapcount--;
    putFrame(ctx, old);
  }
  return unshare ? FAULT_OK : FAULT_BROKE_COW;
}

/** wp_page_shared: a write to a shared mapping's read-only PTE makes it writable and dirty. */
function wpPageShared(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: PresentPte): FaultResult {
  pte.write = vma.write;
  pte.dirty = true;
  pte.softDirty = true;
  emit(ctx, { kind: "reuse", pid: mm.pid, vpn, pfn: pte.pfn, text: "do_wp_page: wp_page_shared, make writable" });
  return FAULT_BROKE_COW;
}
