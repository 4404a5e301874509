// struct page lifetime: allocation, references and the DMA-pin test
// (mm/page_alloc.c, include/linux/mm.h get_page / put_page / page_maybe_dma_pinned).
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { Pfn } from "./ids.js";
import { asPfn } from "./ids.js";
import type { Policy } from "./policy.js";
import type { Frame, World } from "./state.js";
import { modelBug } from "./modelBug.js";

/** GUP_PIN_COUNTING_BIAS (include/linux/mm.h, 5.7+): what one FOLL_PIN adds to a small page's refcount. */
export const GUP_PIN_COUNTING_BIAS = 1024;

/** Allocates a fresh anon frame holding `value`, refcount 1 (the caller's reference), no mappings. */
export function allocFrame(ctx: Ctx, value: number, why: string): Frame {
  const w = ctx.world;
  const frame: Frame = {
    pfn: asPfn(w.nextPfn++),
    value,
    refcount: 1,
    mapcount: 0,
    pincount: 0,
    anon: true,
    ksm: false,
    anonExclusive: false,
    swapCache: null,
    inLruBatch: false,
    onLru: false,
    dirty: true,
  };
  w.frames.set(frame.pfn, frame);
  if (ctx.record !== false) emit(ctx, { kind: "alloc", pfn: frame.pfn, text: why });
  return frame;
}

/** The frame of a pfn. Throws for a freed pfn: a model bug (no holder may keep a freed pfn). */
export function frameOf(world: World, pfn: Pfn): Frame {
  const f = world.frames.get(pfn);
  // Every holder of a pfn owns a reference, so the frame cannot be freed while it is held.
  if (f === undefined) throw modelBug("pfn", pfn, "is not allocated");
  return f;
}

export function isZeroPfn(world: World, pfn: Pfn): boolean {
  return pfn === world.zeroPfn;
}

/** get_page: one more reference (no-op on the shared zero page, whose counters are not tracked). */
export function getPage(ctx: Ctx, pfn: Pfn): void {
  if (isZeroPfn(ctx.world, pfn)) return;
  frameOf(ctx.world, pfn).refcount++;
}

/** put_page: drops one reference and frees the frame when none is left. */
export function putPage(ctx: Ctx, pfn: Pfn, refs = 1): void {
  if (isZeroPfn(ctx.world, pfn)) return;
  putFrame(ctx, frameOf(ctx.world, pfn), refs);
}

/** put_page on a frame already in hand (never the zero page): the fault and LRU paths skip a lookup. */
export function putFrame(ctx: Ctx, f: Frame, refs = 1): void {
  f.refcount -= refs;
  // A negative count means a reference was dropped twice: a model bug, never a kernel outcome.
  if (f.refcount < 0) throw modelBug("pfn", f.pfn, "refcount went negative");
  if (f.refcount === 0) {
    ctx.world.frames.delete(f.pfn);
    emit(ctx, { kind: "free", pfn: f.pfn, text: "put_page: last reference dropped, page freed" });
  }
}

/**
 * page_maybe_dma_pinned (include/linux/mm.h, 5.7+): for a small page, refcount >= GUP_PIN_COUNTING_BIAS.
 * False positives are possible (1024 ordinary references); before 5.7 there is no pin accounting.
 */
export function pageMaybeDmaPinned(frame: Frame, policy: Policy): boolean {
  return policy.follPin === "bias" && frame.refcount >= GUP_PIN_COUNTING_BIAS;
}
