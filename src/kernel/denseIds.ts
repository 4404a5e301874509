// Numbers (pfns, swap slots, any raw id) numbered 0, 1, 2 ... in first-seen order, in scratch
// that one reset empties without clearing: the invariants and the explorer's fingerprint run on
// every explored state, and per-call Maps and Sets cost more there than the work itself.

/** Keys below this sit in typed arrays indexed by the key; any other number goes to a Map. */
const DIRECT_LIMIT = 1 << 20;
/** Stamps wrap long before Int32 overflow; the arrays are cleared then. */
const STAMP_LIMIT = 0x3fffffff;

const isDirect = (key: number): boolean => key >= 0 && key < DIRECT_LIMIT && Math.floor(key) === key;

/** A reusable numbering of keys; each `reset` starts an empty one. */
export class DenseIds {
  private stamp = new Int32Array(64);
  private index = new Int32Array(64);
  private gen = 1;
  private readonly other = new Map<number, number>();
  /** The keys by index: keys[0 .. size). */
  readonly keys: number[] = [];
  size = 0;

  reset(): void {
    if (++this.gen === STAMP_LIMIT) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    this.size = 0;
    if (this.other.size > 0) this.other.clear();
  }

  /** The index of `key`, or -1 when it was not added since the reset. */
  find(key: number): number {
    if (!isDirect(key)) return this.other.get(key) ?? -1;
    return key < this.stamp.length && this.stamp[key] === this.gen ? (this.index[key] as number) : -1;
  }

  /** The index of `key`, numbering it next when it is new. */
  add(key: number): number {
    if (key >>> 0 === key && key < this.stamp.length) {
      if (this.stamp[key] === this.gen) return this.index[key] as number;
      const i = this.size++;
      this.keys[i] = key;
      this.stamp[key] = this.gen;
      this.index[key] = i;
      return i;
    }
    const found = this.find(key);
    if (found >= 0) return found;
    const i = this.size++;
    this.keys[i] = key;
    if (!isDirect(key)) {
      this.other.set(key, i);
      return i;
    }
    if (key >= this.stamp.length) this.grow(key);
    this.stamp[key] = this.gen;
    this.index[key] = i;
    return i;
  }

  private grow(key: number): void {
    let size = this.stamp.length * 2;
    while (size <= key) size *= 2;
    const stamp = new Int32Array(size);
    stamp.set(this.stamp);
    const index = new Int32Array(size);
    index.set(this.index);
    this.stamp = stamp;
    this.index = index;
  }
}

/** An Int32Array with room for `n` entries: `a` itself, or a larger copy of it. */
export function withRoom(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  let size = a.length * 2;
  while (size < n) size *= 2;
  const bigger = new Int32Array(size);
  bigger.set(a);
  return bigger;
}
