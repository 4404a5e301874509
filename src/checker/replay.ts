// A witness made concrete: its `.cow` text, loaded by the scenario front end and run by run/
// exactly as `cowlab run` would, so what the checker prints is what a user replays. The run
// must show the same class at the same last line; anything else is a bug in the checker.
import { violationText } from "../kernel/invariants.js";
import { formatVersion } from "../history/index.js";
import type { Policy } from "../kernel/policy.js";
import type { Trace, TraceStep } from "../run/index.js";
import { runProgram } from "../run/index.js";
import { loadScenario } from "../scenario/index.js";
import type { Program } from "../scenario/index.js";
import type { Witness } from "./outcome.js";
import { witnessText } from "./witness.js";

export interface ReplayedWitness {
  readonly witness: Witness;
  readonly text: string;
  readonly program: Program;
  readonly trace: Trace;
  /** The step that diverges (or breaks an invariant): the last one. */
  readonly step: TraceStep | null;
  /** run/'s explanation: the divergence's `why`, or the invariant's detail. */
  readonly why: string;
}

/** The title a witness scenario carries. */
export function witnessTitle(w: Witness, policy: Policy, source: string): string {
  return `${w.class} on ${formatVersion(policy.version)}, found by ${source}`;
}

/** Builds, loads and runs the witness scenario; throws when it does not reproduce (a checker bug). */
export function replayWitness(w: Witness, policy: Policy, pages: number, source: string): ReplayedWitness {
  const text = witnessText(witnessTitle(w, policy, source), pages, w.path, w.class === "invariant" ? "model invariant breaks" : w.class);
  const loaded = loadScenario(text, `${w.class}.cow`);
  if (!loaded.ok) {
    const first = loaded.diagnostics[0];
    // witnessText only writes lines the checker of the language accepts.
    throw new Error(`checker bug: witness scenario does not load: ${first?.code ?? ""} ${first?.message ?? ""}\n${text}`);
  }
  const trace = runProgram(loaded.program, policy, { changes: false });
  const step = trace.steps[trace.steps.length - 1] ?? null;
  const why = w.class === "invariant"
    ? (trace.stopped?.kind === "invariant" ? violationText(trace.stopped) : "")
    : (step?.divergence?.class === w.class ? step.divergence.why : "");
  // A witness whose replay shows another class (or none) would mislead: stop loudly.
  if (why === "" || trace.steps.length !== w.path.length + 1) {
    throw new Error(`checker bug: the ${w.class} witness does not replay on ${formatVersion(policy.version)}\n${text}`);
  }
  return { witness: w, text, program: loaded.program, trace, step, why };
}
