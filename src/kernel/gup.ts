// get_user_pages for one page (mm/gup.c __get_user_pages, check_vma_flags, follow_page_pte,
// faultin_page): look the page up, fault until the PTE allows the access, then take the
// reference or pin. Era differences come from the decisions/ rules named in each step.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseCanFollowWritePte } from "./decisions/forceWriteAcceptance.js";
import { chooseGupAfterCowBreak } from "./decisions/gupDropsWriteAfterCow.js";
import { chooseGupWalkFlags } from "./decisions/gupForcesCowBreak.js";
import { chooseGupMustUnshare } from "./decisions/unshareOnRoPin.js";
import { handleMmFault } from "./fault.js";
import { frameOf, isZeroPfn } from "./frame.js";
import { tryGrabPage } from "./gupGrab.js";
import type { GupFlags, GupResult, WalkFlags } from "./gupTypes.js";
import type { Vpn } from "./ids.js";
import type { Mm, PresentPte, Vma } from "./state.js";
import { findVma, isCowMapping } from "./vma.js";

/** Faults one walk may take before it must have the page: a bound on a loop that always ends. */
const MAX_FAULTS = 8;

/** What follow_page_pte found: the PTE to grab, or the fault the walk needs first. */
type Follow = { readonly kind: "page"; readonly pte: PresentPte } | { readonly kind: "fault"; readonly unshare: boolean };

/**
 * check_vma_flags: a write needs VM_WRITE, or FOLL_FORCE on a COW mapping (never a shared one);
 * a read needs VM_READ unless FOLL_FORCE. Returns why it refuses, or null.
 */
export function checkVmaFlags(vma: Vma, flags: GupFlags): string | null {
  if (flags.write && !vma.write) {
    if (!flags.force) return "check_vma_flags: write to a VMA without VM_WRITE";
    if (!isCowMapping(vma)) return "check_vma_flags: FOLL_FORCE write to a shared mapping without VM_WRITE";
    return null;
  }
  if (!flags.write && !vma.read && !flags.force) return "check_vma_flags: read of a VMA without VM_READ";
  return null;
}

/**
 * follow_page_pte: a missing or swap PTE, or a read-only one the write cannot use
 * (can_follow_write_pte), needs a fault; a read-only page a R/O pin must not share needs an
 * unshare fault (gup_must_unshare, -EMLINK); otherwise the PTE's page is the answer.
 */
function followPagePte(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, flags: WalkFlags): Follow {
  const pte = mm.ptes.get(vpn);
  if (pte === undefined || !pte.present) return { kind: "fault", unshare: false };
  const frame = frameOf(ctx.world, pte.pfn);
  const normal = isZeroPfn(ctx.world, pte.pfn) ? null : frame;
  if (flags.write && !chooseCanFollowWritePte(ctx.policy)({ pte, frame: normal, vma, flags })) {
    return { kind: "fault", unshare: false };
  }
  if (!pte.write && chooseGupMustUnshare(ctx.policy)(flags, frame, vma)) return { kind: "fault", unshare: true };
  return { kind: "page", pte };
}

/**
 * faultin_page: a write or unshare fault as the walk needs. The VMA check was GUP's, so a write
 * to a VMA without VM_WRITE reaches the handler as a forced one (it maps the COW copy read-only).
 * Returns the retry's flags, or null when the fault failed (-EFAULT).
 */
function faultinPage(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, flags: WalkFlags, unshare: boolean): WalkFlags | null {
  const req = { write: flags.write, unshare, force: flags.write && !vma.write };
  const result = handleMmFault(ctx, mm, vpn, req);
  if (result.kind === "segv") return null;
  const next = chooseGupAfterCowBreak(ctx.policy)(ctx.policy, flags, vma, result.brokeCow);
  if (next.why !== null) {
    const decision = { knob: "gupDropsWriteAfterCow", choice: String(ctx.policy.gupDropsWriteAfterCow) } as const;
    emit(ctx, { kind: "flag", pid: mm.pid, vpn, decision, text: next.why });
  }
  return next.flags;
}

/** FOLL_TOUCH for a write: the page is dirtied unless its PTE already is. */
function touchForWrite(ctx: Ctx, pte: PresentPte, flags: WalkFlags): void {
  if (!flags.write || pte.dirty || isZeroPfn(ctx.world, pte.pfn)) return;
  frameOf(ctx.world, pte.pfn).dirty = true;
}

/**
 * get_user_pages for one page of mm with the caller's flags: the pfn with the reference or pin
 * taken, or EFAULT. A FOLL_PIN request marks the mm has_pinned first (5.9; MMF_HAS_PINNED 5.14),
 * whether or not it succeeds, as __gup_longterm_locked does; the flag is harmless earlier.
 */
export function getUserPage(ctx: Ctx, mm: Mm, vpn: Vpn, flags: GupFlags): GupResult {
  // __get_user_pages_locked sets it before the walk (5.10 mm/gup.c).
  if (flags.foll === "pin" && ctx.policy.follPin !== "none") mm.hasPinned = true;
  const vma = findVma(mm, vpn);
  if (vma === undefined) return { kind: "error", errno: "EFAULT", why: "__get_user_pages: no VMA" };
  const refused = checkVmaFlags(vma, flags);
  if (refused !== null) return { kind: "error", errno: "EFAULT", why: refused };
  let walk = chooseGupWalkFlags(ctx.policy)(flags, vma);
  for (let faults = 0; faults <= MAX_FAULTS; faults++) {
    const found = followPagePte(ctx, mm, vma, vpn, walk);
    if (found.kind === "page") {
      touchForWrite(ctx, found.pte, walk);
      return { kind: "ok", pfn: found.pte.pfn, held: tryGrabPage(ctx, mm.pid, found.pte.pfn, walk.foll) };
    }
    const next = faultinPage(ctx, mm, vma, vpn, walk, found.unshare);
    if (next === null) return { kind: "error", errno: "EFAULT", why: "faultin_page: the fault failed" };
    walk = next;
  }
  // Each fault makes the PTE present, writable or exclusive as asked; still looping is a model bug.
  throw new Error(`model bug: __get_user_pages did not settle on pid ${mm.pid} vpn ${vpn}`);
}
