// The one catalog of diagnostic codes: COW1xx syntax, 2xx scenario semantics, 3xx CLI,
// 9xx internal. docs/errors.md is generated from it (cowlab errors); every code has an
// example that triggers it, which the tests and the generated page both run.
import type { Span } from "./span.js";

/** An error a user can cause: a value with a code and a span, never an exception. */
export interface Diagnostic {
  readonly code: string;
  /** Sentence case; what was found and what was expected, user tokens in backticks. */
  readonly message: string;
  /** The offending token. */
  readonly span: Span;
  /** The grammar the position accepts, e.g. a verb's usage line. */
  readonly expected?: string;
  /** A fix, when an obvious one exists ("did you mean `write`?"). */
  readonly hint?: string;
  /** Another place that explains this one (the defining line of a duplicate name). */
  readonly related?: { readonly span: Span; readonly message: string };
}

/** A catalog entry: what a code means, and an input that triggers it. */
export interface DiagnosticInfo {
  readonly code: string;
  readonly title: string;
  readonly explanation: string;
  /** Scenario text that triggers the code (1xx, 2xx), or a command line (3xx, 9xx). */
  readonly example: string;
  /** For codes scenario text cannot trigger: the message the example prints. */
  readonly exampleMessage?: string;
}

const entry = (code: string, title: string, explanation: string, example: string, exampleMessage?: string): DiagnosticInfo =>
  exampleMessage === undefined ? { code, title, explanation, example } : { code, title, explanation, example, exampleMessage };

/** Every diagnostic code cowlab emits, by code. */
export const DIAGNOSTICS = {
  COW101: entry("COW101", "Unexpected character",
    "The line holds a character the language does not use (outside a string or a comment).",
    "p: mmap buf 1 rw;"),
  COW102: entry("COW102", "Unterminated string",
    "A string (the scenario title) opens with `\"` but the line ends before the closing quote.",
    'scenario "vmsplice leak'),
  COW103: entry("COW103", "Unknown verb",
    "The word after `ACTOR:` is not a verb of the language. The hint names the nearest verb.",
    "p: mmap buf 1 rw\np: wrte buf[0] A"),
  COW104: entry("COW104", "Line is neither an action nor a header",
    "Every line is a header (`scenario`, `kernels`, `tags`) or an action `ACTOR: VERB ARGS...`.",
    "mmap buf 1 rw"),
  COW105: entry("COW105", "Missing argument",
    "The line ends before the verb, header or expectation has all the arguments it needs.",
    "p: mmap buf 1"),
  COW106: entry("COW106", "Unexpected token",
    "A token of the wrong kind stands where the grammar expects something else.",
    "p: mmap buf rw 1"),
  COW107: entry("COW107", "Extra text after the statement",
    "The statement is complete but more tokens follow. Start a comment with `#` or an expectation with `expect`.",
    "p: mmap buf 1 rw\np: exit now"),
  COW108: entry("COW108", "Malformed number",
    "A token starts with a digit but is neither a decimal number, a hex byte (`0x41`) nor a version (`5.10`).",
    "p: mmap buf 1x rw"),
  COW109: entry("COW109", "Unknown keyword",
    "A protection, madvise advice, mmap or pin option, or pagemap flag is not one the language knows.",
    "p: mmap buf 1 rwx"),
  COW110: entry("COW110", "Reserved word used as a name",
    "Words of the expectation syntax (`expect`, `on`, `as`, `none`, `segv`, `error`, the pagemap flags) and `kernel` cannot name anything.",
    "p: mmap none 1 rw"),
  COW111: entry("COW111", "Name is not a lowercase identifier",
    "Process, region, pipe, ring, pin and frame names are lowercase: a letter or `_`, then letters, digits, `_` or `-`.",
    "p: mmap Buf 1 rw"),
  COW112: entry("COW112", "Repeated option or flag",
    "An mmap or pin option, or a pagemap flag in one outcome, is given twice.",
    "p: mmap buf 1 rw shared shared"),
  COW201: entry("COW201", "Undefined name",
    "No line defines this region, pipe, ring, pin or frame (`mmap`, `vmsplice`, `iouring-register`, `pin`, `frame ... as`).",
    "p: mmap buf 1 rw\np: write bfu[0] A"),
  COW202: entry("COW202", "Name used before its definition",
    "Lines run in order: a name exists only from the line that defines it.",
    "p: mmap buf 1 rw\np: read pipe1\np: vmsplice buf pipe1"),
  COW203: entry("COW203", "Name defined twice",
    "Region, pipe, ring, pin and frame names share one namespace and are defined once.",
    "p: mmap buf 1 rw\np: mmap buf 2 rw"),
  COW204: entry("COW204", "Wrong kind of name",
    "The verb needs a name of another kind (a region, pipe, ring, pin or frame) than the one given.",
    "p: mmap buf 1 rw\np: iouring-register buf ring1\np: vmsplice buf ring1"),
  COW205: entry("COW205", "Process used before the fork that creates it",
    "A name that a `fork` creates denotes that child, which exists only after the fork line.",
    "p: mmap buf 1 rw\nc: write buf[0] A\np: fork c"),
  COW206: entry("COW206", "Process name reused",
    "A fork creates a new process: its name must not be the parent's, another child's or an initial process's.",
    "p: fork c\np: fork c"),
  COW207: entry("COW207", "Process used after its exit",
    "After `exit` the process is gone: it cannot act, fork or be named by `kernel: migrate`/`reclaim`.",
    "p: mmap buf 1 rw\np: exit\np: write buf[0] A"),
  COW208: entry("COW208", "Page outside its region",
    "A page index or range goes past the pages the region was mapped with (indices start at 0, ranges are half-open).",
    "p: mmap buf 2 rw\np: write buf[5] A"),
  COW209: entry("COW209", "Empty page range",
    "`buf[i..j]` covers pages i to j - 1, so j must be greater than i.",
    "p: mmap buf 2 rw\np: write buf[1..1] A"),
  COW210: entry("COW210", "Not a modelled kernel version",
    "Versions are mainline `MAJOR.MINOR` between 4.4 and 6.18 (4.4..4.20, 5.0..5.19, 6.0..6.18).",
    "kernels 3.10..\np: exit"),
  COW211: entry("COW211", "Empty kernel range",
    "A range `A..B` includes both ends and needs A not newer than B.",
    "kernels 5.17..5.9\np: exit"),
  COW212: entry("COW212", "Override outside the scenario's kernels",
    "An `OUTCOME on RANGE` override whose range shares no version with the `kernels` header can never apply.",
    "kernels 5.0..\np: mmap buf 1 rw\np: read buf expect 0, 1 on ..4.9"),
  COW213: entry("COW213", "Expectation that cannot apply",
    "The verb cannot show this outcome: a `write` expects only `segv`, `pagemap` only flags, `frame` only a frame name or `none`, `force-write` a value or `error`.",
    "p: mmap buf 1 rw\np: write buf[0] A expect A"),
  COW214: entry("COW214", "Wrong actor for the verb",
    "`kernel` performs `ksm-scan`, `lru-drain`, `migrate` and `reclaim`; processes perform every other verb.",
    "kernel: mmap buf 1 rw"),
  COW215: entry("COW215", "Header after the first action",
    "Header lines (`scenario`, `kernels`, `tags`) come before the first action.",
    "p: mmap buf 1 rw\nkernels 5.10.."),
  COW216: entry("COW216", "Header given twice",
    "Each header line may appear once.",
    'scenario "one"\nscenario "two"'),
  COW217: entry("COW217", "Value out of range",
    "A value is one byte: `A`..`Z`, `0`..`255` or `0x00`..`0xff`.",
    "p: mmap buf 1 rw\np: write buf[0] 256"),
  COW218: entry("COW218", "Bad page count",
    "`mmap` maps 1 to 262144 pages of 4 KiB; a `hugetlb` mapping needs a multiple of 512 (2 MiB pages).",
    "p: mmap buf 0 rw"),
  COW219: entry("COW219", "Wrong target shape",
    "The verb needs one page (`buf[i]`), a ring page (`ring[i]`), or a bare pipe or pin name, and got another shape.",
    "p: mmap buf 2 rw\np: force-write buf A"),
  COW220: entry("COW220", "Ring used by a process that does not hold it",
    "An io_uring ring belongs to the process that registered it and to children it forks afterwards.",
    "p: mmap buf 1 rw\np: iouring-register buf ring1\nq: read ring1[0]"),
  COW221: entry("COW221", "Ring or pin used after its release",
    "After `iouring-unregister RING` or `unpin PIN` the name holds no pages.",
    "p: mmap buf 1 rw\np: pin buf[0] rw pn\np: unpin pn\np: read pn"),
  COW222: entry("COW222", "Unknown process",
    "`kernel: migrate`/`reclaim` name a process that never acts and that no fork creates.",
    "p: mmap buf 1 rw\nkernel: migrate pp buf[0]"),
  COW301: entry("COW301", "No such file or directory",
    "A path given to the command does not exist.",
    "cowlab parse missing.cow", "No such file or directory: `missing.cow`"),
  COW302: entry("COW302", "Cannot read file",
    "The path exists but is not a readable regular file.",
    "cowlab parse fifo.cow", "Cannot read `fifo.cow`: not a regular file"),
  COW303: entry("COW303", "No scenario files",
    "A directory given to the command holds no `.cow` file.",
    "cowlab parse empty/", "No `.cow` files under `empty/`"),
  COW304: entry("COW304", "File with errors not formatted",
    "`cowlab fmt` rewrites only files without errors; fix the errors it prints first.",
    "cowlab fmt bad.cow", "Not formatting `bad.cow`: it has 1 error"),
  COW305: entry("COW305", "Cannot write file",
    "`cowlab fmt` could not write the formatted text back.",
    "cowlab fmt readonly.cow", "Cannot write `readonly.cow`: EACCES: permission denied"),
  COW900: entry("COW900", "Internal error",
    "An exception escaped: this is a bug in cowlab, not in the scenario; please report it with the command line and the file. `COWLAB_DEBUG=1` prints the stack.",
    "cowlab parse crash.cow", "internal error while reading `crash.cow`: <the exception>"),
} as const satisfies Record<string, DiagnosticInfo>;

/** A code of the catalog (a typo in a code is a type error). */
export type DiagnosticCode = keyof typeof DIAGNOSTICS;

/** Optional parts of a diagnostic. */
export interface DiagnosticExtras {
  readonly expected?: string | undefined;
  readonly hint?: string | undefined;
  readonly related?: { readonly span: Span; readonly message: string } | undefined;
}

/** Builds a diagnostic, leaving out the extras that are undefined. */
export function createDiagnostic(code: DiagnosticCode, message: string, span: Span, extras: DiagnosticExtras = {}): Diagnostic {
  return {
    code,
    message,
    span,
    ...(extras.expected === undefined ? {} : { expected: extras.expected }),
    ...(extras.hint === undefined ? {} : { hint: extras.hint }),
    ...(extras.related === undefined ? {} : { related: extras.related }),
  };
}

/** Orders diagnostics by position, then code, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
