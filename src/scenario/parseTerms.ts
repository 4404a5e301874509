// Parsers for the small terms of a line: names, integers, values, targets, kernel
// ranges and free words (tags, file names). Each fails the line on a syntax error.
import type { IntNode, NameNode, RangeNode, TargetNode, ValueNode, VersionNode } from "./ast.js";
import { RESERVED_WORDS } from "./ast.js";
import type { Token } from "./lexer.js";
import { advance, badToken, fail, isDecimal, isHex, isVersionText, peek, unexpected, type LineCursor } from "./cursor.js";
import { joinSpans, type Span } from "./span.js";
import { RANGE_USAGE, VALUE_USAGE } from "./usage.js";

const NAME_RE = /^[a-z_][a-z0-9_-]*$/;

/** True when the text is a valid lowercase name (reserved words included). */
export function isNameText(text: string): boolean {
  return NAME_RE.test(text);
}

/** A lowercase name in the role `what` ("a region name"); rejects reserved words. */
export function parseName(c: LineCursor, what: string, after?: string): NameNode {
  const tok = peek(c);
  if (tok === undefined || tok.kind !== "word") unexpected(c, what, {}, after);
  checkNameToken(tok, what);
  advance(c);
  return { text: tok.text, span: tok.span };
}

/** Fails unless the word token can be a name (lowercase, not reserved). */
export function checkNameToken(tok: Token, what: string): void {
  if (!NAME_RE.test(tok.text)) {
    const lower = tok.text.toLowerCase();
    fail("COW111", `Expected ${what}, found \`${tok.text}\`: names are lowercase identifiers`, tok.span,
      NAME_RE.test(lower) ? { hint: `write \`${lower}\`` } : {});
  }
  if (RESERVED_WORDS.includes(tok.text)) {
    fail("COW110", `\`${tok.text}\` is a reserved word and cannot be ${what}`, tok.span, { hint: "choose another name" });
  }
}

/** A non-negative decimal integer, described by `what` ("a page count"). */
export function parseInteger(c: LineCursor, what: string, after?: string): IntNode {
  const tok = peek(c);
  if (tok === undefined || tok.kind !== "number") unexpected(c, what, {}, after);
  badToken(tok);
  if (!isDecimal(tok.text)) fail("COW106", `Expected ${what}, found \`${tok.text}\`: write it in decimal`, tok.span);
  advance(c);
  return { value: Number(tok.text), span: tok.span };
}

/** A byte value: `A`..`Z`, decimal or `0x..` hex. The range 0..255 is the checker's. */
export function parseValue(c: LineCursor, after?: string): ValueNode {
  const tok = peek(c);
  if (tok?.kind === "word" && /^[A-Z]$/.test(tok.text)) {
    advance(c);
    return { value: tok.text.charCodeAt(0), form: "letter", span: tok.span };
  }
  if (tok?.kind === "number") {
    badToken(tok);
    if (isDecimal(tok.text)) {
      advance(c);
      return { value: Number(tok.text), form: "decimal", span: tok.span };
    }
    if (isHex(tok.text)) {
      advance(c);
      return { value: Number.parseInt(tok.text.slice(2), 16), form: "hex", span: tok.span };
    }
  }
  const hint = tok?.kind === "word" && /^[a-z]$/.test(tok.text) ? `values are capital letters: \`${tok.text.toUpperCase()}\`` : undefined;
  unexpected(c, VALUE_USAGE, { hint }, after);
}

/** `NAME`, `NAME[i]` or `NAME[i..j]`. */
export function parseTarget(c: LineCursor, what: string, after?: string): TargetNode {
  const name = parseName(c, what, after);
  const open = peek(c);
  if (open?.kind !== "lbracket") return { name, index: null, span: name.span };
  advance(c);
  const start = parseInteger(c, "a page index", `\`${name.text}[\``);
  let index: TargetNode["index"];
  if (peek(c)?.kind === "dotdot") {
    advance(c);
    const end = parseInteger(c, "the end of the page range", `\`${name.text}[${start.value}..\``);
    index = { kind: "range", start, end, span: joinSpans(start.span, end.span) };
  } else {
    index = { kind: "page", page: start, span: start.span };
  }
  const close = peek(c);
  if (close?.kind !== "rbracket") unexpected(c, "`]` or `..`", { hint: "a target is `buf`, `buf[i]` or `buf[i..j]`" });
  advance(c);
  return { name, index, span: joinSpans(name.span, close.span) };
}

function parseVersion(c: LineCursor, after?: string): VersionNode {
  const tok = peek(c);
  if (tok === undefined || tok.kind !== "number") unexpected(c, "a kernel version (`MAJOR.MINOR`)", { expected: RANGE_USAGE }, after);
  badToken(tok);
  advance(c);
  return { text: tok.text, span: tok.span };
}

/** `5.9..5.17`, `..5.7`, `6.2..` or `5.10`. */
export function parseRange(c: LineCursor, after?: string): RangeNode {
  const tok = peek(c);
  if (tok?.kind === "dotdot") {
    advance(c);
    const to = parseVersion(c, "`..`");
    return { form: "range", from: null, to, span: joinSpans(tok.span, to.span) };
  }
  if (tok?.kind !== "number") unexpected(c, "a kernel range", { expected: RANGE_USAGE }, after);
  const from = parseVersion(c, after);
  const dots = peek(c);
  if (dots?.kind !== "dotdot") return { form: "single", from, to: from, span: from.span };
  advance(c);
  if (peek(c)?.kind !== "number") return { form: "range", from, to: null, span: joinSpans(from.span, dots.span) };
  const to = parseVersion(c);
  return { form: "range", from, to, span: joinSpans(from.span, to.span) };
}

/** True for version-shaped number tokens (used to tell a range from other tokens). */
export function isVersionToken(tok: Token | undefined): boolean {
  return tok?.kind === "number" && (isVersionText(tok.text) || isDecimal(tok.text));
}

/**
 * A free word (tag, file name): the next token and every token glued to it without
 * whitespace, except strings and commas. Returns its source text.
 */
export function parseFreeWord(c: LineCursor, what: string, after?: string): { text: string; span: Span } {
  const first = peek(c);
  if (first === undefined || first.kind === "string" || first.kind === "comma") unexpected(c, what, {}, after);
  advance(c);
  let end = first.span.end;
  for (let tok = peek(c); tok !== undefined && !tok.spaceBefore && tok.kind !== "string" && tok.kind !== "comma"; tok = peek(c)) {
    advance(c);
    end = tok.span.end;
  }
  return { text: c.text.slice(first.span.start, end), span: { start: first.span.start, end } };
}

