import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, nearest } from "../../src/scenario/suggest.js";

describe("suggest", () => {
  it("counts insertions, deletions, substitutions and transpositions as one edit each", () => {
    expect(editDistance("write", "write")).toBe(0);
    expect(editDistance("wrte", "write")).toBe(1);
    expect(editDistance("writte", "write")).toBe(1);
    expect(editDistance("wrote", "write")).toBe(1);
    expect(editDistance("wirte", "write")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests the nearest candidate within a third of the word's length", () => {
    expect(nearest("wrte", ["read", "write", "exit"])).toBe("write");
    expect(nearest("unpni", ["pin", "unpin"])).toBe("unpin");
    expect(nearest("zzzzzz", ["read", "write"])).toBeNull();
  });

  it("does not suggest the word itself", () => {
    expect(nearest("buf", ["buf"])).toBeNull();
  });

  it("phrases the suggestion as a question with the word in backticks", () => {
    expect(didYouMean("mmpa", ["mmap"])).toBe("did you mean `mmap`?");
    expect(didYouMean("qqqq", ["mmap"])).toBeUndefined();
  });
});
