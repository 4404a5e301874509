// The eras of linux-cow-eras.md §1: they tile the modelled versions in order.
import { describe, expect, it } from "vitest";
import {
  ERAS,
  ERA_LETTERS,
  MODELLED_VERSIONS,
  eraByLetter,
  eraOf,
  formatVersion,
  inRange,
  isCommitId,
  parseVersion,
} from "../../src/history/index.js";
import type { KernelVersion } from "../../src/kernel/policy.js";

describe("eras", () => {
  it("list A to I in order", () => {
    expect(ERAS.map((e) => e.letter)).toEqual([...ERA_LETTERS]);
  });

  it("give every modelled version exactly one era, in non-decreasing order", () => {
    let last = -1;
    for (const v of MODELLED_VERSIONS) {
      const containing = ERAS.filter((e) => inRange(v, e.range));
      expect(containing).toHaveLength(1);
      const index = ERA_LETTERS.indexOf(eraOf(v));
      expect(index).toBeGreaterThanOrEqual(last);
      last = index;
    }
  });

  it("place the boundaries where §1 puts them", () => {
    const at = (t: string): string => eraOf(parseVersion(t) as KernelVersion);
    expect(["4.8", "4.9", "5.7", "5.8", "5.9", "5.17", "5.18", "5.19", "6.0", "6.1", "6.2", "6.14", "6.15"].map(at))
      .toEqual(["A", "B", "B", "C", "D", "D", "E", "F", "G", "G", "H", "H", "I"]);
  });

  it("have a name, a one-line summary and 12-hex defining commits", () => {
    for (const e of ERAS) {
      expect(e.name).not.toBe("");
      expect(e.summary).not.toMatch(/\n/);
      expect(e.commits.length).toBeGreaterThan(0);
      for (const id of e.commits) expect(isCommitId(id)).toBe(true);
    }
  });

  it("throw a RangeError for a version that is not modelled", () => {
    expect(() => eraOf({ major: 7, minor: 0 })).toThrow(RangeError);
    expect(() => eraOf({ major: 4, minor: 3 })).toThrow(RangeError);
  });

  it("find an era by its letter", () => {
    for (const letter of ERA_LETTERS) expect(eraByLetter(letter).letter).toBe(letter);
    expect(formatVersion(eraByLetter("D").range.from as KernelVersion)).toBe("5.9");
  });
});
