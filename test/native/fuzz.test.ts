import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadLines, randomCase, shrinkCandidates, shrinkLines } from "../../src/native/fuzz.js";
import { runRng } from "../../src/run/rng.js";
import { skipReason } from "../../src/native/skip.js";
import { HOST_INFO_618 } from "./hostFacts.js";

describe("fuzz", () => {
  it("draws the same scenario for the same seed and index, and different ones otherwise", () => {
    expect(randomCase(1, 17, 12).text).toBe(randomCase(1, 17, 12).text);
    const texts = new Set(Array.from({ length: 50 }, (_, i) => randomCase(1, i, 12).text.replace(/random \d+/, "")));
    expect(texts.size).toBeGreaterThan(45);
    expect(randomCase(2, 17, 12).text.replace(/seed 2/, "")).not.toBe(randomCase(1, 17, 12).text.replace(/seed 1/, ""));
  });

  it("mixes seed and index so that neighbouring seeds do not shift the same scenarios (seed 42)", () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), (seed, index) =>
      runRng(seed, index).state !== runRng(seed + 1, index - 1).state), { seed: 42, numRuns: 500 });
  });

  it("draws only scenarios the front end accepts and that can run natively here (seed 42)", () => {
    fc.assert(fc.property(fc.nat(), fc.nat(5000), fc.integer({ min: 2, max: 20 }), (seed, index, maxLines) => {
      const c = randomCase(seed, index, maxLines);
      expect(c.lines.length).toBeLessThanOrEqual(maxLines + 3);
      expect(skipReason(c.program, HOST_INFO_618, { major: 6, minor: 18 })).toBeNull();
    }), { seed: 42, numRuns: 300 });
  });

  it("shrinks to a smallest scenario that still fails (seed 42)", async () => {
    const lines = ["p: mmap buf 2 rw", "p: write buf[0] B", "p: fork c1", "c1: read buf[0]", "p: write buf[1] C", "c1: exit", "p: read buf[1]"];
    // "Fails" while the scenario forks and later reads buf[1].
    const fails = async (program: { steps: readonly { text: string }[] }): Promise<boolean> => {
      const texts = program.steps.map((s) => s.text);
      return texts.includes("p: fork c1") && texts.some((t) => t.startsWith("p: read buf[1]"));
    };
    expect(await fails(loadLines("t", lines)?.program ?? { steps: [] })).toBe(true);
    const shrunk = await shrinkLines("t", lines, fails);
    expect(shrunk).toEqual(["p: mmap buf 2 rw", "p: fork c1", "p: read buf[1]"]);
  });

  it("offers simpler candidates: each line dropped, then values and ranges simplified", () => {
    const c = shrinkCandidates(["p: mmap buf 2 rw", "p: write buf[0..2] C"]);
    expect(c).toEqual([["p: mmap buf 2 rw"], ["p: mmap buf 2 rw", "p: write buf[0] A"]]);
  });
});
