// The forkCopiesPinned knob: does fork share a present page with the child (write-protected,
// COW later) or give the child its own copy now? (mm/memory.c copy_one_pte until 5.8,
// copy_present_pte / copy_present_page from 5.9, page_try_dup_anon_rmap from 5.19.)
import { isCowMapping } from "../vma.js";
import { pageMaybeDmaPinned } from "../frame.js";
import type { Decision, Policy, PolicyKnobs } from "../policy.js";
import type { Frame, Mm, Vma } from "../state.js";

/** Whether the child gets a copy of the page, and why. */
export interface ForkVerdict {
  readonly copy: boolean;
  readonly why: string;
}

/** The per-page decision; `frame` is never the zero page (it has no struct page to copy). */
export type ForkCopiesPinned = (policy: Policy, parent: Mm, vma: Vma, frame: Frame) => ForkVerdict;

const SHARE: ForkVerdict = { copy: false, why: "copy_one_pte: share the page write-protected" };
// The share verdicts are constants: fork asks once per PTE and must not allocate for each.
const SHARE_NOT_PINNED: ForkVerdict = { copy: false, why: "copy_present_pte: not maybe-DMA-pinned, share write-protected" };
const SHARE_NOT_EXCLUSIVE: ForkVerdict = { copy: false, why: "copy_present_pte: page not exclusive, share write-protected" };
const SHARE_DUP_RMAP: ForkVerdict = { copy: false, why: "page_try_dup_anon_rmap: not maybe-DMA-pinned, clear exclusive and share" };
const COPY_EXCLUSIVE: ForkVerdict = { copy: true, why: "page_try_dup_anon_rmap: exclusive and maybe-DMA-pinned, -EBUSY, copy for the child" };
const COPY_ALWAYS: ForkVerdict = { copy: true, why: "fork (no-COW policy): copy every private page for the child" };

/** ..5.8: every page is shared; pins are invisible to fork. */
export function shareAlways(_policy: Policy, _parent: Mm, _vma: Vma, _frame: Frame): ForkVerdict {
  return SHARE;
}

/** page_needs_cow_for_dma (5.12 name; 70e806e4e645's test in 5.9): COW mapping, mm has pinned, page maybe pinned. */
function needsCowForDma(policy: Policy, parent: Mm, vma: Vma, frame: Frame): boolean {
  return isCowMapping(vma) && parent.hasPinned && pageMaybeDmaPinned(frame, policy);
}

/**
 * 5.9..5.18 (70e806e4e645 "mm: Do early cow for pinned pages during fork() for ptes"): any page of a
 * COW mapping, anon or not, is copied for the child when the mm has_pinned and the page may be pinned.
 */
export function copyIfMaybePinned(policy: Policy, parent: Mm, vma: Vma, frame: Frame): ForkVerdict {
  if (!needsCowForDma(policy, parent, vma, frame)) return SHARE_NOT_PINNED;
  return { copy: true, why: `copy_present_page: has_pinned and page_count ${frame.refcount} >= bias, copy for the child` };
}

/**
 * 5.19+ (fb3d824d1a46, page_try_dup_anon_rmap): only a PG_anon_exclusive anon page that may be
 * pinned is copied; every other page is shared and loses exclusivity.
 */
export function copyIfExclusiveMaybePinned(policy: Policy, parent: Mm, vma: Vma, frame: Frame): ForkVerdict {
  if (!frame.anon || !frame.anonExclusive) return SHARE_NOT_EXCLUSIVE;
  if (!needsCowForDma(policy, parent, vma, frame)) return SHARE_DUP_RMAP;
  return COPY_EXCLUSIVE;
}

/** Not a kernel: every private anon page is copied at fork (no COW at all), to check the ideal semantics. */
export function copyAlways(_policy: Policy, _parent: Mm, vma: Vma, frame: Frame): ForkVerdict {
  if (!isCowMapping(vma) || !frame.anon) return SHARE;
  return COPY_ALWAYS;
}

/** The per-page fork decision of a policy. */
export function chooseForkCopiesPinned(policy: Policy): ForkCopiesPinned {
  switch (policy.forkCopiesPinned) {
    case "never":
      return shareAlways;
    case "maybe-pinned":
      return copyIfMaybePinned;
    case "maybe-pinned-exclusive":
      return copyIfExclusiveMaybePinned;
    case "always":
      return copyAlways;
  }
}

/** Whether fork gives the child a present copy of a swapped-out page instead of sharing the slot (only "always"). */
export function forkCopiesSwapEntries(policy: Policy): boolean {
  return policy.forkCopiesPinned === "always";
}

type Alternative = PolicyKnobs["forkCopiesPinned"];

function decisionsOf(alt: Alternative): { readonly share: Decision; readonly copy: Decision } {
  return { share: { knob: "forkCopiesPinned", choice: `${alt}:share` }, copy: { knob: "forkCopiesPinned", choice: `${alt}:copy` } };
}

const DECISIONS: Readonly<Record<Alternative, { readonly share: Decision; readonly copy: Decision }>> = {
  never: decisionsOf("never"),
  "maybe-pinned": decisionsOf("maybe-pinned"),
  "maybe-pinned-exclusive": decisionsOf("maybe-pinned-exclusive"),
  always: decisionsOf("always"),
};

/** The Decision a fork event records: `choice` is "<alternative>:share" or "<alternative>:copy". */
export function forkDecision(policy: Policy, copy: boolean): Decision {
  const d = DECISIONS[policy.forkCopiesPinned];
  return copy ? d.copy : d.share;
}
