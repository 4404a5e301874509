// KSM (mm/ksm.c): MADV_MERGEABLE / UNMERGEABLE, ksmd merging identical anon pages into one
// write-protected KSM page, and the 5.1..5.8 reuse of a KSM page with a single reference.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseKsmReuse } from "./decisions/ksmReuse.js";
import type { Outcome } from "./events.js";
import { handleMmFault } from "./fault.js";
import { frameOf, getPage, isZeroPfn, putPage } from "./frame.js";
import type { Vpn } from "./ids.js";
import { isFullyMapped, isolateRange, mergeVmas } from "./vma.js";
import type { PageRange } from "./ops.js";
import type { Frame, Mm } from "./state.js";
import { DONE } from "./opTypes.js";

/**
 * break_ksm (5.x..6.1 form): a write fault on the KSM page while holding a reference to it
 * (follow_page with FOLL_GET), so the fault always copies: the mapping gets a private anon copy.
 * 6.13 takes an unshare fault instead; the data is the same, only the copy's write and dirty
 * bits differ, and no policy knob says from which release.
 */
function breakKsm(ctx: Ctx, mm: Mm, vpn: Vpn): void {
  const pte = mm.ptes.get(vpn);
  if (pte === undefined || !pte.present || isZeroPfn(ctx.world, pte.pfn)) return;
  const pfn = pte.pfn;
  if (!frameOf(ctx.world, pfn).ksm) return;
  getPage(ctx, pfn);
  // The VMA check is break_ksm's own: a KSM VMA is private, so the handler may write without VM_WRITE.
  handleMmFault(ctx, mm, vpn, { write: true, unshare: false, force: true });
  putPage(ctx, pfn);
}

/**
 * ksm_madvise: MADV_MERGEABLE sets VM_MERGEABLE on private VMAs (shared ones ignore the advice);
 * MADV_UNMERGEABLE breaks every KSM page mapped in the range (unmerge_ksm_pages) and clears it.
 */
export function madviseMergeable(ctx: Ctx, mm: Mm, range: PageRange, on: boolean): Outcome {
  const start = range.start;
  const end = range.start + range.pages;
  for (const vma of isolateRange(mm, start, end)) {
    if (vma.shared || vma.mergeable === on) continue;
    if (!on) {
      for (let vpn = Math.max(start, vma.start); vpn < Math.min(end, vma.end); vpn++) breakKsm(ctx, mm, vpn);
    }
    vma.mergeable = on;
    emit(ctx, { kind: "flag", pid: mm.pid, vpn: vma.start, text: `ksm_madvise: VM_MERGEABLE ${on ? "set" : "cleared"}` });
  }
  mergeVmas(mm, start, end, false);
  // madvise applies the advice to the mapped parts and reports a hole afterwards.
  return isFullyMapped(mm, start, end) ? DONE : { kind: "error", errno: "ENOMEM", why: "madvise: range not fully mapped" };
}

/**
 * do_wp_page on a KSM page: whether it may be reused (ksmReuse). Reuse makes it a plain anon page
 * again (page_move_anon_rmap replaces the KSM mapping), so the caller then reuses it as one.
 */
export function canReuseKsmPage(ctx: Ctx, frame: Frame): boolean {
  const verdict = chooseKsmReuse(ctx.policy)(frame);
  if (verdict.reuse) {
    frame.ksm = false;
    const decision = { knob: "ksmReuse", choice: ctx.policy.ksmReuse } as const;
    emit(ctx, { kind: "flag", pfn: frame.pfn, decision, text: verdict.why });
  }
  return verdict.reuse;
}
