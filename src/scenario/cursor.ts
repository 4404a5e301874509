// A cursor over the tokens of one line. A syntax error ends the line's parse: `fail`
// throws a LineFailure that parseScenario catches at the line boundary (never beyond).
import type { LexedLine, Token } from "./lexer.js";
import { createDiagnostic, type Diagnostic, type DiagnosticCode, type DiagnosticExtras } from "./diagnostics.js";
import type { Span } from "./span.js";

/** The tokens of one line and the position of the next one to read. */
export interface LineCursor {
  readonly text: string;
  readonly line: LexedLine;
  pos: number;
}

/**
 * The one syntax error of a line; caught by parseScenario, which recovers at the next line.
 * Not an Error: it never escapes the parser, and skipping the stack capture keeps files with
 * thousands of bad lines fast.
 */
export class LineFailure {
  constructor(readonly diagnostic: Diagnostic) {}
}

/** A cursor at the first token of the line. */
export function createCursor(text: string, line: LexedLine): LineCursor {
  return { text, line, pos: 0 };
}

/** The token `ahead` places after the next one (0: the next), if any. */
export function peek(c: LineCursor, ahead = 0): Token | undefined {
  return c.line.tokens[c.pos + ahead];
}

/** Consumes and returns the next token; callers have peeked it. */
export function advance(c: LineCursor): Token {
  const tok = c.line.tokens[c.pos];
  // Callers peek first; reaching here past the end is a parser bug, not a user error.
  if (tok === undefined) throw new Error("advance past the end of the line");
  c.pos++;
  return tok;
}

/** True when every token of the line is consumed. */
export function atEnd(c: LineCursor): boolean {
  return c.pos >= c.line.tokens.length;
}

/** True when the next token is the word `w`. */
export function isWord(c: LineCursor, w: string, ahead = 0): boolean {
  const tok = peek(c, ahead);
  return tok !== undefined && tok.kind === "word" && tok.text === w;
}

/** Ends the line's parse with one diagnostic. */
export function fail(code: DiagnosticCode, message: string, span: Span, extras: DiagnosticExtras = {}): never {
  throw new LineFailure(createDiagnostic(code, message, span, extras));
}

/** Span of the end of the line (after its last token), for "line ends early" errors. */
export function endSpan(c: LineCursor): Span {
  const last = c.line.tokens[c.line.tokens.length - 1];
  const at = last === undefined ? c.line.span.start : last.span.end;
  return { start: at, end: at };
}

/** How a token reads in a message: `` `tok` ``, or a description. */
export function describe(tok: Token | undefined): string {
  if (tok === undefined) return "the end of the line";
  if (tok.kind === "string") return `the string ${tok.text.length > 40 ? tok.text.slice(0, 37) + "..." : tok.text}`;
  const shown = tok.text.length > 40 ? tok.text.slice(0, 37) + "..." : tok.text;
  return `\`${shown}\``;
}

/**
 * Fails at the next token, which is not what `what` describes: COW105 at the end of the
 * line, COW101/COW102 for a bad character or string, COW108 for a malformed number, else COW106.
 */
export function unexpected(c: LineCursor, what: string, extras: DiagnosticExtras = {}, after?: string): never {
  const tok = peek(c);
  const where = after === undefined ? "" : ` after ${after}`;
  if (tok === undefined) fail("COW105", `Expected ${what}${where}, found the end of the line`, endSpan(c), extras);
  badToken(tok);
  fail("COW106", `Expected ${what}${where}, found ${describe(tok)}`, tok.span, extras);
}

/** Fails on tokens that are errors wherever they stand: a stray character, an open string, a bad number. */
export function badToken(tok: Token): void {
  if (tok.kind === "other") {
    const cp = tok.text.codePointAt(0) ?? 0;
    const name = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    fail("COW101", `Unexpected character \`${tok.text}\` (${name})`, tok.span, {
      hint: "only names, numbers, `:`, `[`, `]`, `..`, `,`, `!`, `=`, strings and `#` comments appear in a scenario",
    });
  }
  if (tok.kind === "string" && tok.terminated !== true) {
    fail("COW102", "Unterminated string: the line ends before the closing `\"`", tok.span, { hint: "add `\"` at the end of the title" });
  }
  if (tok.kind === "number" && !isWellFormedNumber(tok.text)) {
    fail("COW108", `Malformed number \`${tok.text}\``, tok.span, {
      expected: "a decimal number (`12`), a hex byte (`0x41`) or a kernel version (`5.10`)",
    });
  }
}

/** `12`: a decimal integer token. */
export function isDecimal(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/** `0x41`: a hexadecimal integer token. */
export function isHex(text: string): boolean {
  return /^0[xX][0-9a-fA-F]+$/.test(text);
}

/** `5.10` (or `6.18.2`): dotted numbers, validated as a version by the checker. */
export function isVersionText(text: string): boolean {
  return /^[0-9]+(\.[0-9]+)+$/.test(text);
}

function isWellFormedNumber(text: string): boolean {
  return isDecimal(text) || isHex(text) || isVersionText(text);
}
