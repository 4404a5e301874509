// The reclaimPinned knob: what reclaim does with a page that may be DMA-pinned, at its two
// barriers: shrink_page_list before add_to_swap (mm/vmscan.c) and try_to_unmap_one when it
// clears PG_anon_exclusive (mm/rmap.c page_try_share_anon_rmap).
import { pageMaybeDmaPinned } from "../frame.js";
import type { Policy } from "../policy.js";
import type { Frame } from "../state.js";

/** "proceed" or why reclaim leaves the page where it is. */
export type ReclaimVerdict = { readonly proceed: true } | { readonly proceed: false; readonly why: string };

/** The two barriers of one alternative. */
export interface ReclaimPinnedRule {
  /** shrink_page_list, for an anon page not yet in the swap cache. */
  readonly addToSwap: (policy: Policy, frame: Frame) => ReclaimVerdict;
  /** try_to_unmap_one, per mapping of the page. */
  readonly unmap: (policy: Policy, frame: Frame) => ReclaimVerdict;
}

const PROCEED: ReclaimVerdict = { proceed: true };

function proceed(_policy: Policy, _frame: Frame): ReclaimVerdict {
  return PROCEED;
}

/** 5.11 (feb889fb40fa "mm: don't put pinned pages into the swap cache"): keep a maybe-pinned page out of it. */
function keepPinnedOutOfSwapCache(policy: Policy, frame: Frame): ReclaimVerdict {
  if (!pageMaybeDmaPinned(frame, policy)) return PROCEED;
  return { proceed: false, why: "shrink_page_list: page_maybe_dma_pinned, not added to the swap cache (keep_locked)" };
}

/** 5.19 (6c287605fd56): page_try_share_anon_rmap refuses to clear PG_anon_exclusive of a maybe-pinned page. */
function refuseExclusivePinned(policy: Policy, frame: Frame): ReclaimVerdict {
  if (!frame.anonExclusive || !pageMaybeDmaPinned(frame, policy)) return PROCEED;
  return { proceed: false, why: "try_to_unmap_one: page_try_share_anon_rmap -EBUSY, exclusive pinned page stays mapped" };
}

/** ..5.10: any anon page, pinned or not, goes into the swap cache and is unmapped; the pin keeps it there. */
export const unmapIntoSwapcache: ReclaimPinnedRule = { addToSwap: proceed, unmap: proceed };

/** 5.11..5.18: a maybe-pinned page not yet in the swap cache is kept mapped; one already there can be unmapped. */
export const skipIfNotInSwapcache: ReclaimPinnedRule = { addToSwap: keepPinnedOutOfSwapCache, unmap: proceed };

/** 5.19+: the 5.11 barrier first, then try_to_unmap_one refuses an exclusive pinned page (§10.4). */
export const skipThenRefuseExclusive: ReclaimPinnedRule = {
  addToSwap: keepPinnedOutOfSwapCache,
  unmap: refuseExclusivePinned,
};

/** The rule of a policy. */
export function chooseReclaimPinned(policy: Policy): ReclaimPinnedRule {
  switch (policy.reclaimPinned) {
    case "unmap-into-swapcache":
      return unmapIntoSwapcache;
    case "skip-if-not-in-swapcache":
      return skipIfNotInSwapcache;
    case "skip-then-refuse-exclusive":
      return skipThenRefuseExclusive;
  }
}
