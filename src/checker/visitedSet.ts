// The set of visited states: 64-bit fingerprints in an open-addressing table of 32-bit words
// (linear probing, grown at half load). Eight bytes a slot, no per-state object. The table may
// live in shared memory, so that worker threads can probe it while the search stands still.
import type { Allocate } from "./wordStream.js";

const plainMemory: Allocate = (bytes) => new ArrayBuffer(bytes);

/** A set of (lo, hi) fingerprint pairs. (0, 0) marks an empty slot, so it is stored as (1, 0). */
export interface VisitedSet {
  table: Uint32Array;
  /** Slots minus one (the table has a power-of-two slot count). */
  mask: number;
  size: number;
  readonly alloc?: Allocate;
}

export function createVisitedSet(initialSlots = 1 << 16, alloc?: Allocate): VisitedSet {
  let slots = 16;
  while (slots < initialSlots) slots *= 2;
  const table = new Uint32Array((alloc ?? plainMemory)(slots * 8));
  return alloc === undefined ? { table, mask: slots - 1, size: 0 } : { table, mask: slots - 1, size: 0, alloc };
}

/** Adds the fingerprint; true when it was not there before. */
export function addFingerprint(set: VisitedSet, lo: number, hi: number): boolean {
  if (lo === 0 && hi === 0) lo = 1;
  if ((set.size + 1) * 2 > set.mask + 1) grow(set);
  return insert(set, lo >>> 0, hi >>> 0);
}

/** Whether the set holds the fingerprint (only `table` and `mask` are read: a worker's view of a shared table will do). */
export function hasFingerprint(set: Pick<VisitedSet, "table" | "mask">, lo: number, hi: number): boolean {
  if (lo === 0 && hi === 0) lo = 1;
  const t = set.table;
  for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & set.mask; ; i = (i + 1) & set.mask) {
    const a = t[2 * i] ?? 0;
    const b = t[2 * i + 1] ?? 0;
    if (a === 0 && b === 0) return false;
    if (a === lo >>> 0 && b === hi >>> 0) return true;
  }
}

function insert(set: VisitedSet, lo: number, hi: number): boolean {
  const t = set.table;
  for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & set.mask; ; i = (i + 1) & set.mask) {
    const a = t[2 * i] ?? 0;
    const b = t[2 * i + 1] ?? 0;
    if (a === 0 && b === 0) {
      t[2 * i] = lo;
      t[2 * i + 1] = hi;
      set.size++;
      return true;
    }
    if (a === lo && b === hi) return false;
  }
}

function grow(set: VisitedSet): void {
  const old = set.table;
  const slots = (set.mask + 1) * 2;
  set.table = new Uint32Array((set.alloc ?? plainMemory)(slots * 8));
  set.mask = slots - 1;
  set.size = 0;
  for (let i = 0; i < old.length; i += 2) {
    const lo = old[i] ?? 0;
    const hi = old[i + 1] ?? 0;
    if (lo !== 0 || hi !== 0) insert(set, lo, hi);
  }
}

/** Bytes the table takes now. */
export function visitedBytes(set: VisitedSet): number {
  return set.table.byteLength;
}

/** Every fingerprint in the set, in table order (for shard results). */
export function* fingerprints(set: VisitedSet): Generator<[number, number]> {
  const t = set.table;
  for (let i = 0; i < t.length; i += 2) {
    const lo = t[i] ?? 0;
    const hi = t[i + 1] ?? 0;
    if (lo !== 0 || hi !== 0) yield [lo, hi];
  }
}
