// Runs a program once per distinct policy of the kernels in scope and checks every
// expectation on every version of each group (expectation ranges may split a group).
import type { DivergenceClass } from "../ideal/index.js";
import type { KernelVersion } from "../kernel/policy.js";
import { distinctPolicies, formatVersion, versionsIn } from "../history/index.js";
import type { VersionRange } from "../history/versions.js";
import { compareVersions } from "../history/versions.js";
import type { Program } from "../scenario/program.js";
import { expectedOn } from "../scenario/program.js";
import { createNaming } from "./describe.js";
import { evaluateExpectation } from "./expectation.js";
import { INVARIANTS_HOLD, runProgram } from "./runProgram.js";
import type { RunStatus, Trace } from "./trace.js";

/** Which kernels `testProgram` covers. */
export interface TestOptions {
  /** Only kernels in this range (intersected with the program's `kernels` header). */
  readonly range?: VersionRange;
}

/** A failed expectation, on the versions of the group where it failed. */
export interface GroupFailure {
  readonly line: number;
  readonly text: string;
  readonly expected: string;
  readonly observed: string;
  readonly from: KernelVersion;
  readonly to: KernelVersion;
}

/** A divergence seen in a group's run, with its line. */
export interface GroupDivergence {
  readonly line: number;
  readonly text: string;
  readonly class: DivergenceClass;
  readonly why: string;
}

/** The result of one distinct policy: versions `from`..`to` share its knobs and so its run. */
export interface GroupResult {
  readonly from: KernelVersion;
  readonly to: KernelVersion;
  readonly era: string;
  readonly status: RunStatus;
  readonly failures: readonly GroupFailure[];
  readonly skipReason: string | null;
  readonly divergences: readonly GroupDivergence[];
}

/** A scenario tested on every distinct policy in scope. */
export interface TestReport {
  readonly file: string;
  readonly title: string | null;
  /** The kernels tested: the program's range intersected with the option's. */
  readonly range: VersionRange;
  readonly groups: readonly GroupResult[];
}

/** The intersection of two ranges (null ends are open). */
export function intersectRanges(a: VersionRange, b: VersionRange): VersionRange {
  const pick = (x: KernelVersion | null, y: KernelVersion | null, newer: boolean): KernelVersion | null => {
    if (x === null || y === null) return x ?? y;
    return compareVersions(x, y) >= 0 === newer ? x : y;
  };
  return { from: pick(a.from, b.from, true), to: pick(a.to, b.to, false) };
}

const ALL: VersionRange = { from: null, to: null };

/** Tests `program` on every distinct policy of the kernels in scope. */
export function testProgram(program: Program, options: TestOptions = {}): TestReport {
  const range = intersectRanges(program.kernels ?? ALL, options.range ?? ALL);
  const groups = distinctPolicies(versionsIn(range)).map((g) => {
    const trace = runProgram(program, g.policy, { changes: false });
    return groupResult(program, trace, versionsIn({ from: g.from, to: g.to }));
  });
  return { file: program.file, title: program.title, range, groups };
}

function groupResult(program: Program, trace: Trace, versions: readonly KernelVersion[]): GroupResult {
  const failures = versions.flatMap((v) => failuresOn(program, trace, v));
  const stopped = trace.stopped;
  const skipReason = stopped?.kind === "unsupported" ? `line ${stopped.line} needs ${stopped.feature}` : null;
  const first = versions[0] as KernelVersion;
  return {
    from: first,
    to: versions[versions.length - 1] ?? first,
    era: trace.era,
    status: skipReason !== null ? "skip" : failures.length > 0 ? "fail" : "ok",
    failures: mergeFailures(failures),
    skipReason,
    divergences: trace.steps.flatMap((s) => {
      const d = s.divergence;
      return d === null ? [] : [{ line: s.line, text: s.text, class: d.class, why: d.why }];
    }),
  };
}

/** The failures of one version: the trace's own failures re-checked against that version's expectations. */
function failuresOn(program: Program, trace: Trace, v: KernelVersion): GroupFailure[] {
  const naming = createNaming(program);
  const frames = new Map(Object.entries(trace.frames));
  const out: GroupFailure[] = [];
  for (const [i, step] of trace.steps.entries()) {
    const ps = program.steps[i];
    if (ps === undefined || trace.stopped?.kind === "unsupported" && step.line === trace.stopped.line) continue;
    const r = evaluateExpectation(ps.expect === null ? null : expectedOn(ps.expect, v), step.outcome, frames, naming);
    if (r === null || r.ok) continue;
    out.push({ line: step.line, text: step.text, expected: r.expected, observed: r.observed, from: v, to: v });
  }
  if (trace.stopped?.kind === "invariant") {
    const { line, invariant, detail } = trace.stopped;
    const text = program.steps.find((p) => p.line === line)?.text ?? "";
    out.push({ line, text, expected: INVARIANTS_HOLD, observed: `${invariant}: ${detail}`, from: v, to: v });
  }
  return out;
}

/** Joins the same failure on consecutive versions into one, keeping line order. */
function mergeFailures(list: readonly GroupFailure[]): GroupFailure[] {
  const out: GroupFailure[] = [];
  for (const f of [...list].sort((a, b) => a.line - b.line || compareVersions(a.from, b.from))) {
    const last = out[out.length - 1];
    if (last !== undefined && last.line === f.line && last.expected === f.expected && last.observed === f.observed) {
      out[out.length - 1] = { ...last, to: f.to };
    } else out.push(f);
  }
  return out;
}

/** `5.9..5.17` or `6.1` for a group. */
export function formatGroup(g: { readonly from: KernelVersion; readonly to: KernelVersion }): string {
  const from = formatVersion(g.from);
  return compareVersions(g.from, g.to) === 0 ? from : `${from}..${formatVersion(g.to)}`;
}
