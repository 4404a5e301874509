// 64-bit fingerprints in an open-addressing table of 32-bit words (linear probing, power-of-two
// slots): the fingerprint's two words, then `words - 2` words of whatever its user keeps per
// state. No per-state object. The table may live in shared memory, so that worker threads can
// probe it while the search stands still. (0, 0) marks an empty slot, so it is stored as (1, 0).
import type { Allocate } from "./wordStream.js";

const plainMemory: Allocate = (bytes) => new ArrayBuffer(bytes);

export interface FingerprintTable {
  table: Uint32Array;
  /** Slots minus one. */
  mask: number;
  /** Fingerprints stored. */
  size: number;
  /** 32-bit words a slot: 2 for the fingerprint, then the user's. */
  readonly words: number;
  /** The table doubles when a new fingerprint would fill more than loadNum / loadDen of it. */
  readonly loadNum: number;
  readonly loadDen: number;
  readonly alloc?: Allocate;
}

/** What a reader needs to probe a table (a worker thread's view of a shared one). */
export type TableView = Pick<FingerprintTable, "table" | "mask" | "words">;

export function createFingerprintTable(
  words: number, initialSlots: number, load: readonly [number, number], alloc?: Allocate,
): FingerprintTable {
  let slots = 16;
  while (slots < initialSlots) slots *= 2;
  const table = new Uint32Array((alloc ?? plainMemory)(slots * words * 4));
  const t = { table, mask: slots - 1, size: 0, words, loadNum: load[0], loadDen: load[1] };
  return alloc === undefined ? t : { ...t, alloc };
}

const home = (lo: number, hi: number, mask: number): number => (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;

/** The fingerprint's slot, or -1 when it is not stored (reads only). */
export function findSlot(t: TableView, lo: number, hi: number): number {
  if (lo === 0 && hi === 0) lo = 1;
  lo >>>= 0;
  hi >>>= 0;
  const { table, mask, words } = t;
  for (let i = home(lo, hi, mask); ; i = (i + 1) & mask) {
    const a = table[words * i] as number;
    const b = table[words * i + 1] as number;
    if (a === lo && b === hi) return i;
    if (a === 0 && b === 0) return -1;
  }
}

/** The fingerprint's slot, added (its other words 0) when absent; `size` tells whether it was. Valid until the next call. */
export function slotOf(t: FingerprintTable, lo: number, hi: number): number {
  if (lo === 0 && hi === 0) lo = 1;
  if ((t.size + 1) * t.loadDen > (t.mask + 1) * t.loadNum) grow(t);
  return probe(t, lo >>> 0, hi >>> 0);
}

function probe(t: FingerprintTable, lo: number, hi: number): number {
  const { table, mask, words } = t;
  for (let i = home(lo, hi, mask); ; i = (i + 1) & mask) {
    const a = table[words * i] as number;
    const b = table[words * i + 1] as number;
    if (a === lo && b === hi) return i;
    if (a === 0 && b === 0) {
      table[words * i] = lo;
      table[words * i + 1] = hi;
      t.size++;
      return i;
    }
  }
}

/**
 * Grows the table now to the size it needs for `n` fingerprints. Merging one table into another
 * must call this first: a table's slot order is the order of the hash bits that pick its home
 * slots, so copying one table in slot order into a smaller one piles every fingerprint into the
 * same few runs until it grows (one merge of a million fingerprints took 17 s instead of 0.2 s).
 */
export function reserve(t: FingerprintTable, n: number): void {
  let slots = t.mask + 1;
  while (n * t.loadDen > slots * t.loadNum) slots *= 2;
  if (slots > t.mask + 1) grow(t, slots);
}

function grow(t: FingerprintTable, slots = (t.mask + 1) * 2): void {
  const old = t.table;
  t.table = new Uint32Array((t.alloc ?? plainMemory)(slots * t.words * 4));
  t.mask = slots - 1;
  t.size = 0;
  for (let i = 0; i < old.length; i += t.words) {
    if (old[i] === 0 && old[i + 1] === 0) continue;
    const j = probe(t, old[i] as number, old[i + 1] as number);
    for (let w = 2; w < t.words; w++) t.table[t.words * j + w] = old[i + w] as number;
  }
}

/** Calls fn with every occupied slot, in table order. */
export function forEachSlot(t: FingerprintTable, fn: (slot: number) => void): void {
  const { table, words } = t;
  for (let i = 0, slot = 0; i < table.length; i += words, slot++) if (table[i] !== 0 || table[i + 1] !== 0) fn(slot);
}
