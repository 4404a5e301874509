// Packed states as bytes: each 32-bit word zigzag-mapped (small negatives stay small) and
// written in LEB128, seven bits a byte. A packed state's words are mostly flags, counts and
// small ids, so a level takes about a quarter of the memory its words would.
import type { Allocate } from "./wordStream.js";

/** Bytes written so far: `buf[0..n)`. */
export interface ByteWriter {
  buf: Uint8Array;
  n: number;
  readonly alloc: Allocate;
}

export function createByteWriter(bytes: number, alloc: Allocate = (n) => new ArrayBuffer(n)): ByteWriter {
  return { buf: new Uint8Array(alloc(bytes)), n: 0, alloc };
}

/** Room for `more` bytes. */
function reserve(b: ByteWriter, more: number): void {
  if (b.n + more <= b.buf.length) return;
  let size = b.buf.length * 2;
  while (size < b.n + more) size *= 2;
  const bigger = new Uint8Array(b.alloc(size));
  bigger.set(b.buf.subarray(0, b.n));
  b.buf = bigger;
}

/** Appends words[from..to) as varints. */
export function putVarints(b: ByteWriter, words: Int32Array, from: number, to: number): void {
  // Five bytes hold any 32-bit word.
  reserve(b, 5 * (to - from));
  const buf = b.buf;
  let n = b.n;
  for (let i = from; i < to; i++) {
    const w = words[i] as number;
    let z = ((w << 1) ^ (w >> 31)) >>> 0;
    while (z >= 0x80) {
      buf[n++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    buf[n++] = z;
  }
  b.n = n;
}

/** Appends bytes[from..to) as they are (varints someone else wrote). */
export function putBytes(b: ByteWriter, bytes: Uint8Array, from: number, to: number): void {
  reserve(b, to - from);
  b.buf.set(bytes.subarray(from, to), b.n);
  b.n += to - from;
}

/**
 * The words the varints in bytes[from..to) stand for, decoded into `into` when it is long
 * enough (a word takes at least one byte), else into a new array; a view of exactly those words.
 */
export function getVarints(bytes: Uint8Array, from: number, to: number, into?: Int32Array): Int32Array {
  const out = into !== undefined && into.length >= to - from ? into : new Int32Array(to - from);
  let n = 0;
  let i = from;
  while (i < to) {
    let byte = bytes[i++] as number;
    let z = byte & 0x7f;
    for (let shift = 7; byte >= 0x80; shift += 7) {
      byte = bytes[i++] as number;
      z |= (byte & 0x7f) << shift;
    }
    out[n++] = (z >>> 1) ^ -(z & 1);
  }
  return out.subarray(0, n);
}
