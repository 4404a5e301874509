// The set of visited states: 64-bit fingerprints in an open-addressing table of 32-bit words
// (linear probing, grown at half load). Eight bytes a slot, no per-state object. The table may
// live in shared memory, so that worker threads can probe it while the search stands still.
import type { FingerprintTable, TableView } from "./fingerprintTable.js";
import { createFingerprintTable, findSlot, forEachSlot, slotOf } from "./fingerprintTable.js";
import type { Allocate } from "./wordStream.js";

/** A set of (lo, hi) fingerprint pairs: a fingerprint table with nothing else per slot. */
export type VisitedSet = FingerprintTable;

export function createVisitedSet(initialSlots = 1 << 16, alloc?: Allocate): VisitedSet {
  return createFingerprintTable(2, initialSlots, [1, 2], alloc);
}

/** Adds the fingerprint; true when it was not there before. */
export function addFingerprint(set: VisitedSet, lo: number, hi: number): boolean {
  const before = set.size;
  slotOf(set, lo, hi);
  return set.size > before;
}

/** Whether the set holds the fingerprint (reads only: a worker's view of a shared table will do). */
export function hasFingerprint(set: TableView, lo: number, hi: number): boolean {
  return findSlot(set, lo, hi) >= 0;
}

/** Bytes the table takes now. */
export function visitedBytes(set: VisitedSet): number {
  return set.table.byteLength;
}

/** Every fingerprint in the set, in table order (for shard results). */
export function fingerprints(set: VisitedSet): [number, number][] {
  const out: [number, number][] = [];
  forEachSlot(set, (i) => out.push([set.table[2 * i] as number, set.table[2 * i + 1] as number]));
  return out;
}
