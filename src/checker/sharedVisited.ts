// The visited set of a search over many kernels at once: per 64-bit fingerprint, the kernels
// (a bit mask) that have reached the state, and where the state sits on the level being built
// (so that kernels reaching the very same state from elsewhere join its entry instead of
// expanding it twice). Open addressing, four 32-bit words a slot, grown at three quarters load.

import type { Allocate } from "./wordStream.js";

const plainMemory: Allocate = (bytes) => new ArrayBuffer(bytes);

/** (0, 0) marks an empty slot, so that fingerprint is stored as (1, 0). */
export interface SharedVisited {
  table: Uint32Array;
  /** Slots minus one (a power of two minus one). */
  mask: number;
  /** Fingerprints stored. */
  size: number;
  readonly alloc?: Allocate;
}

/** Words of a slot: lo, hi, kernels, then the level tag (see levelTag). */
const W = 4;

export function createSharedVisited(initialSlots = 1 << 16, alloc?: Allocate): SharedVisited {
  let slots = 16;
  while (slots < initialSlots) slots *= 2;
  const table = new Uint32Array((alloc ?? plainMemory)(slots * W * 4));
  return alloc === undefined ? { table, mask: slots - 1, size: 0 } : { table, mask: slots - 1, size: 0, alloc };
}

/** The kernels that have reached the fingerprint, 0 if none (reads only: a worker's view of a shared table will do). */
export function kernelsOf(set: Pick<SharedVisited, "table" | "mask">, lo: number, hi: number): number {
  if (lo === 0 && hi === 0) lo = 1;
  lo >>>= 0;
  hi >>>= 0;
  const t = set.table;
  for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & set.mask; ; i = (i + 1) & set.mask) {
    const a = t[W * i] as number;
    const b = t[W * i + 1] as number;
    if (a === lo && b === hi) return t[W * i + 2] as number;
    if (a === 0 && b === 0) return 0;
  }
}

/** Calls fn with every stored fingerprint and its kernels. */
export function forEachVisited(set: SharedVisited, fn: (lo: number, hi: number, kernels: number) => void): void {
  const t = set.table;
  for (let i = 0; i < t.length; i += W) {
    if (t[i] !== 0 || t[i + 1] !== 0) fn(t[i] as number, t[i + 1] as number, t[i + 2] as number);
  }
}

/** The slot of a fingerprint, added (with no kernels) if absent. Valid until the next call. */
export function slotOf(set: SharedVisited, lo: number, hi: number): number {
  if (lo === 0 && hi === 0) lo = 1;
  if ((set.size + 1) * 4 > (set.mask + 1) * 3) grow(set);
  return probe(set, lo >>> 0, hi >>> 0);
}

function probe(set: SharedVisited, lo: number, hi: number): number {
  const t = set.table;
  for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & set.mask; ; i = (i + 1) & set.mask) {
    const a = t[W * i] as number;
    const b = t[W * i + 1] as number;
    if (a === lo && b === hi) return i;
    if (a === 0 && b === 0) {
      t[W * i] = lo;
      t[W * i + 1] = hi;
      set.size++;
      return i;
    }
  }
}

function grow(set: SharedVisited): void {
  const old = set.table;
  const slots = (set.mask + 1) * 2;
  set.table = new Uint32Array((set.alloc ?? plainMemory)(slots * W * 4));
  set.mask = slots - 1;
  set.size = 0;
  for (let i = 0; i < old.length; i += W) {
    const lo = old[i] as number;
    const hi = old[i + 1] as number;
    if (lo === 0 && hi === 0) continue;
    const j = probe(set, lo, hi);
    set.table[W * j + 2] = old[i + 2] as number;
    set.table[W * j + 3] = old[i + 3] as number;
  }
}

/** The kernels that have reached the slot's state. */
export const kernelsAt = (set: SharedVisited, slot: number): number => set.table[W * slot + 2] as number;

export function addKernels(set: SharedVisited, slot: number, kernels: number): void {
  set.table[W * slot + 2] = ((set.table[W * slot + 2] as number) | kernels) >>> 0;
}

/** Entries per level are below 2^26; levels (at most 64 deep) are told apart by their low 6 bits. */
const LEVEL_BITS = 6;
export const MAX_LEVEL_ENTRIES = 2 ** (32 - LEVEL_BITS) - 1;

/** The entry of the slot's state on `level`, or -1 when it has none there. */
export function entryAt(set: SharedVisited, slot: number, level: number): number {
  const tag = set.table[W * slot + 3] as number;
  if (tag === 0 || ((tag - 1) & ((1 << LEVEL_BITS) - 1)) !== (level & ((1 << LEVEL_BITS) - 1))) return -1;
  return Math.floor((tag - 1) / (1 << LEVEL_BITS));
}

export function setEntryAt(set: SharedVisited, slot: number, level: number, entry: number): void {
  if (entry >= MAX_LEVEL_ENTRIES) throw new Error(`search too large: more than ${MAX_LEVEL_ENTRIES} states on one level`);
  set.table[W * slot + 3] = entry * (1 << LEVEL_BITS) + (level & ((1 << LEVEL_BITS) - 1)) + 1;
}

/** Bytes of the table. */
export const sharedVisitedBytes = (set: SharedVisited): number => set.table.byteLength;
