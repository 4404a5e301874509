import { describe, expect, it } from "vitest";
import { joinSpans, lineColOf, lineStarts, lineText } from "../../src/scenario/span.js";

describe("span", () => {
  const text = "ab\ncd\r\n\nxyz";

  it("finds the start offset of every line", () => {
    expect(lineStarts(text)).toEqual([0, 3, 7, 8]);
  });

  it("maps offsets to 1-based lines and columns", () => {
    expect(lineColOf(text, 0)).toEqual({ line: 1, col: 1 });
    expect(lineColOf(text, 2)).toEqual({ line: 1, col: 3 });
    expect(lineColOf(text, 3)).toEqual({ line: 2, col: 1 });
    expect(lineColOf(text, 8)).toEqual({ line: 4, col: 1 });
    expect(lineColOf(text, 10)).toEqual({ line: 4, col: 3 });
  });

  it("clamps offsets outside the text", () => {
    expect(lineColOf(text, -5)).toEqual({ line: 1, col: 1 });
    expect(lineColOf(text, 999)).toEqual({ line: 4, col: 4 });
  });

  it("returns a line's text without its terminator", () => {
    expect(lineText(text, 2)).toBe("cd");
    expect(lineText(text, 3)).toBe("");
    expect(lineText(text, 4)).toBe("xyz");
    expect(lineText(text, 9)).toBe("");
  });

  it("joins spans into the smallest covering one", () => {
    expect(joinSpans({ start: 4, end: 6 }, { start: 1, end: 2 })).toEqual({ start: 1, end: 6 });
  });
});
