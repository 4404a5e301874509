// The visited set of a search over many kernels at once: per 64-bit fingerprint, the kernels
// (a bit mask) that have reached the state, and where the state sits on the level being built
// (so that kernels reaching the very same state from elsewhere join its entry instead of
// expanding it twice). A fingerprint table of four words a slot, grown at three quarters load.
import type { FingerprintTable, TableView } from "./fingerprintTable.js";
import { createFingerprintTable, findSlot, forEachSlot } from "./fingerprintTable.js";
import type { Allocate } from "./wordStream.js";

export { slotOf } from "./fingerprintTable.js";

/** Words of a slot: lo, hi, kernels, then the level tag (see setEntryAt). */
const W = 4;

export type SharedVisited = FingerprintTable;

export function createSharedVisited(initialSlots = 1 << 16, alloc?: Allocate): SharedVisited {
  return createFingerprintTable(W, initialSlots, [3, 4], alloc);
}

/** The kernels that have reached the fingerprint, 0 if none (reads only: a worker's view of a shared table will do). */
export function kernelsOf(set: TableView, lo: number, hi: number): number {
  const slot = findSlot(set, lo, hi);
  return slot < 0 ? 0 : (set.table[W * slot + 2] as number);
}

/** Calls fn with every stored fingerprint and its kernels. */
export function forEachVisited(set: SharedVisited, fn: (lo: number, hi: number, kernels: number) => void): void {
  const t = set.table;
  forEachSlot(set, (i) => fn(t[W * i] as number, t[W * i + 1] as number, t[W * i + 2] as number));
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
