// The parser of `.cow` files: hand-written, line by line. A syntax error costs only its
// own line (kept as an `invalid` node); every line's first error is reported, and the
// parser never throws on any input.
import type { ActionLine, CommentNode, Header, HeaderLine, LineNode, ScenarioAst, Verb } from "./ast.js";
import { VERBS } from "./ast.js";
import { advance, atEnd, badToken, createCursor, describe, fail, isWord, LineFailure, peek, unexpected, type LineCursor } from "./cursor.js";
import type { Diagnostic } from "./diagnostics.js";
import { lexScenario, type LexedLine } from "./lexer.js";
import { parseExpect } from "./parseExpect.js";
import { parseStatement } from "./parseStatement.js";
import { checkNameToken, parseFreeWord, parseRange } from "./parseTerms.js";
import { joinSpans, type Span } from "./span.js";
import { didYouMean } from "./suggest.js";
import { HEADER_USAGE, VERB_USAGE } from "./usage.js";

const HEADERS = ["scenario", "kernels", "tags"] as const;
const ANY_VERB = `a verb: ${VERBS.map((v) => `\`${v}\``).join(", ")}`;

/** Parses a scenario; `file` names it in nothing but is kept for symmetry with the other phases. */
export function parseScenario(text: string, file: string): { ast: ScenarioAst; diagnostics: Diagnostic[] } {
  void file;
  const lines: LineNode[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const lexed of lexScenario(text)) {
    try {
      lines.push(parseLine(text, lexed));
    } catch (e) {
      if (!(e instanceof LineFailure)) throw e;
      diagnostics.push(e.diagnostic);
      lines.push(invalidLine(text, lexed));
    }
  }
  return { ast: { lines }, diagnostics };
}

function commentOf(lexed: LexedLine): CommentNode | null {
  return lexed.comment === null ? null : { text: lexed.comment.text, span: lexed.comment.span };
}

function tokensSpan(lexed: LexedLine): Span {
  const first = lexed.tokens[0];
  const last = lexed.tokens[lexed.tokens.length - 1];
  return first === undefined || last === undefined ? lexed.span : joinSpans(first.span, last.span);
}

function invalidLine(text: string, lexed: LexedLine): LineNode {
  const span = tokensSpan(lexed);
  const words = lexed.tokens.filter((t) => t.kind === "word").map((t) => t.text);
  return { kind: "invalid", text: text.slice(span.start, span.end), words, comment: commentOf(lexed), span };
}

function parseLine(text: string, lexed: LexedLine): LineNode {
  const comment = commentOf(lexed);
  if (lexed.tokens.length === 0) {
    return comment === null ? { kind: "blank", span: lexed.span } : { kind: "comment", comment, span: lexed.span };
  }
  const c = createCursor(text, lexed);
  const first = peek(c);
  const second = peek(c, 1);
  if (first?.kind === "word" && second?.kind === "colon") return parseAction(c, comment);
  const header = HEADERS.find((h) => first?.kind === "word" && first.text === h);
  if (header !== undefined) return parseHeader(c, header, comment);
  return notALine(c);
}

function notALine(c: LineCursor): never {
  const first = peek(c);
  const second = peek(c, 1);
  if (first === undefined || first.kind !== "word") {
    if (first !== undefined) badToken(first);
    fail("COW104", `Expected an action \`ACTOR: VERB ...\` or a header, found ${describe(first)}`, first?.span ?? c.line.span);
  }
  const verb = VERBS.find((v) => v === first.text);
  const secondIsVerb = second?.kind === "word" && VERBS.some((v) => v === second.text);
  const hint = verb !== undefined
    ? `start the line with the process that acts, e.g. \`p: ${verb} ...\``
    : secondIsVerb
      ? `add \`:\` after the actor: \`${first.text}: ${second.text} ...\``
      : didYouMean(first.text, HEADERS);
  fail("COW104", `Expected an action \`ACTOR: VERB ...\` or a header, found \`${first.text}\``, first.span, {
    expected: "`ACTOR: VERB ARGS... [expect OUTCOME]`, `scenario \"TITLE\"`, `kernels RANGE` or `tags WORD...`",
    hint,
  });
}

function parseAction(c: LineCursor, comment: CommentNode | null): ActionLine {
  const actorTok = advance(c);
  if (actorTok.text !== "kernel") checkNameToken(actorTok, "a process name");
  advance(c);
  const verbTok = peek(c);
  if (verbTok?.kind !== "word") unexpected(c, "a verb", { expected: ANY_VERB }, `\`${actorTok.text}:\``);
  const verb = VERBS.find((v) => v === verbTok.text);
  if (verb === undefined) unknownVerb(verbTok.text, verbTok.span);
  advance(c);
  const statement = parseStatement(c, verb);
  const expect = isWord(c, "expect") ? parseExpect(c) : null;
  expectEnd(c, VERB_USAGE[verb], verb);
  const span = tokensSpan(c.line);
  return { kind: "action", actor: { text: actorTok.text, span: actorTok.span }, verbSpan: verbTok.span, statement, expect, comment, span };
}

function unknownVerb(text: string, span: Span): never {
  const lower = text.toLowerCase();
  const hint = VERBS.some((v) => v === lower) ? `verbs are lowercase: \`${lower}\`` : didYouMean(text, VERBS);
  fail("COW103", `Unknown verb \`${text}\``, span, { expected: ANY_VERB, hint });
}

/** Fails unless the line is complete. */
function expectEnd(c: LineCursor, usage: string, verb?: Verb): void {
  if (atEnd(c)) return;
  const tok = peek(c);
  if (tok === undefined) return;
  badToken(tok);
  const hint = verb === undefined ? "start a comment with `#`" : "start an expectation with `expect`, or a comment with `#`";
  fail("COW107", `Unexpected ${describe(tok)} after a complete ${verb === undefined ? "header" : `\`${verb}\``}`, tok.span, { expected: usage, hint });
}

function parseHeader(c: LineCursor, kind: (typeof HEADERS)[number], comment: CommentNode | null): HeaderLine {
  const keyword = advance(c);
  let header: Header;
  if (kind === "scenario") {
    const tok = peek(c);
    if (tok?.kind !== "string") unexpected(c, "a quoted title", { expected: HEADER_USAGE.scenario }, "`scenario`");
    badToken(tok);
    advance(c);
    header = { kind, title: tok.value ?? "" };
  } else if (kind === "kernels") {
    header = { kind, range: parseRange(c, "`kernels`") };
  } else {
    const tags: { text: string; span: Span }[] = [];
    do tags.push(parseFreeWord(c, "a tag", "`tags`"));
    while (!atEnd(c));
    header = { kind, tags };
  }
  expectEnd(c, HEADER_USAGE[kind]);
  return { kind: "header", header, keyword: keyword.span, comment, span: tokensSpan(c.line) };
}
