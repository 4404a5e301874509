// fast-check arbitraries of scenario syntax trees: `syntaxAst` (any tree the grammar allows,
// in canonical layout, names unchecked) and `validScenarioAst` (trees checkScenario accepts,
// built from random intents over a model of what exists). The checker reuses both.
import fc from "fast-check";
import { MODELLED_VERSIONS, formatVersion } from "../../src/history/versions.js";
import type { Advice, Prot } from "../../src/kernel/ops.js";
import type {
  ExpectNode, FlagNode, Header, LineNode, NameNode, OutcomeNode, PagemapFlag, RangeNode, ScenarioAst, Statement,
  TargetNode, ValueNode, Verb,
} from "../../src/scenario/ast.js";
import { PAGEMAP_FLAGS, RESERVED_WORDS, VERBS } from "../../src/scenario/ast.js";
import { buildValidScenario, type Intent } from "./validScenario.js";

/** Spans do not matter to these trees: every node gets this one. */
export const NO_SPAN = { start: 0, end: 0 } as const;

export const ADVICES: readonly Advice[] = [
  "dontneed", "dontfork", "dofork", "wipeonfork", "keeponfork", "pageout", "mergeable", "unmergeable",
  "hugepage", "nohugepage", "collapse",
];
export const PROTS: readonly Prot[] = ["rw", "ro", "none"];

const NOT_NAMES = new Set([...RESERVED_WORDS, "longterm", "get"]);

export const nameArb: fc.Arbitrary<string> = fc
  .stringMatching(/^[a-z_][a-z0-9_-]{0,7}$/)
  .filter((n) => !NOT_NAMES.has(n));

export const name = (text: string): NameNode => ({ text, span: NO_SPAN });
const nameNodeArb = nameArb.map(name);

export const valueArb: fc.Arbitrary<ValueNode> = fc.oneof(
  fc.integer({ min: 65, max: 90 }).map((value): ValueNode => ({ value, form: "letter", span: NO_SPAN })),
  fc.integer({ min: 0, max: 255 }).map((value): ValueNode => ({ value, form: "decimal", span: NO_SPAN })),
  fc.integer({ min: 0, max: 255 }).map((value): ValueNode => ({ value, form: "hex", span: NO_SPAN })),
);

const versionTextArb = fc.constantFrom(...MODELLED_VERSIONS.map(formatVersion));

export function versionNode(text: string): RangeNode["from"] {
  return { text, span: NO_SPAN };
}

export const rangeArb: fc.Arbitrary<RangeNode> = fc.oneof(
  versionTextArb.map((v): RangeNode => {
    const node = versionNode(v);
    return { form: "single", from: node, to: node, span: NO_SPAN };
  }),
  fc.tuple(fc.option(versionTextArb, { nil: null }), fc.option(versionTextArb, { nil: null }))
    .filter(([a, b]) => a !== null || b !== null)
    .map(([a, b]): RangeNode => ({ form: "range", from: a === null ? null : versionNode(a), to: b === null ? null : versionNode(b), span: NO_SPAN })),
);

const intArb = fc.integer({ min: 0, max: 4096 }).map((value) => ({ value, span: NO_SPAN }));

export const targetArb: fc.Arbitrary<TargetNode> = fc.tuple(nameNodeArb, fc.integer({ min: 0, max: 2 }), intArb, intArb).map(
  ([n, shape, a, b]): TargetNode => ({
    name: n,
    index: shape === 0 ? null : shape === 1 ? { kind: "page", page: a, span: NO_SPAN } : { kind: "range", start: a, end: b, span: NO_SPAN },
    span: NO_SPAN,
  }),
);

const flagsArb: fc.Arbitrary<FlagNode[]> = fc
  .subarray([...PAGEMAP_FLAGS], { minLength: 1 })
  .chain((flags) => fc.tuple(...flags.map((f) => fc.boolean().map((negated): FlagNode => ({ flag: f as PagemapFlag, negated, span: NO_SPAN })))))
  .chain((flags) => fc.shuffledSubarray(flags, { minLength: flags.length, maxLength: flags.length }));

export const outcomeArb: fc.Arbitrary<OutcomeNode> = fc.oneof(
  valueArb.map((value): OutcomeNode => ({ kind: "value", value, span: NO_SPAN })),
  fc.constantFrom("segv", "error", "none").map((kind): OutcomeNode => ({ kind, span: NO_SPAN })),
  flagsArb.map((flags): OutcomeNode => ({ kind: "flags", flags, span: NO_SPAN })),
  fc.tuple(nameNodeArb, fc.boolean()).map(([n, negated]): OutcomeNode => ({ kind: "frame", name: n, negated, span: NO_SPAN })),
);

export const expectArb: fc.Arbitrary<ExpectNode> = fc
  .tuple(outcomeArb, fc.array(fc.record({ outcome: outcomeArb, range: rangeArb }), { maxLength: 2 }))
  .map(([base, overrides]) => ({ base, overrides, span: NO_SPAN }));

const fileArb = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,10}$/).map((text) => ({ text, span: NO_SPAN }));

/** Any statement the grammar allows for `verb`, names and numbers unchecked. */
export function statementArb(verb: Verb): fc.Arbitrary<Statement> {
  const t = targetArb;
  switch (verb) {
    case "mmap":
      return fc.record({ name: nameNodeArb, pages: intArb, prot: fc.constantFrom(...PROTS), shared: fc.boolean(), hugetlb: fc.boolean(), file: fc.option(fileArb, { nil: null }) })
        .map((r): Statement => ({ verb, ...r, prot: { value: r.prot, span: NO_SPAN } }));
    case "munmap":
    case "read":
    case "pagemap": return t.map((target): Statement => ({ verb, target }));
    case "mprotect": return fc.tuple(t, fc.constantFrom(...PROTS)).map(([target, p]): Statement => ({ verb, target, prot: { value: p, span: NO_SPAN } }));
    case "madvise": return fc.tuple(t, fc.constantFrom(...ADVICES)).map(([target, a]): Statement => ({ verb, target, advice: { value: a, span: NO_SPAN } }));
    case "write":
    case "force-write": return fc.tuple(t, valueArb).map(([target, value]): Statement => ({ verb, target, value }));
    case "fork": return nameNodeArb.map((child): Statement => ({ verb, child }));
    case "vmsplice": return fc.tuple(t, nameNodeArb).map(([target, pipe]): Statement => ({ verb, target, pipe }));
    case "iouring-register": return fc.tuple(t, nameNodeArb).map(([target, ring]): Statement => ({ verb, target, ring }));
    case "iouring-unregister": return nameNodeArb.map((ring): Statement => ({ verb, ring }));
    case "pin":
      return fc.record({ target: t, prot: fc.constantFrom("ro" as const, "rw" as const), longterm: fc.boolean(), get: fc.boolean(), pin: nameNodeArb })
        .map((r): Statement => ({ verb, ...r, prot: { value: r.prot, span: NO_SPAN } }));
    case "unpin": return nameNodeArb.map((pin): Statement => ({ verb, pin }));
    case "frame": return fc.tuple(t, fc.option(nameNodeArb, { nil: null })).map(([target, as]): Statement => ({ verb, target, as }));
    case "migrate":
    case "reclaim": return fc.tuple(nameNodeArb, t).map(([process, target]): Statement => ({ verb, process, target }));
    case "exit":
    case "clear-refs":
    case "ksm-scan":
    case "lru-drain": return fc.constant({ verb } as Statement);
  }
}

const commentArb = fc.stringMatching(/^[ -~]{0,24}$/).map((text) => ({ text: text.trimEnd(), span: NO_SPAN }));
const titleArb = fc.oneof(fc.stringMatching(/^[ -~]{0,30}$/), fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !/[\n\r]/.test(s)));
const tagArb = fc.stringMatching(/^[a-z0-9][a-z0-9._/:-]{0,12}$/).map((text) => ({ text, span: NO_SPAN }));

export const headerArb: fc.Arbitrary<Header> = fc.oneof(
  titleArb.map((title): Header => ({ kind: "scenario", title })),
  rangeArb.map((range): Header => ({ kind: "kernels", range })),
  fc.array(tagArb, { minLength: 1, maxLength: 4 }).map((tags): Header => ({ kind: "tags", tags })),
);

const trailingArb = fc.option(commentArb, { nil: null });

export const actionArb: fc.Arbitrary<LineNode> = fc
  .tuple(fc.constantFrom(...VERBS).chain((v) => statementArb(v)), nameArb, fc.boolean(), fc.option(expectArb, { nil: null }), trailingArb)
  .map(([statement, actor, kernel, expect, comment]): LineNode => ({
    kind: "action", actor: name(kernel ? "kernel" : actor), verbSpan: NO_SPAN, statement, expect, comment, span: NO_SPAN,
  }));

const triviaArb: fc.Arbitrary<LineNode> = fc.oneof(
  fc.constant<LineNode>({ kind: "blank", span: NO_SPAN }),
  commentArb.map((comment): LineNode => ({ kind: "comment", comment, span: NO_SPAN })),
);

const headerLineArb: fc.Arbitrary<LineNode> = fc.tuple(headerArb, trailingArb)
  .map(([header, comment]): LineNode => ({ kind: "header", header, keyword: NO_SPAN, comment, span: NO_SPAN }));

/** Lines in any order and spacing (what `fmt` must normalise). */
export const looseLinesArb: fc.Arbitrary<LineNode[]> = fc.array(fc.oneof(triviaArb, headerLineArb, actionArb, actionArb), { maxLength: 25 });

/** The layout print produces: headers before the first action, no doubled, leading or trailing blank lines. */
export function canonicalLines(lines: readonly LineNode[]): LineNode[] {
  const headers = lines.filter((l) => l.kind === "header");
  const others = lines.filter((l) => l.kind !== "header");
  const out: LineNode[] = [];
  for (const l of [...headers, ...others]) {
    const prev = out[out.length - 1];
    if (l.kind === "blank" && (prev === undefined || prev.kind === "blank")) continue;
    out.push(l);
  }
  while (out[out.length - 1]?.kind === "blank") out.pop();
  return out;
}

/** Any grammatical scenario in canonical layout: parse(print(ast)) gives it back, spans aside. */
export const syntaxAst: fc.Arbitrary<ScenarioAst> = looseLinesArb.map((lines) => ({ lines: canonicalLines(lines) }));

/** Random intents: each picks a verb and its arguments among what exists at that point. */
export const intentArb: fc.Arbitrary<Intent> = fc.record({
  verb: fc.nat(40), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000), value: fc.nat(255), expect: fc.nat(20), override: fc.nat(1000),
});

/** Scenarios checkScenario accepts (no diagnostic), with headers, comments and expectations. */
export const validScenarioAst: fc.Arbitrary<ScenarioAst> = fc
  .tuple(fc.option(rangeArb.filter(isNonEmpty), { nil: null }), fc.array(intentArb, { maxLength: 40 }), fc.boolean())
  .map(([kernels, intents, titled]) => buildValidScenario(kernels, intents, titled));

function isNonEmpty(r: RangeNode): boolean {
  if (r.from === null || r.to === null) return true;
  const [a, b] = [r.from.text, r.to.text].map((t) => MODELLED_VERSIONS.findIndex((v) => formatVersion(v) === t));
  return (a ?? 0) <= (b ?? 0);
}
