// The renaming a fingerprint applies: frames, swap slots, logical pages, page families, shmem
// objects and values get ids in order of first occurrence in the canonical stream, so states
// that differ only in how things were numbered hash alike. Raw mode keeps every id as it is.
// Value sets (a page's history) are renamed last, after every value a page or slot holds.
import { hashWords } from "./hash64.js";

/**
 * Raw ids below this are looked up in typed arrays; larger (or negative) ones in a Map. The
 * explorer's pfns, slots and pages stay far below it; a long fuzz run may not.
 */
const DIRECT_LIMIT = 1 << 16;

/**
 * One id space being renamed: raw id -> canonical id, and the raw ids in canonical order.
 * A raw id is named in the current state when its stamp is the encoder's generation, so
 * starting a state clears nothing.
 */
export interface IdSpace {
  stamp: Int32Array;
  ids: Int32Array;
  /** Raw ids in canonical order: order[0 .. n). */
  order: Float64Array;
  n: number;
  /** Names of raw ids outside [0, DIRECT_LIMIT). */
  readonly far: Map<number, number>;
}

/** The encoder's state for one fingerprint. Reused across states (reset between them). */
export interface Encoder {
  readonly canonical: boolean;
  /** The current state's generation: the stamp of every id named in it. */
  gen: number;
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

const space = (): IdSpace => ({ stamp: new Int32Array(64), ids: new Int32Array(64), order: new Float64Array(16), n: 0, far: new Map() });

export function createEncoder(canonical: boolean): Encoder {
  return {
    canonical, gen: 0,
    frames: space(), slots: space(), pages: space(), families: space(), shmem: space(), values: space(), procs: space(),
    words: new Int32Array(512), n: 0, masks: new Int32Array(64), nMasks: 0,
  };
}

function clear(s: IdSpace, restamp: boolean): void {
  s.n = 0;
  if (s.far.size !== 0) s.far.clear();
  if (restamp) s.stamp.fill(0);
}

/** Starts a new state; the zero page is canonical frame 0 and the byte 0 canonical value 0. */
export function resetEncoder(e: Encoder, zeroPfn: number): void {
  e.n = 0;
  e.nMasks = 0;
  // Generations only grow; after 2^31 states every stamp is cleared once and counting restarts.
  const restamp = e.gen === 0x7fffffff;
  e.gen = restamp ? 1 : e.gen + 1;
  clear(e.frames, restamp);
  clear(e.slots, restamp);
  clear(e.pages, restamp);
  clear(e.families, restamp);
  clear(e.shmem, restamp);
  clear(e.values, restamp);
  clear(e.procs, restamp);
  renameIn(e, e.frames, zeroPfn);
  renameIn(e, e.values, 0);
}

/** The id `raw` stands for: its canonical number (assigned on first sight) or itself in raw mode. */
export function renameIn(e: Encoder, s: IdSpace, raw: number): number {
  if (raw >>> 0 !== raw || raw >= s.stamp.length) return renameFar(e, s, raw);
  let id: number;
  if (s.stamp[raw] === e.gen) id = s.ids[raw] as number;
  else {
    id = s.n;
    s.stamp[raw] = e.gen;
    s.ids[raw] = id;
    pushOrder(s, raw);
  }
  return e.canonical ? id : raw;
}

/** renameIn for a raw id the arrays do not cover yet: they grow up to DIRECT_LIMIT, a Map holds the rest. */
function renameFar(e: Encoder, s: IdSpace, raw: number): number {
  if (raw >>> 0 === raw && raw < DIRECT_LIMIT) {
    let size = s.stamp.length * 2;
    while (size <= raw) size *= 2;
    const stamp = new Int32Array(size);
    stamp.set(s.stamp);
    const ids = new Int32Array(size);
    ids.set(s.ids);
    s.stamp = stamp;
    s.ids = ids;
    return renameIn(e, s, raw);
  }
  let id = s.far.get(raw);
  if (id === undefined) {
    id = s.n;
    s.far.set(raw, id);
    pushOrder(s, raw);
  }
  return e.canonical ? id : raw;
}

function pushOrder(s: IdSpace, raw: number): void {
  if (s.n === s.order.length) {
    const order = new Float64Array(2 * s.order.length);
    order.set(s.order);
    s.order = order;
  }
  s.order[s.n++] = raw;
}

/** The canonical number of `raw` if the current state has named it, else -1. */
export function nameOf(e: Encoder, s: IdSpace, raw: number): number {
  if (raw >>> 0 === raw && raw < s.stamp.length) return s.stamp[raw] === e.gen ? (s.ids[raw] as number) : -1;
  return s.far.get(raw) ?? -1;
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
