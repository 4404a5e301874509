// renaming: id spaces name raw ids by first occurrence, whatever their size, forget them at
// the next state, and value sets
// are renamed by the sets that hold them; hashWords is pushWord over the same words.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHash64, finishHash64, hashWords, pushWord } from "../../src/checker/hash64.js";
import { createEncoder, finishFingerprint, nameOf, renameIn, resetEncoder, valueMask, word } from "../../src/checker/renaming.js";
import { createSortedEntries, sortedEntries, unionKeys } from "../../src/checker/sortedEntries.js";

const rawId = fc.oneof(fc.nat(300), fc.integer({ min: 60000, max: 70000 }), fc.integer({ min: -5, max: 2 ** 40 }));

describe("renaming", () => {
  it("names raw ids 0, 1, 2, ... by first occurrence, small, large and negative alike (seed 42)", () => {
    fc.assert(fc.property(fc.array(fc.array(rawId, { maxLength: 40 }), { maxLength: 4 }), (states) => {
      const e = createEncoder(true);
      for (const ids of states) {
        resetEncoder(e, 0);
        const seen = new Map<number, number>([[0, 0]]);
        for (const raw of ids) {
          if (!seen.has(raw)) seen.set(raw, seen.size);
          expect(renameIn(e, e.frames, raw)).toBe(seen.get(raw));
        }
        expect(e.frames.keys.slice(0, e.frames.size)).toEqual([...seen.keys()]);
        for (const raw of ids) expect(nameOf(e, e.frames, raw)).toBe(seen.get(raw));
      }
    }), { seed: 42, numRuns: 200 });
  });

  it("keeps raw ids in raw mode and forgets every name at the next state", () => {
    const e = createEncoder(false);
    resetEncoder(e, 3);
    expect([renameIn(e, e.slots, 9), renameIn(e, e.slots, 70000), renameIn(e, e.slots, 9)]).toEqual([9, 70000, 9]);
    expect(nameOf(e, e.slots, 70000)).toBe(1);
    resetEncoder(e, 3);
    expect([nameOf(e, e.slots, 9), nameOf(e, e.slots, 70000), nameOf(e, e.frames, 3)]).toEqual([-1, -1, 0]);
  });

  it("names values only sets hold by the sets holding them, so mirror images hash alike", () => {
    const A = 1 << 1;
    const B = 1 << 2;
    const C = 1 << 3;
    const stream = (sets: number[]): [number, number] => {
      const e = createEncoder(true);
      resetEncoder(e, 0);
      word(e, 7);
      for (const s of sets) valueMask(e, s);
      return finishFingerprint(e);
    };
    expect(stream([A | 1, B])).toEqual(stream([B | 1, A]));
    expect(stream([A | B, C])).toEqual(stream([B | C, A]));
    expect(stream([A | B, A])).not.toEqual(stream([A | B, A | B]));
  });
});

describe("hash64", () => {
  it("hashes an array of words as pushWord does word by word (seed 42)", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), (words) => {
      const h = createHash64();
      for (const w of words) pushWord(h, w);
      expect(hashWords(Int32Array.from(words), words.length)).toEqual(finishHash64(h));
    }), { seed: 42, numRuns: 300 });
  });
});

describe("sortedEntries", () => {
  it("lists a map's entries and two maps' keys in ascending key order (seed 42)", () => {
    const into = createSortedEntries<string>();
    const out: number[] = [];
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: -50, max: 1000 })), fc.uniqueArray(fc.nat(1000)), (a, b) => {
      const m = new Map(a.map((k) => [k, `v${k}`]));
      const { keys, vals, n } = sortedEntries(m, into);
      const sorted = [...a].sort((x, y) => x - y);
      expect(keys.slice(0, n)).toEqual(sorted);
      expect(vals.slice(0, n)).toEqual(sorted.map((k) => `v${k}`));
      const count = unionKeys(m, new Map(b.map((k) => [k, k])), out);
      expect(out.slice(0, count)).toEqual([...new Set([...a, ...b])].sort((x, y) => x - y));
    }), { seed: 42, numRuns: 200 });
  });
});
