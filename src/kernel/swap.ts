// Swap: reclaim into the swap cache, swap-in, swap slot counts (mm/vmscan.c, mm/rmap.c
// try_to_unmap_one, mm/memory.c do_swap_page, mm/swapfile.c). The code lives in swapSlots,
// swapin and reclaim; this file keeps the names the fault, fork and zap paths import.
export { doSwapPage, swapinPage } from "./swapin.js";
export { addToSwap, freeSwapAndCache, swapDuplicate, swapEntryOf, swapFree } from "./swapSlots.js";
export { madvisePageout, opReclaim, shrinkPage } from "./reclaim.js";
