// The syntax tree of a `.cow` file, one node per source line. Comments and blank lines
// are kept as trivia so `fmt` preserves them; every node carries the span it came from.
import type { Advice, Prot } from "../kernel/ops.js";
import type { Span } from "./span.js";

/** A lowercase identifier as written (process, region, pipe, ring, pin or frame name). */
export interface NameNode {
  readonly text: string;
  readonly span: Span;
}

/** A non-negative decimal integer (page count, page index). */
export interface IntNode {
  readonly value: number;
  readonly span: Span;
}

/** A byte value as written: `A`, `65` or `0x41` (range-checked by the checker). */
export interface ValueNode {
  readonly value: number;
  readonly form: "letter" | "decimal" | "hex";
  readonly span: Span;
}

/** A kernel version as written; the checker validates it is a modelled MAJOR.MINOR. */
export interface VersionNode {
  readonly text: string;
  readonly span: Span;
}

/** `5.9..5.17`, `..5.7`, `6.2..` (form "range") or `5.10` (form "single": from === to). */
export interface RangeNode {
  readonly form: "range" | "single";
  readonly from: VersionNode | null;
  readonly to: VersionNode | null;
  readonly span: Span;
}

/** `buf`, `buf[3]` or `buf[1..3]` (half-open); also `ring[i]` and a bare pipe or pin name. */
export interface TargetNode {
  readonly name: NameNode;
  readonly index:
    | null
    | { readonly kind: "page"; readonly page: IntNode; readonly span: Span }
    | { readonly kind: "range"; readonly start: IntNode; readonly end: IntNode; readonly span: Span };
  readonly span: Span;
}

/** A /proc/pid/pagemap flag the language observes. */
export type PagemapFlag = "present" | "swapped" | "exclusive" | "soft-dirty";

/** One flag of a FLAGS outcome, `!` negating it. */
export interface FlagNode {
  readonly flag: PagemapFlag;
  readonly negated: boolean;
  readonly span: Span;
}

/** One OUTCOME of an expectation. */
export type OutcomeNode =
  | { readonly kind: "value"; readonly value: ValueNode; readonly span: Span }
  | { readonly kind: "segv" | "error" | "none"; readonly span: Span }
  | { readonly kind: "flags"; readonly flags: readonly FlagNode[]; readonly span: Span }
  | { readonly kind: "frame"; readonly name: NameNode; readonly negated: boolean; readonly span: Span };

/** `expect BASE ("," OUTCOME "on" RANGE)*`. */
export interface ExpectNode {
  readonly base: OutcomeNode;
  readonly overrides: readonly { readonly outcome: OutcomeNode; readonly range: RangeNode }[];
  readonly span: Span;
}

/** A keyword argument with its position (prot, advice). */
export interface WordNode<T extends string> {
  readonly value: T;
  readonly span: Span;
}

/** The verb of an action and its arguments, tagged by `verb`. */
export type Statement =
  | { readonly verb: "mmap"; readonly name: NameNode; readonly pages: IntNode; readonly prot: WordNode<Prot>;
      readonly shared: boolean; readonly hugetlb: boolean; readonly file: { readonly text: string; readonly span: Span } | null }
  | { readonly verb: "munmap"; readonly target: TargetNode }
  | { readonly verb: "mprotect"; readonly target: TargetNode; readonly prot: WordNode<Prot> }
  | { readonly verb: "madvise"; readonly target: TargetNode; readonly advice: WordNode<Advice> }
  | { readonly verb: "write"; readonly target: TargetNode; readonly value: ValueNode }
  | { readonly verb: "read"; readonly target: TargetNode }
  | { readonly verb: "fork"; readonly child: NameNode }
  | { readonly verb: "exit" }
  | { readonly verb: "force-write"; readonly target: TargetNode; readonly value: ValueNode }
  | { readonly verb: "clear-refs" }
  | { readonly verb: "vmsplice"; readonly target: TargetNode; readonly pipe: NameNode }
  | { readonly verb: "iouring-register"; readonly target: TargetNode; readonly ring: NameNode }
  | { readonly verb: "iouring-unregister"; readonly ring: NameNode }
  | { readonly verb: "pin"; readonly target: TargetNode; readonly prot: WordNode<"ro" | "rw">;
      readonly longterm: boolean; readonly get: boolean; readonly pin: NameNode }
  | { readonly verb: "unpin"; readonly pin: NameNode }
  | { readonly verb: "pagemap"; readonly target: TargetNode }
  | { readonly verb: "frame"; readonly target: TargetNode; readonly as: NameNode | null }
  | { readonly verb: "ksm-scan" }
  | { readonly verb: "lru-drain" }
  | { readonly verb: "migrate"; readonly process: NameNode; readonly target: TargetNode }
  | { readonly verb: "reclaim"; readonly process: NameNode; readonly target: TargetNode };

/** The verbs of the language (the `verb` tags of Statement). */
export type Verb = Statement["verb"];

/** A trailing or full-line comment: the text after `#`, trailing whitespace trimmed. */
export interface CommentNode {
  readonly text: string;
  readonly span: Span;
}

/** A header line: `scenario "TITLE"`, `kernels RANGE` or `tags WORD...`. */
export type Header =
  | { readonly kind: "scenario"; readonly title: string }
  | { readonly kind: "kernels"; readonly range: RangeNode }
  | { readonly kind: "tags"; readonly tags: readonly { readonly text: string; readonly span: Span }[] };

/** One line of the file. */
export type LineNode =
  | { readonly kind: "blank"; readonly span: Span }
  | { readonly kind: "comment"; readonly comment: CommentNode; readonly span: Span }
  | { readonly kind: "header"; readonly header: Header; readonly keyword: Span; readonly comment: CommentNode | null; readonly span: Span }
  | { readonly kind: "action"; readonly actor: NameNode; readonly verbSpan: Span; readonly statement: Statement;
      readonly expect: ExpectNode | null; readonly comment: CommentNode | null; readonly span: Span }
  /** A line with a syntax error, kept verbatim; `words` are its name-like tokens (to quiet follow-on errors). */
  | { readonly kind: "invalid"; readonly text: string; readonly words: readonly string[];
      readonly comment: CommentNode | null; readonly span: Span };

/** An action line `ACTOR: VERB ARGS [expect ...]`. */
export type ActionLine = Extract<LineNode, { kind: "action" }>;
/** A header line with its keyword span. */
export type HeaderLine = Extract<LineNode, { kind: "header" }>;

/** A parsed scenario: its lines in order. */
export interface ScenarioAst {
  readonly lines: readonly LineNode[];
}

/** Verbs the `kernel` actor performs; every other verb belongs to a process. */
export const KERNEL_VERBS: readonly Verb[] = ["ksm-scan", "lru-drain", "migrate", "reclaim"];

/** Every verb, in the order the language lists them. */
export const VERBS: readonly Verb[] = [
  "mmap", "munmap", "mprotect", "madvise", "write", "read", "fork", "exit", "force-write", "clear-refs",
  "vmsplice", "iouring-register", "iouring-unregister", "pin", "unpin", "pagemap", "frame",
  "ksm-scan", "lru-drain", "migrate", "reclaim",
];

/** The pagemap flags, in the order the language documents them. */
export const PAGEMAP_FLAGS: readonly PagemapFlag[] = ["present", "swapped", "exclusive", "soft-dirty"];

/** Words that cannot name a process, region, pipe, ring, pin or frame (they would read ambiguously). */
export const RESERVED_WORDS: readonly string[] = [
  "expect", "on", "as", "kernel", "segv", "error", "none", ...PAGEMAP_FLAGS,
];
