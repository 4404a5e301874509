// varint: the byte form of packed states (zigzag LEB128) gives back every word, in at most five bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createByteWriter, getVarints, putBytes, putVarints } from "../../src/checker/varint.js";

const decode = (bytes: Uint8Array, from: number, to: number): number[] => [...getVarints(bytes, from, to)];

describe("varint", () => {
  it("gives back any run of 32-bit words, appended in pieces to a writer that grows (seed 42)", () => {
    fc.assert(fc.property(fc.array(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))), (runs) => {
      const b = createByteWriter(1);
      const ends: number[] = [];
      for (const run of runs) {
        putVarints(b, Int32Array.from(run), 0, run.length);
        ends.push(b.n);
      }
      runs.forEach((run, i) => expect(decode(b.buf, ends[i - 1] ?? 0, ends[i] as number)).toEqual(run));
    }), { seed: 42, numRuns: 200 });
  });

  it("writes small words in one byte, small negatives too, and any word in at most five", () => {
    const b = createByteWriter(4);
    putVarints(b, Int32Array.from([0, 1, -1, 63, -64]), 0, 5);
    expect(b.n).toBe(5);
    putVarints(b, Int32Array.from([2 ** 31 - 1, -(2 ** 31)]), 0, 2);
    expect(b.n).toBe(15);
    expect(decode(b.buf, 0, b.n)).toEqual([0, 1, -1, 63, -64, 2 ** 31 - 1, -(2 ** 31)]);
  });

  it("copies encoded bytes from another writer unchanged", () => {
    const a = createByteWriter(8);
    putVarints(a, Int32Array.from([65536, -1, 300]), 0, 3);
    const b = createByteWriter(1);
    putBytes(b, a.buf, 0, a.n);
    expect(decode(b.buf, 0, b.n)).toEqual([65536, -1, 300]);
  });
});
