// The per-CPU LRU add batch (mm/swap.c lru_cache_add / folio_add_lru, lru_add_drain): a new
// page waits in the batch, holding one reference, until the batch is drained. On one CPU
// that reference is what makes era D copy young pages (linux-cow-eras.md §10.9).
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { frameOf, putFrame } from "./frame.js";
import type { Pfn } from "./ids.js";
import type { Frame } from "./state.js";
import { modelBug } from "./modelBug.js";

/**
 * lru_cache_add: queues a freshly allocated page in the CPU's batch (+1 reference). The add that
 * fills the batch (PAGEVEC_SIZE 15, folio_batch 31 by 6.13: policy.lruBatchSize) drains it.
 */
export function lruCacheAdd(ctx: Ctx, frame: Frame): void {
  // A page enters the batch once, right after allocation; a second add is a model bug.
  if (frame.inLruBatch || frame.onLru) throw modelBug("pfn", frame.pfn, "is already on the LRU");
  frame.inLruBatch = true;
  frame.refcount++;
  ctx.world.lruBatch.push(frame.pfn);
  if (ctx.record !== false) emit(ctx, { kind: "lru-add", pfn: frame.pfn, text: "lru_cache_add: page waits in the LRU add batch (+1 reference)" });
  if (ctx.world.lruBatch.length >= ctx.policy.lruBatchSize) lruAddDrain(ctx, "lru_cache_add: batch full");
}

/**
 * lru_add_drain: every batched page moves to the LRU and the batch drops its reference (which
 * frees a page nothing else holds). Draining an empty batch does nothing and records nothing.
 */
export function lruAddDrain(ctx: Ctx, why: string): void {
  const batch = ctx.world.lruBatch;
  if (batch.length === 0) return;
  ctx.world.lruBatch = [];
  if (ctx.record !== false) emit(ctx, { kind: "lru-drain", text: `${why}: lru_add_drain moves ${batch.length} page(s) to the LRU` });
  for (let i = 0; i < batch.length; i++) {
    // Batched pages are anon or shmem pages, never the zero page.
    const frame = frameOf(ctx.world, batch[i] as Pfn);
    frame.inLruBatch = false;
    frame.onLru = true;
    putFrame(ctx, frame);
  }
}
