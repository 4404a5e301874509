// A small seeded random generator (mulberry32) for the native fuzzer: the same seed gives
// the same scenarios on every machine. Its state is one 32-bit word that can be saved.

/** A deterministic source of random numbers. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** The state to restore with createRng(state). */
  state(): number;
}

/** A generator starting from a 32-bit state. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      // Cannot happen: callers pick from lists they checked are non-empty.
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(items.length)] as T;
    },
    chance: (p) => next() < p,
    state: () => s,
  };
}

/** A bijective 32-bit mixer (the murmur3 finalizer). */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of scenario `index` of a fuzzing run: each can be regenerated alone. */
export function scenarioSeed(seed: number, index: number): number {
  return mix32((mix32(seed) + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}
