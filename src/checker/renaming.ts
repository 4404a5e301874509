// The renaming a fingerprint applies: frames, swap slots, logical pages, page families, shmem
// objects and values get ids in order of first occurrence in the canonical stream, so states
// that differ only in how things were numbered hash alike. Raw mode keeps every id as it is.
import type { Hash64 } from "./hash64.js";
import { createHash64, pushWord, resetHash64 } from "./hash64.js";

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
}

const space = (): IdSpace => ({ map: new Map(), order: [] });

export function createEncoder(canonical: boolean): Encoder {
  return {
    canonical, hash: createHash64(),
    frames: space(), slots: space(), pages: space(), families: space(), shmem: space(), values: space(), procs: space(),
  };
}

function clear(s: IdSpace): void {
  s.map.clear();
  s.order.length = 0;
}

/** Starts a new state; the zero page is canonical frame 0 and the byte 0 canonical value 0. */
export function resetEncoder(e: Encoder, zeroPfn: number): void {
  resetHash64(e.hash);
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
  pushWord(e.hash, w | 0);
}

/** The bit of a byte value in a value set: 0 is bit 0, `A`..`Z` bits 1..26, anything else bit 31. */
export function valueBit(v: number): number {
  if (v === 0) return 1;
  return v >= 65 && v <= 90 ? 1 << (v - 64) : 1 << 31;
}

const bitValue = (b: number): number => (b === 0 ? 0 : b === 31 ? 255 : 64 + b);

/** A value set (bits as valueBit gives them), renamed value by value in ascending order. */
export function valueMask(e: Encoder, mask: number): void {
  if (!e.canonical) return word(e, mask);
  let out = 0;
  for (let b = 0; b < 32; b++) {
    if ((mask & (1 << b)) === 0) continue;
    const c = renameIn(e, e.values, bitValue(b));
    out |= 1 << Math.min(c, 31);
  }
  word(e, out);
}

/** A byte value, renamed. */
export function value(e: Encoder, v: number): void {
  word(e, renameIn(e, e.values, v));
}
