// A run of one scenario under one policy, as data: per line the op, the kernel's events and
// outcome, what changed, the ideal's verdict and the expectation's result; then a summary.
// This is what the CLI prints, `run --json` writes (traceSchema.ts) and the viewer steps through.
import type { Allowed, DivergenceClass, Permitted, Shown } from "../ideal/index.js";
import type { KernelEvent, Outcome } from "../kernel/events.js";
import type { Op } from "../kernel/ops.js";
import type { Decision, KernelVersion } from "../kernel/policy.js";

/** An observation the ideal machine does not allow, and the kernel decision behind it. */
export interface Divergence {
  readonly class: DivergenceClass;
  /** The page of the access, or null for a reference read, a system call result or the zero page. */
  readonly vpn: number | null;
  readonly shown: Shown;
  readonly permitted: Permitted;
  /** One sentence naming the kernel decision that caused it and the records that set and changed it. */
  readonly why: string;
  /** The decision found, or null when no decision touched the frames involved. */
  readonly decision: Decision | null;
}

/** A line's expectation on this kernel, and what was observed. */
export interface ExpectationResult {
  readonly expected: string;
  readonly observed: string;
  readonly ok: boolean;
}

/**
 * A page-table entry as the trace shows it. `exclusive` is a swap entry's swp-exclusive bit;
 * a present page's PG_anon_exclusive shows in its frame's flags.
 */
export interface PteView {
  readonly present: boolean;
  readonly pfn: number | null;
  readonly slot: number | null;
  readonly write: boolean;
  readonly dirty: boolean;
  readonly softDirty: boolean;
  readonly exclusive: boolean;
}

/** A frame's counters, value and flags (`anon`, `ksm`, `exclusive`, `swapcache`, `lru-batch`, `lru`, `dirty`). */
export interface FrameView {
  readonly value: number;
  readonly refcount: number;
  readonly mapcount: number;
  readonly pincount: number;
  readonly flags: readonly string[];
}

/** An mm's flag and its VMAs, one compact string each (`16..18 rw- private dontcopy`). */
export interface MmView {
  readonly hasPinned: boolean;
  readonly vmas: readonly string[];
}

/** Something that changed in one step; null before means created, null after means gone. */
export interface Change<K, V> {
  readonly key: K;
  readonly before: V | null;
  readonly after: V | null;
}

/** What one step changed. Holders are named `pipe NAME`, `pin NAME`, `ring NAME`; their value lists pfns. */
export interface StepChanges {
  readonly ptes: readonly Change<{ readonly pid: number; readonly vpn: number }, PteView>[];
  readonly frames: readonly Change<number, FrameView>[];
  readonly holders: readonly Change<string, readonly number[]>[];
  readonly mms: readonly Change<number, MmView>[];
  readonly lruBatch: Change<"lru", readonly number[]> | null;
}

/** One line of the program as it ran. */
export interface TraceStep {
  /** 0-based position in the program. */
  readonly index: number;
  readonly line: number;
  readonly text: string;
  readonly op: Op;
  readonly outcome: Outcome;
  /** The outcome in words (`A, B`, `segv at buf[1]`, `error EFAULT`, `pfn 7`). */
  readonly observed: string;
  /** The ideal machine's verdict; null when it has no opinion. */
  readonly allowed: Allowed | null;
  readonly divergence: Divergence | null;
  /** Null for a line without expectation whose outcome needs none. */
  readonly expectation: ExpectationResult | null;
  readonly events: readonly KernelEvent[];
  readonly changes: StepChanges;
  /** Copies made in this step that no reference required (counted, not a divergence). */
  readonly unnecessaryCows: number;
}

/** Why a run ended before its last line. */
export type StopReason =
  | { readonly kind: "invariant"; readonly line: number; readonly invariant: string; readonly detail: string }
  | { readonly kind: "blocked"; readonly line: number; readonly why: string }
  | { readonly kind: "unsupported"; readonly line: number; readonly feature: string };

/** A line whose expectation failed (or that blocked, or broke an invariant). */
export interface LineFailure {
  readonly line: number;
  readonly text: string;
  readonly expected: string;
  readonly observed: string;
}

/** The closing numbers of a run. */
export interface TraceSummary {
  readonly divergences: Readonly<Record<DivergenceClass, number>>;
  readonly unnecessaryCows: number;
  /** copy and fork-copy events. */
  readonly copies: number;
  /** fault events. */
  readonly faults: number;
  readonly firstFailure: LineFailure | null;
}

/** ok: every expectation held; fail: one did not, a line blocked, or an invariant broke; skip: unsupported. */
export type RunStatus = "ok" | "fail" | "skip";

/** A whole run of one program under one policy. */
export interface Trace {
  readonly file: string;
  readonly title: string | null;
  readonly kernel: KernelVersion;
  readonly era: string;
  readonly status: RunStatus;
  readonly steps: readonly TraceStep[];
  readonly stopped: StopReason | null;
  /** Every failed expectation, in line order (a blocked line counts as one). */
  readonly failures: readonly LineFailure[];
  /** `frame ... as NAME`: the pfn remembered under each name (null: the page was not present). */
  readonly frames: Readonly<Record<string, number | null>>;
  readonly summary: TraceSummary;
}
