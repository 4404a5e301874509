// The seeded random generator of the checker's fuzzer and the native oracle's random scenarios:
// splitmix32 (a Weyl sequence stepped by the golden gamma, each
// state passed through MurmurHash3's fmix32), one 32-bit word of state that prints as 8 hex
// digits. Each run draws from its own generator, derived from (seed, run index), so any run
// can be replayed alone without drawing the runs before it.

/** A splitmix32 generator. Mutable: every draw advances `state`. */
export interface Rng {
  state: number;
}

const GOLDEN_GAMMA = 0x9e3779b9;
const TWO_32 = 4294967296;

/** MurmurHash3's fmix32: a bijection on 32-bit words that mixes every bit into every other. */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A generator whose state is `seed` (taken modulo 2^32). */
export function createRng(seed: number): Rng {
  return { state: seed >>> 0 };
}

/** The generator of run `run` of the fuzz seeded with `seed`. */
export function runRng(seed: number, run: number): Rng {
  return createRng(mix32((seed >>> 0) ^ mix32(Math.imul(run + 1, GOLDEN_GAMMA))));
}

/** The next 32-bit word, 0 .. 2^32 - 1. */
export function nextUint32(r: Rng): number {
  r.state = (r.state + GOLDEN_GAMMA) >>> 0;
  return mix32(r.state);
}

/** A uniform integer in 0 .. n - 1 (n ≥ 1), unbiased: draws that fall in the ragged top are redrawn. */
export function nextInt(r: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`nextInt: n must be an integer in 1..2^32, got ${n}`);
  const limit = TWO_32 - (TWO_32 % n);
  for (;;) {
    const x = nextUint32(r);
    if (x < limit) return x % n;
  }
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(r: Rng, items: readonly T[]): T {
  const item = items[nextInt(r, items.length)];
  if (item === undefined) throw new RangeError("pick: empty list");
  return item;
}

/** The state as 8 lower-case hex digits (what `createRng(parseInt(text, 16))` resumes from). */
export function formatRngState(r: Rng): string {
  return r.state.toString(16).padStart(8, "0");
}

/** A float in [0, 1). */
export function nextFloat(r: Rng): number {
  return nextUint32(r) / TWO_32;
}

/** True with probability p. */
export function chance(r: Rng, p: number): boolean {
  return nextFloat(r) < p;
}
