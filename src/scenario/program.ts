// A checked scenario lowered for execution: the op list of kernel/ plus, per line,
// what it expects on which kernels. run/, native/ and the checker consume this.
import type { Pid } from "../kernel/ids.js";
import type { Op } from "../kernel/ops.js";
import type { KernelVersion } from "../kernel/policy.js";
import type { VersionRange } from "../history/versions.js";
import { inRange } from "../history/versions.js";

/** A pagemap flag as the language spells it, possibly negated (`!exclusive`). */
export interface FlagExpectation {
  readonly flag: "present" | "swapped" | "exclusive" | "soft-dirty";
  readonly negated: boolean;
}

/** One expected outcome of an observation. */
export type ExpectedOutcome =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "segv" }
  | { readonly kind: "error" }
  | { readonly kind: "none" }
  | { readonly kind: "flags"; readonly flags: readonly FlagExpectation[] }
  /** `expect NAME` (same frame as remembered) or `expect !NAME` (a different one). */
  | { readonly kind: "frame"; readonly name: string; readonly negated: boolean };

/** `expect BASE, O1 on R1, O2 on R2`: later ranges win where they overlap. */
export interface Expectation {
  readonly base: ExpectedOutcome;
  readonly overrides: readonly { readonly outcome: ExpectedOutcome; readonly range: VersionRange }[];
}

/** The outcome an expectation demands on one kernel version. */
export function expectedOn(e: Expectation, v: KernelVersion): ExpectedOutcome {
  let chosen = e.base;
  for (const o of e.overrides) if (inRange(v, o.range)) chosen = o.outcome;
  return chosen;
}

/** One action line of the scenario. */
export interface ProgramStep {
  /** 1-based line number in the source file. */
  readonly line: number;
  /** The line's text as written, without its comment, trimmed. */
  readonly text: string;
  readonly op: Op;
  readonly expect: Expectation | null;
  /** `frame buf[i] as NAME`: remember the observed frame under NAME. */
  readonly frameAs: string | null;
}

/** A process of the scenario. */
export interface ProgramProcess {
  readonly pid: Pid;
  readonly name: string;
  /** True for a process that exists from the start (no `fork` creates it). */
  readonly initial: boolean;
}

/** A named region with the pages lower placed it at. */
export interface ProgramRegion {
  readonly name: string;
  readonly start: number;
  readonly pages: number;
}

/** A scenario ready to run. */
export interface Program {
  readonly file: string;
  readonly title: string | null;
  /** The `kernels` header, or null for every modelled kernel. */
  readonly kernels: VersionRange | null;
  readonly tags: readonly string[];
  readonly processes: readonly ProgramProcess[];
  readonly regions: readonly ProgramRegion[];
  /** Names of pipes, rings and pins by their numeric id. */
  readonly pipes: readonly string[];
  readonly rings: readonly string[];
  readonly pins: readonly string[];
  readonly steps: readonly ProgramStep[];
}
