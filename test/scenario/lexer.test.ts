import { describe, expect, it } from "vitest";
import { lexScenario } from "../../src/scenario/lexer.js";

const kinds = (line: string): string[] => (lexScenario(line)[0]?.tokens ?? []).map((t) => `${t.kind}:${t.text}`);

describe("lexer", () => {
  it("splits an action into words, punctuation and numbers", () => {
    expect(kinds("p: write buf[1..3] 0x41")).toEqual([
      "word:p", "colon::", "word:write", "word:buf", "lbracket:[", "number:1", "dotdot:..", "number:3", "rbracket:]", "number:0x41",
    ]);
  });

  it("reads versions as one token and stops before `..`", () => {
    expect(kinds("kernels 5.9..5.17")).toEqual(["word:kernels", "number:5.9", "dotdot:..", "number:5.17"]);
    expect(kinds("..5.7")).toEqual(["dotdot:..", "number:5.7"]);
    expect(kinds("6.18.2")).toEqual(["number:6.18.2"]);
  });

  it("keeps hyphenated verbs and flags as single words", () => {
    expect(kinds("force-write soft-dirty !exclusive")).toEqual(["word:force-write", "word:soft-dirty", "bang:!", "word:exclusive"]);
  });

  it("takes letters glued to digits into the number (a malformed one)", () => {
    expect(kinds("1x 3rw")).toEqual(["number:1x", "number:3rw"]);
  });

  it("separates the comment from the tokens and trims its trailing space", () => {
    const [line] = lexScenario("p: exit   # bye  ");
    expect(line?.tokens.map((t) => t.text)).toEqual(["p", ":", "exit"]);
    expect(line?.comment).toEqual({ text: " bye", span: { start: 10, end: 15 } });
  });

  it("decodes strings with escapes and keeps `#` inside them", () => {
    const tok = lexScenario('scenario "a \\"b\\" # c\\\\"')[0]?.tokens[1];
    expect(tok?.value).toBe('a "b" # c\\');
    expect(tok?.terminated).toBe(true);
  });

  it("marks a string the line ends inside as unterminated", () => {
    const tok = lexScenario('scenario "open\nnext')[0]?.tokens[1];
    expect(tok).toMatchObject({ kind: "string", terminated: false, text: '"open' });
  });

  it("records whether whitespace precedes each token", () => {
    const toks = lexScenario("tags cow.c x")[0]?.tokens ?? [];
    expect(toks.map((t) => t.spaceBefore)).toEqual([true, true, false, false, true]);
  });

  it("turns unknown characters, including astral ones, into one `other` token each", () => {
    const toks = lexScenario("a @😀;")[0]?.tokens ?? [];
    expect(toks.map((t) => [t.kind, t.text])).toEqual([["word", "a"], ["other", "@"], ["other", "😀"], ["other", ";"]]);
    expect(toks[2]?.span).toEqual({ start: 3, end: 5 });
  });

  it("numbers lines from 1, handles CRLF and opens no line after a final newline", () => {
    const lines = lexScenario("a\r\nb\n");
    expect(lines.map((l) => [l.line, l.span])).toEqual([[1, { start: 0, end: 1 }], [2, { start: 3, end: 4 }]]);
    expect(lexScenario("")).toEqual([]);
    expect(lexScenario("\n")).toHaveLength(1);
  });
});
