// A growable stream of 32-bit words and a cursor over one: what packed search states are
// written to and read from. A writer may grow in shared memory (a level read by worker
// threads); the scratch writer packState uses is reset, not reallocated. Readers index the
// words directly (see WordReader).

/** Where a buffer's memory comes from: an ArrayBuffer, or a SharedArrayBuffer for worker threads. */
export type Allocate = (bytes: number) => ArrayBufferLike;

const plainMemory: Allocate = (bytes) => new ArrayBuffer(bytes);

/** Words written so far: `buf[0..n)`. */
export interface WordWriter {
  buf: Int32Array;
  n: number;
  readonly alloc: Allocate;
}

export function createWordWriter(words = 1024, alloc: Allocate = plainMemory): WordWriter {
  return { buf: new Int32Array(alloc(words * 4)), n: 0, alloc };
}

function grow(w: WordWriter, need: number): void {
  let size = w.buf.length * 2;
  while (size < need) size *= 2;
  const bigger = new Int32Array(w.alloc(size * 4));
  bigger.set(w.buf.subarray(0, w.n));
  w.buf = bigger;
}

/** Appends one word (an integer that fits in 32 bits, signed). */
export function put(w: WordWriter, x: number): void {
  if (w.n === w.buf.length) grow(w, w.n + 1);
  w.buf[w.n++] = x;
}

/** Appends words[from..to). */
export function putAll(w: WordWriter, words: Int32Array, from: number, to: number): void {
  if (w.n + to - from > w.buf.length) grow(w, w.n + to - from);
  w.buf.set(words.subarray(from, to), w.n);
  w.n += to - from;
}

/**
 * A cursor at `i` in `buf`. Readers index `buf` directly from a local copy of `i` and store it
 * back: a reader out of step with its writer reads past the end, which unpackState's length
 * check reports, instead of paying a bounds check on every word.
 */
export interface WordReader {
  readonly buf: Int32Array;
  i: number;
}

/** Bit `bit` of a boolean. */
export const bit = (x: boolean, n: number): number => (x ? 1 << n : 0);
