// The page table of one mm as a Map<Vpn, Pte>. Lookups walk a directory of 64-entry leaves,
// as the MMU walks page-table pages, instead of hashing every vpn; iteration keeps Map's
// insertion order exactly, because fork (copy_page_range), clear_refs and the checker observe it.
import type { Vpn } from "./ids.js";
import type { Pte } from "./state.js";

const LEAF_SHIFT = 6;
const LEAF_SIZE = 1 << LEAF_SHIFT;
const LEAF_MASK = LEAF_SIZE - 1;
/** Holes the insertion log may hold beyond its live entries before it is compacted. */
const SLACK = 32;

/** One leaf: the PTEs of LEAF_SIZE consecutive vpns and where each sits in the insertion log. */
class Leaf {
  readonly ptes: (Pte | undefined)[] = new Array<Pte | undefined>(LEAF_SIZE).fill(undefined);
  readonly at: number[] = new Array<number>(LEAF_SIZE).fill(0);
  count = 0;
}

/**
 * A Map<Vpn, Pte> with Map's semantics, iteration order included: a new key goes last, setting
 * a present key keeps its place, and live iterators see entries added after them and skip
 * entries deleted before they reach them.
 */
export class PteTable implements Map<Vpn, Pte> {
  private readonly dir = new Map<number, Leaf>();
  /** The leaf of the last lookup: user accesses and fork walk neighbouring vpns. */
  private hotKey = Number.NaN;
  private hotLeaf: Leaf | undefined = undefined;
  /** Every key ever set, in insertion order; an entry is live while its leaf slot points back at it. */
  private order: Vpn[] = [];
  private live = 0;
  /** Iterations in progress: the log is not compacted under them. */
  private iterating = 0;

  get size(): number {
    return this.live;
  }

  get [Symbol.toStringTag](): string {
    return "PteTable";
  }

  /** The leaf holding `key`'s slot, or undefined. Any number works as a vpn: a fraction finds no leaf. */
  private leaf(key: number): Leaf | undefined {
    if (key === this.hotKey) return this.hotLeaf;
    const l = this.dir.get(key);
    if (l !== undefined) {
      this.hotKey = key;
      this.hotLeaf = l;
    }
    return l;
  }

  get(vpn: Vpn): Pte | undefined {
    const i = vpn & LEAF_MASK;
    const l = this.leaf((vpn - i) / LEAF_SIZE);
    return l === undefined ? undefined : l.ptes[i];
  }

  has(vpn: Vpn): boolean {
    return this.get(vpn) !== undefined;
  }

  set(vpn: Vpn, pte: Pte): this {
    const i = vpn & LEAF_MASK;
    const key = (vpn - i) / LEAF_SIZE;
    let l = this.leaf(key);
    if (l === undefined) {
      l = new Leaf();
      this.dir.set(key, l);
      this.hotKey = key;
      this.hotLeaf = l;
    }
    if (l.ptes[i] === undefined) {
      l.at[i] = this.order.length;
      // Map keys are normalised the same way: -0 becomes +0.
      this.order.push(vpn + 0);
      l.count++;
      this.live++;
    }
    l.ptes[i] = pte;
    return this;
  }

  delete(vpn: Vpn): boolean {
    const i = vpn & LEAF_MASK;
    const key = (vpn - i) / LEAF_SIZE;
    const l = this.leaf(key);
    if (l === undefined || l.ptes[i] === undefined) return false;
    l.ptes[i] = undefined;
    this.live--;
    if (--l.count === 0) {
      this.dir.delete(key);
      this.hotKey = Number.NaN;
      this.hotLeaf = undefined;
    }
    if (this.iterating === 0 && this.order.length > 2 * this.live + SLACK) this.compact();
    return true;
  }

  clear(): void {
    for (const vpn of [...this.keys()]) this.delete(vpn);
  }

  /** The PTE of the log entry at `j` if that entry is still live, else undefined. */
  private liveAt(j: number): Pte | undefined {
    const vpn = this.order[j] as Vpn;
    const i = vpn & LEAF_MASK;
    const l = this.leaf((vpn - i) / LEAF_SIZE);
    return l === undefined || l.at[i] !== j ? undefined : l.ptes[i];
  }

  /** Drops the holes deleted keys left in the log (no iteration is in progress). */
  private compact(): void {
    const old = this.order;
    const order: Vpn[] = [];
    for (let j = 0; j < old.length; j++) {
      if (this.liveAt(j) === undefined) continue;
      const vpn = old[j] as Vpn;
      (this.leaf((vpn - (vpn & LEAF_MASK)) / LEAF_SIZE) as Leaf).at[vpn & LEAF_MASK] = order.length;
      order.push(vpn);
    }
    this.order = order;
  }

  /** Map.prototype.forEach; it allocates nothing per entry, so kernel walks over every PTE use it. */
  forEach(fn: (pte: Pte, vpn: Vpn, map: Map<Vpn, Pte>) => void, thisArg?: unknown): void {
    this.iterating++;
    try {
      for (let j = 0; j < this.order.length; j++) {
        const pte = this.liveAt(j);
        if (pte !== undefined) fn.call(thisArg, pte, this.order[j] as Vpn, this);
      }
    } finally {
      this.iterating--;
    }
  }

  *entries(): MapIterator<[Vpn, Pte]> {
    this.iterating++;
    try {
      // The log's length is read on every round so that keys added meanwhile are visited, as in a Map.
      for (let j = 0; j < this.order.length; j++) {
        const pte = this.liveAt(j);
        if (pte !== undefined) yield [this.order[j] as Vpn, pte];
      }
    } finally {
      this.iterating--;
    }
  }

  *keys(): MapIterator<Vpn> {
    for (const [vpn] of this.entries()) yield vpn;
  }

  *values(): MapIterator<Pte> {
    for (const [, pte] of this.entries()) yield pte;
  }

  [Symbol.iterator](): MapIterator<[Vpn, Pte]> {
    return this.entries();
  }
}
