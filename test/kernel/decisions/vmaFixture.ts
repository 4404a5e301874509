// Plain VMA, frame and PTE values for the decision tests (no world needed).
import { asPfn, asSwapSlot } from "../../../src/kernel/ids.js";
import type { Frame, SwapPte, Vma } from "../../../src/kernel/state.js";

/** A private read-write anon VMA with an anon_vma; override what a test varies. */
export const vmaWith = (o: Partial<Vma> = {}): Vma => ({
  start: 0, end: 1, read: true, write: true, mayWrite: true, shared: false, dontCopy: false,
  wipeOnFork: false, softDirty: true, mergeable: false, anonVma: true, shmem: null, ...o,
});

/** A mapped anon page on the LRU, refcount 1. */
export const frameWith = (o: Partial<Frame> = {}): Frame => ({
  pfn: asPfn(1), value: 0, refcount: 1, mapcount: 1, pincount: 0, anon: true, ksm: false, anonExclusive: false,
  swapCache: null, inLruBatch: false, onLru: true, dirty: true, ...o,
});

/** An exclusive, soft-dirty swap PTE of slot 1. */
export const swapPteWith = (o: Partial<SwapPte> = {}): SwapPte => ({
  present: false, slot: asSwapSlot(1), softDirty: true, uffdWp: false, exclusive: true, ...o,
});
