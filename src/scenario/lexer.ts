// The lexer of the scenario language: one pass per line, lossless and total. It never
// fails; characters it does not know become `other` tokens that the parser reports.
import type { Span } from "./span.js";

/** Token kinds; `word` covers names, verbs, keywords and the letters A..Z. */
export type TokenKind =
  | "word" // [A-Za-z_][A-Za-z0-9_-]*
  | "number" // [0-9][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*: decimal, hex, version or malformed
  | "string" // "..." with \" and \\ escapes
  | "colon"
  | "lbracket"
  | "rbracket"
  | "dotdot"
  | "dot"
  | "comma"
  | "bang"
  | "equals"
  | "other"; // any other character, one code point

/** One token with its text and span. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly span: Span;
  /** True when whitespace (or the line start) precedes the token. */
  readonly spaceBefore: boolean;
  /** For strings: the decoded contents and whether the closing quote was found. */
  readonly value?: string;
  readonly terminated?: boolean;
}

/** One source line: its tokens and its comment (from `#` to the end of the line). */
export interface LexedLine {
  /** 1-based line number. */
  readonly line: number;
  /** Offsets of the line without its terminator (`\n` or `\r\n`). */
  readonly span: Span;
  readonly tokens: readonly Token[];
  /** The comment text after `#` (trailing whitespace trimmed), or null. */
  readonly comment: { readonly text: string; readonly span: Span } | null;
}

const PUNCT: Readonly<Record<string, TokenKind>> = {
  ":": "colon", "[": "lbracket", "]": "rbracket", ",": "comma", "!": "bang", "=": "equals",
};

const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isWordStart(c) || isDigit(c);
const isWordChar = (c: number): boolean => isAlnum(c) || c === 45;
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 11 || c === 12;

/** Splits the text into lines and lexes each one; a final newline ends the last line, it opens none. */
export function lexScenario(text: string): LexedLine[] {
  const lines: LexedLine[] = [];
  let start = 0;
  let line = 1;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    let end = nl === -1 ? text.length : nl;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    lines.push(lexLine(text, start, end, line));
    if (nl === -1) break;
    start = nl + 1;
    line++;
  }
  return lines;
}

function lexLine(text: string, start: number, end: number, line: number): LexedLine {
  const tokens: Token[] = [];
  let i = start;
  let spaceBefore = true;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) {
      i++;
      spaceBefore = true;
      continue;
    }
    if (c === 35) return { line, span: { start, end }, tokens, comment: commentAt(text, i, end) };
    const tok = lexToken(text, i, end, spaceBefore);
    tokens.push(tok);
    i = tok.span.end;
    spaceBefore = false;
  }
  return { line, span: { start, end }, tokens, comment: null };
}

function commentAt(text: string, at: number, end: number): LexedLine["comment"] {
  const body = text.slice(at + 1, end).replace(/\s+$/u, "");
  return { text: body, span: { start: at, end: at + 1 + body.length } };
}

function lexToken(text: string, i: number, end: number, spaceBefore: boolean): Token {
  const c = text.charCodeAt(i);
  const make = (kind: TokenKind, to: number): Token => ({ kind, text: text.slice(i, to), span: { start: i, end: to }, spaceBefore });
  if (isWordStart(c)) return make("word", scan(text, i + 1, end, isWordChar));
  if (isDigit(c)) return make("number", scanNumber(text, i, end));
  if (c === 34) return lexString(text, i, end, spaceBefore);
  if (c === 46) return text.charCodeAt(i + 1) === 46 && i + 1 < end ? make("dotdot", i + 2) : make("dot", i + 1);
  const punct = PUNCT[text[i] as string];
  if (punct !== undefined) return make(punct, i + 1);
  const cp = text.codePointAt(i) ?? c;
  return make("other", i + (cp > 0xffff ? 2 : 1));
}

function scan(text: string, i: number, end: number, ok: (c: number) => boolean): number {
  while (i < end && ok(text.charCodeAt(i))) i++;
  return i;
}

/** Digits and letters, then `.part` groups; `1..3` stops before `..`. */
function scanNumber(text: string, i: number, end: number): number {
  i = scan(text, i, end, isAlnum);
  while (i + 1 < end && text.charCodeAt(i) === 46 && isAlnum(text.charCodeAt(i + 1))) i = scan(text, i + 1, end, isAlnum);
  return i;
}

function lexString(text: string, i: number, end: number, spaceBefore: boolean): Token {
  let value = "";
  let j = i + 1;
  while (j < end) {
    const ch = text[j] as string;
    if (ch === '"') {
      return { kind: "string", text: text.slice(i, j + 1), span: { start: i, end: j + 1 }, spaceBefore, value, terminated: true };
    }
    if (ch === "\\" && j + 1 < end) {
      value += text[j + 1];
      j += 2;
      continue;
    }
    value += ch;
    j++;
  }
  return { kind: "string", text: text.slice(i, end), span: { start: i, end }, spaceBefore, value, terminated: false };
}
