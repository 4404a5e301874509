// The renaming a fingerprint applies: frames, swap slots, logical pages, page families, shmem
// objects and values get ids in order of first occurrence in the canonical stream, so states
// that differ only in how things were numbered hash alike. Raw mode keeps every id as it is.
// Value sets (a page's history) are renamed last, after every value a page or slot holds.
import { DenseIds } from "../kernel/denseIds.js";
import { hashWords } from "./hash64.js";

/** One id space being renamed: raw id -> canonical id, and the raw ids in canonical order (keys[0 .. size)). */
export type IdSpace = DenseIds;

/** The encoder's state for one fingerprint. Reused across states (reset between them). */
export interface Encoder {
  readonly canonical: boolean;
  readonly frames: IdSpace;
  readonly slots: IdSpace;
  readonly pages: IdSpace;
  readonly families: IdSpace;
  readonly shmem: IdSpace;
  readonly values: IdSpace;
  /** Processes, renamed to their rank in pid order. */
  readonly procs: IdSpace;
  /** The state's word stream words[0 .. n), hashed once complete (value sets are filled in last). */
  words: Int32Array;
  n: number;
  /** Value sets in stream order: index into `words`, then the raw set (valueBit bits); masks[0 .. nMasks). */
  masks: Int32Array;
  nMasks: number;
}

export function createEncoder(canonical: boolean): Encoder {
  return {
    canonical,
    frames: new DenseIds(), slots: new DenseIds(), pages: new DenseIds(), families: new DenseIds(),
    shmem: new DenseIds(), values: new DenseIds(), procs: new DenseIds(),
    words: new Int32Array(512), n: 0, masks: new Int32Array(64), nMasks: 0,
  };
}

/** Starts a new state; the zero page is canonical frame 0 and the byte 0 canonical value 0. */
export function resetEncoder(e: Encoder, zeroPfn: number): void {
  e.n = 0;
  e.nMasks = 0;
  e.frames.reset();
  e.slots.reset();
  e.pages.reset();
  e.families.reset();
  e.shmem.reset();
  e.values.reset();
  e.procs.reset();
  renameIn(e, e.frames, zeroPfn);
  renameIn(e, e.values, 0);
}

/** The id `raw` stands for: its canonical number (assigned on first sight) or itself in raw mode. */
export function renameIn(e: Encoder, s: IdSpace, raw: number): number {
  const id = s.add(raw);
  return e.canonical ? id : raw;
}

/** The canonical number of `raw` if the current state has named it, else -1. */
export function nameOf(_e: Encoder, s: IdSpace, raw: number): number {
  return s.find(raw);
}

export function word(e: Encoder, w: number): void {
  if (e.n === e.words.length) {
    const words = new Int32Array(2 * e.n);
    words.set(e.words);
    e.words = words;
  }
  // An Int32Array element stores ToInt32(w), as `w | 0` does.
  e.words[e.n++] = w;
}

/** The bit of a byte value in a value set: 0 is bit 0, `A`..`Z` bits 1..26, anything else bit 31. */
export function valueBit(v: number): number {
  if (v === 0) return 1;
  return v >= 65 && v <= 90 ? 1 << (v - 64) : 1 << 31;
}

/** The byte value a value-set bit stands for (valueBit's inverse on the bits it gives). */
export const bitValue = (b: number): number => (b === 0 ? 0 : b === 31 ? 255 : 64 + b);

/**
 * A value set (bits as valueBit gives them). Its values are renamed when the stream is finished:
 * naming them here, in ascending raw order, would make the set {0, A} of one state and the
 * set {0, B} of its mirror image (A and B swapped) name A and B differently, so that two
 * symmetric states, and everything below them, would be stored twice.
 */
export function valueMask(e: Encoder, mask: number): void {
  if (!e.canonical) return word(e, mask);
  if (e.nMasks === e.masks.length) {
    const masks = new Int32Array(2 * e.nMasks);
    masks.set(e.masks);
    e.masks = masks;
  }
  e.masks[e.nMasks++] = e.n;
  e.masks[e.nMasks++] = mask;
  word(e, 0);
}

/** Per encoder call: the bits of the values only value sets name, in naming order. */
const setOnly = new Int32Array(32);

/**
 * Names the values that only value sets mention, by the sets that hold them: each value's
 * signature is the list of sets (in stream order) it is in. Values with equal signatures are
 * interchangeable, so their order (raw, as a tie-break) cannot tell two symmetric states apart.
 */
function nameSetOnlyValues(e: Encoder): void {
  const { masks, nMasks } = e;
  let all = 0;
  for (let i = 1; i < nMasks; i += 2) all |= masks[i] as number;
  let k = 0;
  for (let m = all; m !== 0; m &= m - 1) {
    const b = 31 - Math.clz32(m & -m);
    if (nameOf(e, e.values, bitValue(b)) < 0) setOnly[k++] = b;
  }
  for (let i = 1; i < k; i++) {
    const b = setOnly[i] as number;
    let j = i - 1;
    for (; j >= 0 && compareBySets(masks, nMasks, setOnly[j] as number, b) > 0; j--) setOnly[j + 1] = setOnly[j] as number;
    setOnly[j + 1] = b;
  }
  for (let i = 0; i < k; i++) renameIn(e, e.values, bitValue(setOnly[i] as number));
}

/**
 * The order of two values by their signatures (the ascending positions of the sets holding
 * them, compared lexicographically, a prefix first), then by bit. At the first set holding
 * one but not the other, the one it holds comes first unless the other is in no later set.
 */
function compareBySets(masks: Int32Array, nMasks: number, b1: number, b2: number): number {
  const x = 1 << b1;
  const y = 1 << b2;
  for (let i = 1; i < nMasks; i += 2) {
    const m = masks[i] as number;
    const inX = (m & x) !== 0;
    if (inX === ((m & y) !== 0)) continue;
    const absent = inX ? y : x;
    for (let j = i + 2; j < nMasks; j += 2) if (((masks[j] as number) & absent) !== 0) return inX ? -1 : 1;
    return inX ? 1 : -1;
  }
  return b1 - b2;
}

/** A value set with every value renamed (all of them have ids by now). */
function renameMask(e: Encoder, mask: number): number {
  let out = 0;
  for (let m = mask; m !== 0; m &= m - 1) {
    const b = 31 - Math.clz32(m & -m);
    const c = renameIn(e, e.values, bitValue(b));
    out |= 1 << Math.min(c, 31);
  }
  return out;
}

/**
 * The state's 64-bit fingerprint: the value sets renamed now that every value a frame, slot or
 * logical page holds has its id, then the whole stream hashed.
 */
export function finishFingerprint(e: Encoder): [number, number] {
  const { words, masks } = e;
  if (e.canonical) nameSetOnlyValues(e);
  for (let i = 0; i < e.nMasks; i += 2) words[masks[i] as number] = renameMask(e, masks[i + 1] as number);
  return hashWords(words, e.n);
}

/** A byte value, renamed. */
export function value(e: Encoder, v: number): void {
  word(e, renameIn(e, e.values, v));
}
