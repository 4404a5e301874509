// A map's entries in ascending key order, gathered into arrays reused from one fingerprint to
// the next: the maps a state is made of are small and mostly already in key order, so an
// insertion sort over reused arrays beats sorting a fresh array of keys per map per state.

/** Entries keys[i] -> vals[i] for i < n, keys ascending. */
export interface SortedEntries<V> {
  readonly keys: number[];
  readonly vals: V[];
  n: number;
}

export function createSortedEntries<V>(): SortedEntries<V> {
  return { keys: [], vals: [], n: 0 };
}

function collect<V>(this: SortedEntries<V>, v: V, k: number): void {
  this.keys[this.n] = k;
  this.vals[this.n] = v;
  this.n++;
}

/** The entries of `m` into `into`, sorted by key (keys are distinct: a map's). */
export function sortedEntries<V>(m: ReadonlyMap<number, V>, into: SortedEntries<V>): SortedEntries<V> {
  into.n = 0;
  m.forEach(collect as (v: V, k: number) => void, into);
  const { keys, vals } = into;
  for (let i = 1; i < into.n; i++) {
    const k = keys[i] as number;
    if (k > (keys[i - 1] as number)) continue;
    const v = vals[i] as V;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as number) > k; j--) {
      keys[j + 1] = keys[j] as number;
      vals[j + 1] = vals[j] as V;
    }
    keys[j + 1] = k;
    vals[j + 1] = v;
  }
  return into;
}

/** Ids of a union being gathered: out[0 .. n), and the map the second pass skips ids of. */
interface Union {
  out: number[];
  n: number;
  skip: ReadonlyMap<number, unknown> | null;
}

const union: Union = { out: [], n: 0, skip: null };

function collectKey(this: Union, _: unknown, k: number): void {
  if (this.skip !== null && this.skip.has(k)) return;
  this.out[this.n++] = k;
}

/** The ids either map knows, ascending, into out[0 .. count); returns count (the rest of `out` is stale). */
export function unionKeys(a: ReadonlyMap<number, unknown>, b: ReadonlyMap<number, unknown>, out: number[]): number {
  union.out = out;
  union.n = 0;
  union.skip = null;
  a.forEach(collectKey, union);
  union.skip = a;
  b.forEach(collectKey, union);
  union.skip = null;
  const n = union.n;
  for (let i = 1; i < n; i++) {
    const k = out[i] as number;
    let j = i - 1;
    for (; j >= 0 && (out[j] as number) > k; j--) out[j + 1] = out[j] as number;
    out[j + 1] = k;
  }
  return n;
}
