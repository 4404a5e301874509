// The per-CPU LRU add batch (mm/swap.c lru_cache_add / folio_add_lru, lru_add_drain).
// STUB: owned by the kernel-gup/swap work; replaced with the real implementation.
import type { Ctx } from "./context.js";
import type { Frame } from "./state.js";

/** Queues a freshly allocated page in the CPU's batch (+1 reference); drains when the batch is full. */
export function lruCacheAdd(_ctx: Ctx, _frame: Frame): void {
  throw new Error("not implemented: lruCacheAdd");
}

/** lru_add_drain: moves every batched page to the LRU, dropping the batch's references. */
export function lruAddDrain(_ctx: Ctx, _why: string): void {
  throw new Error("not implemented: lruAddDrain");
}
