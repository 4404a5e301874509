// The smallPageReuse knob: may do_wp_page reuse a small anon page that is mapped read-only,
// or must it copy? One function per kernel era's test (mm/memory.c do_wp_page,
// mm/swapfile.c reuse_swap_page). The caller has already handled KSM and the zero page.
import type { Ctx } from "../context.js";
import { lruAddDrain } from "../lru.js";
import type { Decision, Policy, PolicyKnobs } from "../policy.js";
import type { Frame } from "../state.js";
import { refHolders } from "../refHolders.js";
import { deleteFromSwapCache, swapCountOf, tryToFreeSwap } from "../zap.js";

/** What a reuse test decided and why, in the kernel's words. */
export interface ReuseVerdict {
  readonly reuse: boolean;
  readonly why: string;
}

/** A reuse test; it may change state on the way as the kernel's does (swap cache, LRU batch). */
export type SmallPageReuse = (ctx: Ctx, frame: Frame) => ReuseVerdict;

/** Verdicts are kept per small count so a fault allocates no text; larger counts are built each time. */
const MEMO_LIMIT = 4096;

/** The verdict of `table` at `key`, made with `why(a, b)` on first use (module-level formatters, no closures). */
function memoVerdict(table: ReuseVerdict[], key: number, reuse: boolean, why: (a: number, b: number) => string, a: number, b: number): ReuseVerdict {
  const hit = table[key];
  if (hit !== undefined) return hit;
  const v: ReuseVerdict = { reuse, why: why(a, b) };
  if (key < MEMO_LIMIT) table[key] = v;
  return v;
}

const byMapcount: ReuseVerdict[] = [];
const strictCopies: ReuseVerdict[] = [];
const overThree: ReuseVerdict[] = [];
const overSwap: ReuseVerdict[] = [];
const afterFree: ReuseVerdict[] = [];

const mapcountText = (mc: number, swapcount: number): string => {
  const n = mc + swapcount;
  return `do_wp_page: reuse_swap_page: mapcount ${mc} + swapcount ${swapcount} ${n <= 1 ? "<= 1, reuse" : "> 1, copy"}`;
};
const strictText = (rc: number): string => `do_wp_page: page_count ${rc} != 1 (mapcount ${rc}), copy`;
const overThreeText = (rc: number): string => `do_wp_page: page_count ${rc} > 3 (mapcount ${rc}), copy`;
const overSwapText = (rc: number): string => `do_wp_page: page_count ${rc} > 1 (mapcount ${rc}), copy`;
/** The test text of reuseByRefcount's second bail-out, by swapcache 0 or 1 (built once, not per fault). */
const OVER_SWAP_TESTS = ["> 1 + swapcache 0", "> 1 + swapcache 1"] as const;
const afterFreeText = (rc: number): string => `do_wp_page: page_count ${rc} != 1 (mapcount ${rc}), copy`;

/**
 * A copy verdict naming page_count and its holders. When every reference is a mapping the text
 * is shared per count; otherwise the holders (pipe, pin, LRU batch, swap cache...) are spelled out.
 */
function copyVerdict(ctx: Ctx, frame: Frame, table: ReuseVerdict[], test: string, fmt: (rc: number, b: number) => string): ReuseVerdict {
  const rc = frame.refcount;
  if (rc === frame.mapcount) return memoVerdict(table, rc, false, fmt, rc, 0);
  return { reuse: false, why: `do_wp_page: page_count ${rc} ${test} (${refHolders(ctx.world, frame)}), copy` };
}

/**
 * 4.9..5.8: reuse_swap_page. Reuse iff mapcount + swapcount <= 1; when exactly 1 and the page is
 * in the swap cache it leaves it and is dirtied. GUP, pipe and LRU-batch references are ignored.
 */
export function reuseByMapcount(ctx: Ctx, frame: Frame): ReuseVerdict {
  const swapcount = swapCountOf(ctx, frame);
  const n = frame.mapcount + swapcount;
  if (n === 1 && frame.swapCache !== null) {
    deleteFromSwapCache(ctx, frame, "reuse_swap_page: mapcount + swapcount == 1, page leaves the swap cache");
  }
  const mc = frame.mapcount;
  return memoVerdict(byMapcount, swapcount < 8 ? mc * 8 + swapcount : MEMO_LIMIT, n <= 1, mapcountText, mc, swapcount);
}

/**
 * 5.9..5.17 (09854ba94c6a "mm: do_wp_page() simplification"): reuse iff page_count == 1, so every
 * other reference (pin, pipe, swap cache, LRU batch) forces a copy.
 */
export function reuseByRefcountStrict(ctx: Ctx, frame: Frame): ReuseVerdict {
  if (frame.refcount !== 1) return copyVerdict(ctx, frame, strictCopies, "!= 1", strictText);
  // page_count 1 and the faulting PTE maps the page: the mapcount re-check under the lock holds.
  return { reuse: true, why: "do_wp_page: page_count 1, reuse" };
}

/**
 * 5.18 ("COW fixes part 1", 53a05ad9f21d .. 03104c2c5db8): bail out above 3 references; drain the
 * LRU batch if the page is not on the LRU; copy if page_count > 1 + swapcache; free the swap
 * cache; then reuse iff page_count == 1.
 */
export function reuseByRefcount(ctx: Ctx, frame: Frame): ReuseVerdict {
  if (frame.refcount > 3) return copyVerdict(ctx, frame, overThree, "> 3", overThreeText);
  if (!frame.onLru && ctx.policy.lruDrainInWpFault) lruAddDrain(ctx, "do_wp_page: page not on the LRU");
  const sc = frame.swapCache === null ? 0 : 1;
  if (frame.refcount > 1 + sc) return copyVerdict(ctx, frame, overSwap, OVER_SWAP_TESTS[sc] as string, overSwapText);
  if (sc === 1) tryToFreeSwap(ctx, frame, "do_wp_page");
  if (frame.refcount !== 1) return copyVerdict(ctx, frame, afterFree, "!= 1 after freeing swap", afterFreeText);
  return { reuse: true, why: "do_wp_page: page_count 1, reuse" };
}

/**
 * 5.19+ (6c287605fd56 PG_anon_exclusive): an exclusive page is reused without further checks;
 * otherwise the 5.18 test, after which the caller marks the page exclusive (page_move_anon_rmap).
 */
export function reuseExclusiveOrRefcount(ctx: Ctx, frame: Frame): ReuseVerdict {
  if (frame.anonExclusive) return { reuse: true, why: "do_wp_page: PageAnonExclusive, reuse" };
  return reuseByRefcount(ctx, frame);
}

/** The reuse test of a policy. */
export function chooseSmallPageReuse(policy: Policy): SmallPageReuse {
  switch (policy.smallPageReuse) {
    case "mapcount":
      return reuseByMapcount;
    case "refcount-strict":
      return reuseByRefcountStrict;
    case "refcount":
      return reuseByRefcount;
    case "exclusive-or-refcount":
      return reuseExclusiveOrRefcount;
  }
}

type Alternative = PolicyKnobs["smallPageReuse"];

function decisionsOf(alt: Alternative): { readonly reuse: Decision; readonly copy: Decision } {
  return { reuse: { knob: "smallPageReuse", choice: `${alt}:reuse` }, copy: { knob: "smallPageReuse", choice: `${alt}:copy` } };
}

/** One frozen Decision per alternative and verdict, so the fault path allocates none. */
const DECISIONS: Readonly<Record<Alternative, { readonly reuse: Decision; readonly copy: Decision }>> = {
  mapcount: decisionsOf("mapcount"),
  "refcount-strict": decisionsOf("refcount-strict"),
  refcount: decisionsOf("refcount"),
  "exclusive-or-refcount": decisionsOf("exclusive-or-refcount"),
};

/** The Decision an event records for a verdict: `choice` is "<alternative>:reuse" or "<alternative>:copy". */
export function smallPageReuseDecision(policy: Policy, reuse: boolean): Decision {
  const d = DECISIONS[policy.smallPageReuse];
  return reuse ? d.reuse : d.copy;
}
