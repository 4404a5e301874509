// The swapinReuse knob: when do_swap_page (mm/memory.c) maps the page it found or read
// exclusive and, on a write fault, writable. Each alternative also does the swap_free and
// swap-cache release in the order its kernel does, because the test reads the counts.
import type { Ctx } from "../context.js";
import type { SwapSlot } from "../ids.js";
import { lruAddDrain } from "../lru.js";
import type { Policy } from "../policy.js";
import type { Frame, SwapPte, Vma } from "../state.js";
import { swapFree } from "../swapSlots.js";
import { deleteFromSwapCache, swapCountOf, tryToFreeSwap } from "../zap.js";
import { chooseSwapinWritable } from "./swapinWritableOnRead.js";

/** What do_swap_page is mapping: the page holds the reference the new PTE will own. */
export interface SwapinInput {
  readonly frame: Frame;
  readonly slot: SwapSlot;
  readonly swapPte: SwapPte;
  readonly vma: Vma;
  /** FAULT_FLAG_WRITE. */
  readonly write: boolean;
  /**
   * The page never entered the swap cache (the SWP_SYNCHRONOUS_IO skip-swapcache path, or a KSM
   * copy). The model's swap device always goes through the swap cache, so this is false.
   */
  readonly fresh: boolean;
}

/** How to map the page; `handled` means FAULT_FLAG_WRITE was consumed (no do_wp_page follows). */
export interface SwapinVerdict {
  readonly exclusive: boolean;
  readonly writable: boolean;
  readonly dirty: boolean;
  readonly handled: boolean;
  readonly why: string;
}

export type SwapinReuse = (ctx: Ctx, input: SwapinInput) => SwapinVerdict;

/**
 * ..5.17: reuse_swap_page on write faults, before the page is mapped and before swap_free:
 * reuse iff mapcount + swapcount <= 1 (this PTE's swap count included); at exactly 1 the page
 * leaves the swap cache. A read fault maps it read-only and it stays in the swap cache.
 */
export function reuseByMapcountSwapcount(ctx: Ctx, input: SwapinInput): SwapinVerdict {
  const { frame, write, vma } = input;
  let reuse = false;
  let why = "do_swap_page: read fault, map read-only, page stays in the swap cache";
  if (write && !frame.ksm) {
    const n = frame.mapcount + swapCountOf(ctx, frame);
    reuse = n <= 1;
    // reuse_swap_page: the remaining swap count is this PTE's (freed by swap_free below), so the
    // page can leave the swap cache now; the slot goes with the swap_free.
    if (n === 1 && frame.swapCache !== null) {
      deleteFromSwapCache(ctx, frame, "reuse_swap_page: mapcount + swapcount == 1, page leaves the swap cache");
    }
    why = `do_swap_page: reuse_swap_page: mapcount + swapcount = ${n}, ${reuse ? "reuse" : "map read-only, copy in do_wp_page"}`;
  }
  swapFree(ctx, input.slot);
  return { exclusive: reuse, writable: reuse && vma.write, dirty: reuse, handled: reuse, why };
}

/**
 * The 5.18 preamble ("COW fixes part 1"): on a write fault, drain the LRU batch if the page is not
 * on the LRU; swap_free; then free the swap cache when page_count == 2 (ours + the cache's).
 */
function drainFreeAndRelease(ctx: Ctx, input: SwapinInput): void {
  const { frame, write } = input;
  if (write && !frame.ksm && !frame.onLru && ctx.policy.lruDrainInWpFault) {
    lruAddDrain(ctx, "do_swap_page: write fault on a page not on the LRU");
  }
  swapFree(ctx, input.slot);
  // should_try_to_free_swap: swap never fills and nothing is mlocked in the model.
  if (write && !frame.ksm && frame.swapCache !== null && frame.refcount === 2) tryToFreeSwap(ctx, frame, "do_swap_page");
}

/** 5.18: writable iff write fault, not KSM, and a fresh page or page_count == 1. */
export function reuseFreshOrRc1(ctx: Ctx, input: SwapinInput): SwapinVerdict {
  drainFreeAndRelease(ctx, input);
  const { frame, write, vma } = input;
  const reuse = write && !frame.ksm && (input.fresh || frame.refcount === 1);
  const why = write
    ? `do_swap_page: page_count ${frame.refcount}, ${reuse ? "map writable" : "map read-only, copy in do_wp_page"}`
    : "do_swap_page: read fault, map read-only";
  return { exclusive: reuse, writable: reuse && vma.write, dirty: reuse, handled: reuse, why };
}

/**
 * 5.19+ (1493a1913e34 "mm/swap: remember PG_anon_exclusive via a swp pte bit"): exclusive when the
 * swap PTE carries swp_exclusive, the page is fresh, or page_count == 1 after the 5.18 preamble;
 * an exclusive page gets PG_anon_exclusive, and the PTE's write bit follows swapinWritableOnRead.
 */
export function reuseExclusiveOrFreshOrRc1(ctx: Ctx, input: SwapinInput): SwapinVerdict {
  const { frame, swapPte } = input;
  const marked = !frame.ksm && (swapPte.exclusive || input.fresh);
  drainFreeAndRelease(ctx, input);
  const exclusive = !frame.ksm && (marked || frame.refcount === 1);
  if (!exclusive) {
    const why = `do_swap_page: not exclusive (page_count ${frame.refcount}), map read-only`;
    return { exclusive, writable: false, dirty: false, handled: false, why };
  }
  const w = chooseSwapinWritable(ctx.policy)(input.write, input.vma, swapPte);
  const why = `do_swap_page: ${swapPte.exclusive ? "swp_exclusive" : `page_count ${frame.refcount}`}, exclusive; ${w.why}`;
  return { exclusive, writable: w.writable, dirty: w.dirty, handled: w.handled, why };
}

/** The rule of a policy. */
export function chooseSwapinReuse(policy: Policy): SwapinReuse {
  switch (policy.swapinReuse) {
    case "mapcount-swapcount":
      return reuseByMapcountSwapcount;
    case "fresh-or-rc1":
      return reuseFreshOrRc1;
    case "exclusive-or-fresh-or-rc1":
      return reuseExclusiveOrFreshOrRc1;
  }
}
