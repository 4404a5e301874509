// madvise (mm/madvise.c): MADV_DONTNEED zaps, DONTFORK/DOFORK and WIPEONFORK/KEEPONFORK set
// VMA flags; PAGEOUT goes to reclaim, MERGEABLE/UNMERGEABLE to KSM. Holes in the range are
// skipped and reported as ENOMEM at the end, as madvise_walk_vmas does.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { Outcome } from "./events.js";
import { madviseMergeable } from "./holderOps.js";
import type { Vpn } from "./ids.js";
import { lruAddDrain } from "./lru.js";
import type { Advice, PageRange } from "./ops.js";
import type { Policy } from "./policy.js";
import type { Mm, Vma } from "./state.js";
import { madvisePageout } from "./swap.js";
import { isFullyMapped, isolateRange, mergeVmas, vmasIn } from "./vma.js";
import { zapRange } from "./zap.js";

const DONE: Outcome = { kind: "done" };
const ENOMEM: Outcome = { kind: "error", errno: "ENOMEM", why: "madvise: range not fully mapped" };

const einval = (why: string): Outcome => ({ kind: "error", errno: "EINVAL", why });

/** madvise_vma_behavior's flag change on one VMA; false when the VMA refuses it (EINVAL). */
function applyFlagAdvice(vma: Vma, advice: Advice): boolean {
  switch (advice) {
    case "dontfork":
      vma.dontCopy = true;
      return true;
    case "dofork":
      vma.dontCopy = false;
      return true;
    case "wipeonfork":
      // MADV_WIPEONFORK is only supported on private anonymous memory.
      if (vma.shared) return false;
      vma.wipeOnFork = true;
      return true;
    case "keeponfork":
      vma.wipeOnFork = false;
      return true;
    default:
      // Only the four flag advices are routed here by madvise().
      throw new Error(`model bug: ${advice} is not a flag advice`);
  }
}

/** madvise_behavior_valid: advice this kernel does not know fails with EINVAL before anything else. */
function unknownAdvice(policy: Policy, advice: Advice): string | null {
  if (advice === "pageout" && !policy.madvisePageout) return "MADV_PAGEOUT does not exist before 5.4";
  if ((advice === "wipeonfork" || advice === "keeponfork") && !policy.madviseWipeOnFork) {
    return "MADV_WIPEONFORK and MADV_KEEPONFORK do not exist before 4.14";
  }
  return null;
}

/** madvise over a page range of mm. */
export function madvise(ctx: Ctx, mm: Mm, range: PageRange, advice: Advice): Outcome {
  if (advice === "hugepage" || advice === "nohugepage" || advice === "collapse") {
    return { kind: "unsupported", feature: "transparent huge pages" };
  }
  const unknown = unknownAdvice(ctx.policy, advice);
  if (unknown !== null) return einval(unknown);
  // do_madvise: an empty range succeeds and changes nothing.
  if (range.pages <= 0) return DONE;
  switch (advice) {
    case "dontneed":
      return withHoles(mm, range, madviseDontneed(ctx, mm, range));
    case "pageout":
      return withHoles(mm, range, madvisePageout(ctx, mm, range));
    case "mergeable":
    case "unmergeable":
      return withHoles(mm, range, madviseKsm(ctx, mm, range, advice === "mergeable"));
    case "wipeonfork":
    case "keeponfork":
    case "dontfork":
    case "dofork":
      return withHoles(mm, range, madviseFlags(ctx, mm, range, advice));
  }
}

/** A successful walk over a range with holes still fails with ENOMEM. */
function withHoles(mm: Mm, range: PageRange, outcome: Outcome): Outcome {
  if (outcome.kind !== "done") return outcome;
  return isFullyMapped(mm, range.start, range.start + range.pages) ? outcome : ENOMEM;
}

/** MADV_DONTNEED: zap_page_range on each VMA part (draining the LRU batch first until 6.13). */
function madviseDontneed(ctx: Ctx, mm: Mm, range: PageRange): Outcome {
  const start = range.start;
  const end = start + range.pages;
  const vmas = vmasIn(mm, start, end);
  if (vmas.length > 0 && ctx.policy.lruDrainOnZap) lruAddDrain(ctx, "zap_page_range (MADV_DONTNEED)");
  for (const v of vmas) zapRange(ctx, mm, Math.max(start, v.start), Math.min(end, v.end), "madvise_dontneed_single_vma");
  return DONE;
}

/** The VMA-flag advice: split at the range ends, change each VMA in address order, merge back. */
function madviseFlags(ctx: Ctx, mm: Mm, range: PageRange, advice: Advice): Outcome {
  const start = range.start;
  const end = start + range.pages;
  for (const v of isolateRange(mm, start, end)) {
    if (!applyFlagAdvice(v, advice)) {
      mergeVmas(mm, start, end, false);
      return einval(`MADV_${advice.toUpperCase()} on a shared mapping`);
    }
  }
  mergeVmas(mm, start, end, false);
  emit(ctx, { kind: "flag", pid: mm.pid, vpn: start, text: `madvise_vma_behavior: MADV_${advice.toUpperCase()}` });
  return DONE;
}

/** MADV_MERGEABLE / UNMERGEABLE: ksm_madvise on VMAs split to the range, then merge back. */
function madviseKsm(ctx: Ctx, mm: Mm, range: PageRange, on: boolean): Outcome {
  const start: Vpn = range.start;
  const end = start + range.pages;
  isolateRange(mm, start, end);
  const outcome = madviseMergeable(ctx, mm, range, on);
  mergeVmas(mm, start, end, false);
  return outcome;
}
