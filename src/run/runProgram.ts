// The lock-step driver: runs a program's ops on the kernel model and the ideal machine side
// by side, checks the model's invariants after every step, judges every observation, checks
// every expectation for the policy's version, and returns the whole run as a Trace.
import { checkInvariants, violationText } from "../kernel/invariants.js";
import type { Allowed, Ideal } from "../ideal/index.js";
import { createIdeal, idealStep, judgeOutcome } from "../ideal/index.js";
import type { StepResult } from "../kernel/events.js";
import type { Policy } from "../kernel/policy.js";
import type { World } from "../kernel/state.js";
import { step } from "../kernel/step.js";
import { createWorld } from "../kernel/world.js";
import type { Program, ProgramStep } from "../scenario/program.js";
import { expectedOn } from "../scenario/program.js";
import type { ChangeTracker } from "./changes.js";
import { createChangeTracker, NO_CHANGES } from "./changes.js";
import type { Naming } from "./describe.js";
import { createNaming, describeOutcome } from "./describe.js";
import type { DivergenceContext } from "./divergence.js";
import { divergenceOf, zeroPageDivergence } from "./divergence.js";
import { evaluateExpectation } from "./expectation.js";
import { framesOf } from "./involved.js";
import { summarize } from "./summary.js";
import type { Divergence, ExpectationResult, LineFailure, StopReason, Trace, TraceStep } from "./trace.js";
import { countUnnecessaryCows } from "./unnecessaryCow.js";

/** What a failure at a broken invariant expected. */
export const INVARIANTS_HOLD = "the model's invariants hold";

/** How much a run records. */
export interface RunOptions {
  /** Record what each step changed (default true). Callers that only need verdicts may skip it. */
  readonly changes?: boolean;
}

/** Everything one run carries from step to step. */
interface RunState {
  readonly program: Program;
  readonly policy: Policy;
  readonly world: World;
  readonly ideal: Ideal;
  readonly naming: Naming;
  readonly tracker: ChangeTracker | null;
  readonly frames: Map<string, number | null>;
  readonly steps: TraceStep[];
  readonly failures: LineFailure[];
  zeroReported: boolean;
  stopped: StopReason | null;
}

/** Runs `program` under `policy`, in lock-step with the ideal machine. Deterministic. */
export function runProgram(program: Program, policy: Policy, options: RunOptions = {}): Trace {
  const pids = program.processes.filter((p) => p.initial).map((p) => p.pid);
  const world = createWorld(pids);
  const naming = createNaming(program);
  const s: RunState = {
    program, policy, world, ideal: createIdeal(pids), naming,
    tracker: options.changes === false ? null : createChangeTracker(world, naming),
    frames: new Map(), steps: [], failures: [], zeroReported: false, stopped: null,
  };
  for (const [index, ps] of program.steps.entries()) {
    runStep(s, index, ps);
    if (s.stopped !== null) break;
  }
  return finish(s);
}

function runStep(s: RunState, index: number, ps: ProgramStep): void {
  const framesBefore = framesOf(s.world, ps.op);
  const result = step(s.world, ps.op, s.policy);
  if (result.outcome.kind === "unsupported") {
    s.steps.push(bareStep(s, index, ps, result));
    s.stopped = { kind: "unsupported", line: ps.line, feature: result.outcome.feature };
    return;
  }
  const allowed = idealStep(s.ideal, ps.op, result.outcome).allowed;
  const divergence = divergenceOfStep(s, ps, result, allowed, framesBefore);
  const expectation = checkLine(s, ps, result);
  s.steps.push({
    ...bareStep(s, index, ps, result),
    allowed, divergence, expectation,
    changes: s.tracker?.record(ps.op, result.events) ?? NO_CHANGES,
    unnecessaryCows: countUnnecessaryCows(s.world, s.ideal, ps.op, result.events),
  });
  stopIfNeeded(s, ps, result);
}

const isZeroPageCorrupt = (w: World): boolean => (w.frames.get(w.zeroPfn)?.value ?? 0) !== 0;

/** The step's divergence: the zero page changing (reported once, when it happens) wins over a judged observation. */
function divergenceOfStep(
  s: RunState, ps: ProgramStep, result: StepResult, allowed: Allowed | null, framesBefore: readonly number[],
): Divergence | null {
  const zero = !s.zeroReported && isZeroPageCorrupt(s.world);
  const forceWrite = ps.op.kind === "force-write";
  const m = zero || allowed === null ? null : judgeOutcome(s.ideal, allowed, result.outcome, forceWrite);
  if (!zero && m === null) return null;
  // The whole event history is gathered only for a divergence, which is rare.
  const ctx: DivergenceContext = {
    world: s.world, policy: s.policy, naming: s.naming, op: ps.op, framesBefore,
    history: [...s.steps.map((t) => t.events), result.events],
  };
  if (m === null) {
    s.zeroReported = true;
    return zeroPageDivergence(ctx);
  }
  return divergenceOf(ctx, m);
}

/** A step with the kernel's part only: no verdict, no expectation, no changes. */
function bareStep(s: RunState, index: number, ps: ProgramStep, result: StepResult): TraceStep {
  return {
    index, line: ps.line, text: ps.text, op: ps.op, outcome: result.outcome,
    observed: describeOutcome(result.outcome, s.naming), allowed: null, divergence: null, expectation: null,
    events: result.events, changes: NO_CHANGES, unnecessaryCows: 0,
  };
}

/** Evaluates the line's expectation on the policy's version and remembers `frame ... as NAME`. */
function checkLine(s: RunState, ps: ProgramStep, result: StepResult): ExpectationResult | null {
  const o = result.outcome;
  const expected = ps.expect === null ? null : expectedOn(ps.expect, s.policy.version);
  const r = evaluateExpectation(expected, o, s.frames, s.naming);
  if (ps.frameAs !== null && o.kind === "frame") s.frames.set(ps.frameAs, o.pfn);
  if (r !== null && !r.ok) {
    s.failures.push({ line: ps.line, text: ps.text, expected: r.expected, observed: r.observed });
  }
  return r;
}

/** A broken invariant (a model bug) or a blocked line ends the run. */
function stopIfNeeded(s: RunState, ps: ProgramStep, result: StepResult): void {
  const broken = checkInvariants(s.world, s.policy)[0];
  if (broken !== undefined) {
    s.stopped = { kind: "invariant", line: ps.line, invariant: broken.invariant, detail: broken.detail };
    s.failures.push({ line: ps.line, text: ps.text, expected: INVARIANTS_HOLD, observed: violationText(broken) });
    return;
  }
  if (result.outcome.kind === "blocked") s.stopped = { kind: "blocked", line: ps.line, why: result.outcome.why };
}

function finish(s: RunState): Trace {
  const status = s.stopped?.kind === "unsupported" ? "skip" : s.failures.length > 0 ? "fail" : "ok";
  return {
    file: s.program.file, title: s.program.title, kernel: s.policy.version, era: s.policy.era, status,
    steps: s.steps, stopped: s.stopped, failures: s.failures, frames: Object.fromEntries(s.frames),
    summary: summarize(s.steps, s.failures),
  };
}
