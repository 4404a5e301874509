// Swap-in (mm/memory.c do_swap_page): find the page in the swap cache or read it from its
// slot, map it as swapinReuse decides, and let a write fault that ended read-only continue
// into do_wp_page.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseSwapinReuse } from "./decisions/swapinReuse.js";
import { handleMmFault } from "./fault.js";
import type { FaultRequest, FaultResult } from "./faultTypes.js";
import { allocFrame, frameOf, getPage } from "./frame.js";
import type { SwapSlot, Vpn } from "./ids.js";
import { lruCacheAdd } from "./lru.js";
import type { Frame, Mm, PresentPte, SwapPte, Vma } from "./state.js";
import { swapEntryOf } from "./swapSlots.js";

/**
 * lookup_swap_cache, else swapin_readahead → __read_swap_cache_async: the page of the slot, with
 * one reference for the caller. A page read now is clean, in the swap cache (+1) and in the LRU
 * batch (+1). The readahead window is one page, so readahead does not drain the batch.
 */
export function swapinPage(ctx: Ctx, slot: SwapSlot): Frame {
  const entry = swapEntryOf(ctx.world, slot);
  if (entry.cache !== null) {
    getPage(ctx, entry.cache);
    return frameOf(ctx.world, entry.cache);
  }
  const frame = allocFrame(ctx, entry.value, `swapin_readahead: read swap slot ${slot}`);
  frame.dirty = false;
  frame.swapCache = slot;
  frame.refcount++;
  entry.cache = frame.pfn;
  lruCacheAdd(ctx, frame);
  return frame;
}

/**
 * do_swap_page: fault on a swap PTE. An unshare request is a read here (the GUP retry then sees
 * the mapped page). Swap never fills and nothing is mlocked in the model, so the unconditional
 * try_to_free_swap of those cases never runs.
 */
export function doSwapPage(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: SwapPte, req: FaultRequest): FaultResult {
  const frame = swapinPage(ctx, pte.slot);
  const input = { frame, slot: pte.slot, swapPte: pte, vma, write: req.write, fresh: false };
  const verdict = chooseSwapinReuse(ctx.policy)(ctx, input);
  frame.mapcount++;
  vma.anonVma = true;
  if (verdict.exclusive && ctx.policy.anonExclusive) frame.anonExclusive = true;
  const mapped: PresentPte = {
    present: true,
    pfn: frame.pfn,
    // A uffd-wp swap PTE comes back write-protected.
    write: verdict.writable && !pte.uffdWp,
    dirty: verdict.dirty,
    // pte_mkdirty sets soft-dirty on x86; pte_swp_soft_dirty carries the bit over.
    softDirty: pte.softDirty || verdict.dirty,
    uffdWp: pte.uffdWp,
  };
  mm.ptes.set(vpn, mapped);
  emit(ctx, {
    kind: "swap-in",
    pid: mm.pid,
    vpn,
    pfn: frame.pfn,
    decision: { knob: "swapinReuse", choice: ctx.policy.swapinReuse },
    text: verdict.why,
  });
  if (req.write && !verdict.handled) return handleMmFault(ctx, mm, vpn, req);
  return { kind: "ok", brokeCow: verdict.handled };
}
