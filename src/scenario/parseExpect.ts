// Parses `expect OUTCOME ("," OUTCOME "on" RANGE)*`. Which outcomes a verb may expect
// is the checker's business; here only the shape is read.
import type { ExpectNode, FlagNode, OutcomeNode, PagemapFlag } from "./ast.js";
import { PAGEMAP_FLAGS } from "./ast.js";
import { advance, fail, isWord, peek, unexpected, type LineCursor } from "./cursor.js";
import { checkNameToken, parseRange, parseValue } from "./parseTerms.js";
import { joinSpans } from "./span.js";
import { didYouMean } from "./suggest.js";
import { OUTCOME_USAGE } from "./usage.js";

const KEYWORD_OUTCOMES = ["segv", "error", "none"] as const;
const isFlag = (w: string): w is PagemapFlag => (PAGEMAP_FLAGS as readonly string[]).includes(w);

/** Parses the expectation; the cursor stands on the word `expect`. */
export function parseExpect(c: LineCursor): ExpectNode {
  const kw = advance(c);
  const base = parseOutcome(c, "`expect`");
  const overrides: ExpectNode["overrides"][number][] = [];
  let span = joinSpans(kw.span, base.span);
  while (peek(c)?.kind === "comma") {
    advance(c);
    const outcome = parseOutcome(c, "`,`");
    if (!isWord(c, "on")) unexpected(c, "`on` and a kernel range", { hint: "an override reads `OUTCOME on RANGE`, e.g. `B on ..5.7`" }, "the outcome");
    advance(c);
    const range = parseRange(c, "`on`");
    overrides.push({ outcome, range });
    span = joinSpans(span, range.span);
  }
  return { base, overrides, span };
}

function parseOutcome(c: LineCursor, after: string): OutcomeNode {
  const tok = peek(c);
  if (tok?.kind === "bang") return parseNegated(c);
  if (tok?.kind === "word") {
    const keyword = KEYWORD_OUTCOMES.find((k) => k === tok.text);
    if (keyword !== undefined) {
      advance(c);
      return { kind: keyword, span: tok.span };
    }
    if (isFlag(tok.text)) return parseFlags(c, []);
    if (/^[A-Z]$/.test(tok.text)) return valueOutcome(c, after);
    if (tok.text !== "on" && tok.text !== "expect") {
      checkNameToken(tok, "a frame name");
      advance(c);
      return { kind: "frame", name: { text: tok.text, span: tok.span }, negated: false, span: tok.span };
    }
  }
  if (tok?.kind === "number") return valueOutcome(c, after);
  unexpected(c, "an outcome", { expected: OUTCOME_USAGE }, after);
}

function valueOutcome(c: LineCursor, after: string): OutcomeNode {
  const value = parseValue(c, after);
  return { kind: "value", value, span: value.span };
}

/** `!flag ...` starts a flag list; `!NAME` is a different frame than NAME. */
function parseNegated(c: LineCursor): OutcomeNode {
  const bang = advance(c);
  const tok = peek(c);
  if (tok?.kind !== "word") {
    unexpected(c, "a pagemap flag or a frame name right after `!`", { expected: OUTCOME_USAGE });
  }
  if (isFlag(tok.text)) {
    advance(c);
    return parseFlags(c, [{ flag: tok.text, negated: true, span: joinSpans(bang.span, tok.span) }]);
  }
  checkNameToken(tok, "a frame name");
  advance(c);
  return { kind: "frame", name: { text: tok.text, span: tok.span }, negated: true, span: joinSpans(bang.span, tok.span) };
}

/** Reads flags (`present !exclusive soft-dirty`) up to the next `,`, `on` or the end. */
function parseFlags(c: LineCursor, flags: FlagNode[]): OutcomeNode {
  for (;;) {
    const tok = peek(c);
    const negated = tok?.kind === "bang";
    const word = negated ? peek(c, 1) : tok;
    if (tok === undefined || word?.kind !== "word" || word.text === "on") break;
    if (!isFlag(word.text)) {
      fail("COW109", `Unknown pagemap flag \`${word.text}\``, word.span, {
        expected: "`present`, `swapped`, `exclusive` or `soft-dirty`, each maybe negated with `!`",
        hint: didYouMean(word.text, PAGEMAP_FLAGS),
      });
    }
    const prior = flags.find((f) => f.flag === word.text);
    if (prior !== undefined) fail("COW112", `Pagemap flag \`${word.text}\` is given twice in one outcome`, word.span, { related: { span: prior.span, message: "first given here" } });
    advance(c);
    if (negated) advance(c);
    flags.push({ flag: word.text, negated, span: joinSpans(tok.span, word.span) });
  }
  const first = flags[0];
  const last = flags[flags.length - 1];
  // Callers enter with a flag in view or already read, so the list is never empty.
  if (first === undefined || last === undefined) throw new Error("parseFlags with no flag");
  return { kind: "flags", flags, span: joinSpans(first.span, last.span) };
}
