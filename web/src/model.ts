// The viewer's run of a scenario: the runner's trace (verdicts, events, changes) plus the whole
// kernel world after every step, replayed here with the same `step` because the trace carries
// only what changed and the step view draws everything.
import {
  cloneWorld, createNaming, createWorld, formatVersion, loadScenario, policyFor, runProgram, step,
  type Diagnostic, type KernelVersion, type Naming, type Program, type Trace, type World,
} from "cowlab";

/** A scenario as the editor holds it: a program ready to run, or the diagnostics that stop it. */
export type Loaded =
  | { readonly ok: true; readonly program: Program }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** One scenario run on one kernel: the trace and the world after each of its steps. */
export interface Run {
  readonly version: KernelVersion;
  readonly trace: Trace;
  /** worlds[i] is the state after trace.steps[i]. */
  readonly worlds: readonly World[];
  readonly naming: Naming;
  readonly program: Program;
}

export function loadText(text: string, file: string): Loaded {
  const r = loadScenario(text, file);
  return r.ok ? { ok: true, program: r.program } : { ok: false, diagnostics: r.diagnostics };
}

/** Runs `program` on `version` and snapshots the world after every step the trace holds. */
export function runOn(program: Program, version: KernelVersion): Run {
  const policy = policyFor(version);
  const trace = runProgram(program, policy);
  const world = createWorld(program.processes.filter((p) => p.initial).map((p) => p.pid));
  const worlds: World[] = [];
  for (const s of trace.steps) {
    step(world, s.op, policy);
    worlds.push(cloneWorld(world));
  }
  return { version, trace, worlds, naming: createNaming(program), program };
}

/** Index of the first step with a divergence, or -1. */
export function firstDivergence(run: Run): number {
  return run.trace.steps.findIndex((s) => s.divergence !== null);
}

/** What two runs of one program do at a step, reduced to what a reader compares. */
function stepSignature(run: Run, i: number): string {
  const s = run.trace.steps[i];
  if (s === undefined) return "(stopped)";
  const events = s.events.map((e) => `${e.kind}:${e.pfn ?? ""}:${e.to ?? ""}:${e.vpn ?? ""}`).join(" ");
  return `${s.observed}|${s.divergence?.class ?? ""}|${events}`;
}

/** The first step where the two runs differ (observation, verdict or kernel events), or -1. */
export function firstDifference(a: Run, b: Run): number {
  const n = Math.max(a.trace.steps.length, b.trace.steps.length);
  for (let i = 0; i < n; i++) if (stepSignature(a, i) !== stepSignature(b, i)) return i;
  return -1;
}

export const versionKey = (v: KernelVersion): string => formatVersion(v);
