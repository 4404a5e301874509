// Parses the arguments of each verb (the part between `VERB` and `expect`), one small
// function per verb shape. Names are resolved to regions, pipes, rings or pins later.
import type { Advice, Prot } from "../kernel/ops.js";
import type { NameNode, Statement, TargetNode, Verb, WordNode } from "./ast.js";
import { advance, badToken, describe, fail, isWord, peek, unexpected, type LineCursor } from "./cursor.js";
import { parseFreeWord, parseInteger, parseName, parseTarget, parseValue } from "./parseTerms.js";
import { didYouMean } from "./suggest.js";
import type { Span } from "./span.js";
import { VERB_USAGE } from "./usage.js";

const PROTS: readonly Prot[] = ["rw", "ro", "none"];
const ADVICES: readonly Advice[] = [
  "dontneed", "dontfork", "dofork", "wipeonfork", "keeponfork", "pageout", "mergeable", "unmergeable",
  "hugepage", "nohugepage", "collapse",
];
const MMAP_OPTIONS = ["shared", "hugetlb", "file"];
const PIN_OPTIONS = ["longterm", "get"];

/** Parses the verb's arguments; the cursor stands after the verb. */
export function parseStatement(c: LineCursor, verb: Verb): Statement {
  const usage = { expected: VERB_USAGE[verb] };
  const after = `\`${verb}\``;
  const target = (what = "a region name"): TargetNode => parseTarget(c, what, after);
  switch (verb) {
    case "mmap": return parseMmap(c);
    case "munmap": return { verb, target: target() };
    case "mprotect": return { verb, target: target(), prot: parseKeyword(c, PROTS, "a protection", usage) };
    case "madvise": return { verb, target: target(), advice: parseKeyword(c, ADVICES, "an madvise advice", usage) };
    case "write": return { verb, target: target("a region, ring or pin name"), value: parseValue(c, "the target") };
    case "read": return { verb, target: target("a region, pipe, ring or pin name") };
    case "fork": return { verb, child: parseName(c, "the child's process name", after) };
    case "force-write": return { verb, target: target(), value: parseValue(c, "the target") };
    case "vmsplice": return { verb, target: target(), pipe: parseName(c, "a pipe name", "the target") };
    case "iouring-register": return { verb, target: target(), ring: parseName(c, "a ring name", "the target") };
    case "iouring-unregister": return { verb, ring: parseName(c, "a ring name", after) };
    case "pin": return parsePin(c);
    case "unpin": return { verb, pin: parseName(c, "a pin name", after) };
    case "pagemap": return { verb, target: target() };
    case "frame": return { verb, target: target(), as: parseFrameAs(c) };
    case "migrate":
    case "reclaim": return { verb, process: parseName(c, "a process name", after), target: target() };
    case "exit":
    case "clear-refs":
    case "ksm-scan":
    case "lru-drain": return { verb };
  }
}

function parseKeyword<T extends string>(c: LineCursor, allowed: readonly T[], what: string, usage: { expected: string }): WordNode<T> {
  const tok = peek(c);
  if (tok?.kind !== "word") unexpected(c, `${what} (${allowed.map((a) => `\`${a}\``).join(", ")})`, usage);
  const found = allowed.find((a) => a === tok.text);
  if (found === undefined) {
    fail("COW109", `Unknown ${what.replace(/^an? /, "")} \`${tok.text}\``, tok.span, {
      expected: allowed.map((a) => `\`${a}\``).join(", "),
      hint: didYouMean(tok.text, allowed),
    });
  }
  advance(c);
  return { value: found, span: tok.span };
}

function parseMmap(c: LineCursor): Statement {
  const name = parseName(c, "a region name", "`mmap`");
  const pages = parseInteger(c, "a page count", `\`${name.text}\``);
  const prot = parseKeyword(c, PROTS, "a protection", { expected: VERB_USAGE.mmap });
  const seen = new Map<string, Span>();
  let file: { text: string; span: Span } | null = null;
  for (let tok = peek(c); tok !== undefined && !isWord(c, "expect"); tok = peek(c)) {
    if (tok.kind !== "word") unexpected(c, "an mmap option (`shared`, `hugetlb`, `file=F`) or `expect`", { expected: VERB_USAGE.mmap });
    if (!MMAP_OPTIONS.includes(tok.text)) unknownMmapOption(tok.text, tok.span);
    const prior = seen.get(tok.text);
    if (prior !== undefined) fail("COW112", `Option \`${tok.text}\` is given twice`, tok.span, { related: { span: prior, message: "first given here" } });
    seen.set(tok.text, tok.span);
    advance(c);
    if (tok.text === "file") file = parseFileName(c);
  }
  return { verb: "mmap", name, pages, prot, shared: seen.has("shared"), hugetlb: seen.has("hugetlb"), file };
}

function unknownMmapOption(text: string, span: Span): never {
  const hint = text === "huge" || text === "thp"
    ? "`hugetlb` maps hugetlbfs pages; transparent huge pages come from `madvise TARGET hugepage`"
    : didYouMean(text, ["shared", "hugetlb", "file="]);
  fail("COW109", `Unknown mmap option \`${text}\``, span, { expected: "`shared`, `hugetlb` or `file=F`", hint });
}

function parseFileName(c: LineCursor): { text: string; span: Span } {
  const eq = peek(c);
  if (eq?.kind !== "equals" || eq.spaceBefore) unexpected(c, "`=` and a file name", { hint: "write `file=NAME` without spaces" }, "`file`");
  advance(c);
  const tok = peek(c);
  if (tok === undefined || tok.spaceBefore) unexpected(c, "a file name right after `file=`", { hint: "write `file=NAME` without spaces" });
  return parseFreeWord(c, "a file name", "`file=`");
}

function parsePin(c: LineCursor): Statement {
  const target = parseTarget(c, "a region name", "`pin`");
  const prot = parseKeyword(c, ["ro", "rw"] as const, "a pin mode", { expected: VERB_USAGE.pin });
  const seen = new Map<string, Span>();
  while (peek(c)?.kind === "word" && PIN_OPTIONS.includes(peek(c)?.text ?? "")) {
    const tok = advance(c);
    const prior = seen.get(tok.text);
    if (prior !== undefined) fail("COW112", `Option \`${tok.text}\` is given twice`, tok.span, { related: { span: prior, message: "first given here" } });
    seen.set(tok.text, tok.span);
  }
  const pin: NameNode = parseName(c, "a pin name", "the pin mode");
  const extra = peek(c);
  if (extra !== undefined && !isWord(c, "expect")) {
    badToken(extra);
    fail("COW107", `Unexpected ${describe(extra)} after the pin name \`${pin.text}\``, extra.span, {
      expected: VERB_USAGE.pin,
      hint: didYouMean(pin.text, PIN_OPTIONS),
    });
  }
  return { verb: "pin", target, prot, longterm: seen.has("longterm"), get: seen.has("get"), pin };
}

function parseFrameAs(c: LineCursor): NameNode | null {
  if (!isWord(c, "as")) return null;
  advance(c);
  return parseName(c, "a frame name", "`as`");
}
