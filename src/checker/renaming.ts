// The renaming a fingerprint applies: frames, swap slots, logical pages, page families, shmem
// objects and values get ids in order of first occurrence in the canonical stream, so states
// that differ only in how things were numbered hash alike. Raw mode keeps every id as it is.
// Value sets (a page's history) are renamed last, after every value a page or slot holds.
import type { Hash64 } from "./hash64.js";
import { createHash64, finishHash64, pushWord, resetHash64 } from "./hash64.js";

/** One id space being renamed: raw id -> canonical id, and the raw ids in canonical order. */
export interface IdSpace {
  readonly map: Map<number, number>;
  readonly order: number[];
}

/** The encoder's state for one fingerprint. Reused across states (reset between them). */
export interface Encoder {
  readonly canonical: boolean;
  readonly hash: Hash64;
  readonly frames: IdSpace;
  readonly slots: IdSpace;
  readonly pages: IdSpace;
  readonly families: IdSpace;
  readonly shmem: IdSpace;
  readonly values: IdSpace;
  /** Processes, renamed to their rank in pid order. */
  readonly procs: IdSpace;
  /** The state's word stream, hashed once complete (value sets are filled in last). */
  readonly words: number[];
  /** Value sets in stream order: index into `words`, then the raw set (valueBit bits). */
  readonly masks: number[];
}

const space = (): IdSpace => ({ map: new Map(), order: [] });

export function createEncoder(canonical: boolean): Encoder {
  return {
    canonical, hash: createHash64(),
    frames: space(), slots: space(), pages: space(), families: space(), shmem: space(), values: space(), procs: space(),
    words: [], masks: [],
  };
}

function clear(s: IdSpace): void {
  s.map.clear();
  s.order.length = 0;
}

/** Starts a new state; the zero page is canonical frame 0 and the byte 0 canonical value 0. */
export function resetEncoder(e: Encoder, zeroPfn: number): void {
  resetHash64(e.hash);
  e.words.length = 0;
  e.masks.length = 0;
  for (const s of [e.frames, e.slots, e.pages, e.families, e.shmem, e.values, e.procs]) clear(s);
  renameIn(e, e.frames, zeroPfn);
  renameIn(e, e.values, 0);
}

/** The id `raw` stands for: its canonical number (assigned on first sight) or itself in raw mode. */
export function renameIn(e: Encoder, s: IdSpace, raw: number): number {
  let id = s.map.get(raw);
  if (id === undefined) {
    id = s.order.length;
    s.map.set(raw, id);
    s.order.push(raw);
  }
  return e.canonical ? id : raw;
}

export function word(e: Encoder, w: number): void {
  e.words.push(w | 0);
}

/** The bit of a byte value in a value set: 0 is bit 0, `A`..`Z` bits 1..26, anything else bit 31. */
export function valueBit(v: number): number {
  if (v === 0) return 1;
  return v >= 65 && v <= 90 ? 1 << (v - 64) : 1 << 31;
}

const bitValue = (b: number): number => (b === 0 ? 0 : b === 31 ? 255 : 64 + b);

/**
 * A value set (bits as valueBit gives them). Its values are renamed when the stream is finished:
 * naming them here, in ascending raw order, would make the set {0, A} of one state and the
 * set {0, B} of its mirror image (A and B swapped) name A and B differently, so that two
 * symmetric states, and everything below them, would be stored twice.
 */
export function valueMask(e: Encoder, mask: number): void {
  if (!e.canonical) return word(e, mask);
  e.masks.push(e.words.length, mask);
  e.words.push(0);
}

/** A value set with every value renamed (all of them have ids by now). */
function renameMask(e: Encoder, mask: number): number {
  let out = 0;
  for (let b = 0; b < 32; b++) {
    if ((mask & (1 << b)) === 0) continue;
    const c = renameIn(e, e.values, bitValue(b));
    out |= 1 << Math.min(c, 31);
  }
  return out;
}

/** Lexicographic order of two ascending lists of set positions. */
function compareSignatures(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/**
 * Names the values that only value sets mention, by the sets that hold them: each value's
 * signature is the list of sets (in stream order) it is in. Values with equal signatures are
 * interchangeable, so their order (raw, as a tie-break) cannot tell two symmetric states apart.
 */
function nameSetOnlyValues(e: Encoder): void {
  const { masks, values } = e;
  const signatures = new Map<number, number[]>();
  for (let i = 1; i < masks.length; i += 2) {
    const mask = masks[i] as number;
    for (let b = 0; b < 32; b++) {
      if ((mask & (1 << b)) === 0 || values.map.has(bitValue(b))) continue;
      const sig = signatures.get(b);
      if (sig === undefined) signatures.set(b, [i]);
      else sig.push(i);
    }
  }
  if (signatures.size === 0) return;
  const order = [...signatures.entries()].sort((x, y) => compareSignatures(x[1], y[1]) || x[0] - y[0]);
  for (const [b] of order) renameIn(e, values, bitValue(b));
}

/**
 * The state's 64-bit fingerprint: the value sets renamed now that every value a frame, slot or
 * logical page holds has its id, then the whole stream hashed.
 */
export function finishFingerprint(e: Encoder): [number, number] {
  const { words, masks } = e;
  if (e.canonical) nameSetOnlyValues(e);
  for (let i = 0; i < masks.length; i += 2) words[masks[i] as number] = renameMask(e, masks[i + 1] as number);
  for (let i = 0; i < words.length; i++) pushWord(e.hash, words[i] as number);
  return finishHash64(e.hash);
}

/** A byte value, renamed. */
export function value(e: Encoder, v: number): void {
  word(e, renameIn(e, e.values, v));
}
