// Swap: reclaim into the swap cache, swap-in, swap slot counts (mm/vmscan.c, mm/rmap.c
// try_to_unmap_one, mm/memory.c do_swap_page, mm/swapfile.c).
// STUB: owned by the kernel-gup/swap work; replaced with the real implementation.
import type { Ctx } from "./context.js";
import type { Outcome } from "./events.js";
import type { FaultRequest, FaultResult } from "./faultTypes.js";
import type { SwapSlot, Vpn } from "./ids.js";
import type { PageRange } from "./ops.js";
import type { Mm, SwapPte, Vma } from "./state.js";

/** do_swap_page: fault on a swap PTE. */
export function doSwapPage(_ctx: Ctx, _mm: Mm, _vma: Vma, _vpn: Vpn, _pte: SwapPte, _req: FaultRequest): FaultResult {
  throw new Error("not implemented: doSwapPage");
}

/** swap_duplicate: fork copied a swap PTE (swap count + 1). */
export function swapDuplicate(_ctx: Ctx, _slot: SwapSlot): void {
  throw new Error("not implemented: swapDuplicate");
}

/** free_swap_and_cache: a swap PTE was zapped (swap count - 1; the slot and its cache go at zero). */
export function freeSwapAndCache(_ctx: Ctx, _slot: SwapSlot): void {
  throw new Error("not implemented: freeSwapAndCache");
}

/** madvise(MADV_PAGEOUT) over a range of mm. */
export function madvisePageout(_ctx: Ctx, _mm: Mm, _range: PageRange): Outcome {
  throw new Error("not implemented: madvisePageout");
}
