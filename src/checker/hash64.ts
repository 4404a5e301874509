// A 64-bit hash of a stream of 32-bit words, as two independent 32-bit lanes: FNV-1a over the
// word's bytes and a MurmurHash3-style block mix, each finished with fmix32. The checker hashes
// a state's canonical word stream in one pass over the array it was written to (hashWords).

const FNV_PRIME = 16777619;
const FNV_BASIS = 0x811c9dc5;
const M_C1 = 0xcc9e2d51;
const M_C2 = 0x1b873593;

/** The running hash: feed words with `pushWord`, read both lanes with `finish`. */
export interface Hash64 {
  lo: number;
  hi: number;
  words: number;
}

export function createHash64(): Hash64 {
  return { lo: FNV_BASIS, hi: 0x9747b28c, words: 0 };
}

export function resetHash64(h: Hash64): void {
  h.lo = FNV_BASIS;
  h.hi = 0x9747b28c;
  h.words = 0;
}

/** Mixes one 32-bit word into both lanes. */
export function pushWord(h: Hash64, word: number): void {
  let a = h.lo;
  a = Math.imul(a ^ (word & 0xff), FNV_PRIME);
  a = Math.imul(a ^ ((word >>> 8) & 0xff), FNV_PRIME);
  a = Math.imul(a ^ ((word >>> 16) & 0xff), FNV_PRIME);
  a = Math.imul(a ^ (word >>> 24), FNV_PRIME);
  h.lo = a;
  let k = Math.imul(word, M_C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, M_C2);
  let b = h.hi ^ k;
  b = (b << 13) | (b >>> 19);
  h.hi = (Math.imul(b, 5) + 0xe6546b64) | 0;
  h.words++;
}

/** fmix32 of MurmurHash3: every input bit affects every output bit. */
export function fmix32(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The two finished lanes (unsigned), the stream length mixed in. */
export function finishHash64(h: Hash64): [number, number] {
  return [fmix32(h.lo ^ h.words), fmix32(h.hi ^ Math.imul(h.words, 4))];
}

/** The fingerprint of words[0 .. n): the same two lanes as pushWord on each word, then finishHash64. */
export function hashWords(words: Int32Array, n: number): [number, number] {
  let lo = FNV_BASIS;
  let hi = 0x9747b28c;
  for (let i = 0; i < n; i++) {
    const word = words[i] as number;
    lo = Math.imul(lo ^ (word & 0xff), FNV_PRIME);
    lo = Math.imul(lo ^ ((word >>> 8) & 0xff), FNV_PRIME);
    lo = Math.imul(lo ^ ((word >>> 16) & 0xff), FNV_PRIME);
    lo = Math.imul(lo ^ (word >>> 24), FNV_PRIME);
    let k = Math.imul(word, M_C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, M_C2);
    hi ^= k;
    hi = (hi << 13) | (hi >>> 19);
    hi = (Math.imul(hi, 5) + 0xe6546b64) | 0;
  }
  return [fmix32(lo ^ n), fmix32(hi ^ Math.imul(n, 4))];
}
