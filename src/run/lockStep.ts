// One lock-step of kernel model and ideal machine on a snapshot the caller owns, with the
// verdict only (no trace, no texts): what the checker runs once per explored transition.
// Same rules as runProgram: zero-page corruption first, then the ideal's judgement, then invariants.
import type { DivergenceClass, Ideal } from "../ideal/index.js";
import { cloneIdeal, createIdeal, idealStep, judgeOutcome } from "../ideal/index.js";
import type { KernelEvent, Outcome } from "../kernel/events.js";
import type { Pid } from "../kernel/ids.js";
import type { InvariantViolation } from "../kernel/invariants.js";
import { checkInvariants } from "../kernel/invariants.js";
import type { Op } from "../kernel/ops.js";
import type { Policy } from "../kernel/policy.js";
import type { World } from "../kernel/state.js";
import { step } from "../kernel/step.js";
import { cloneWorld, createWorld } from "../kernel/world.js";

/** The kernel world and the ideal machine after the same ops. Mutable: lockStep changes it in place. */
export interface LockState {
  readonly world: World;
  readonly ideal: Ideal;
}

/** What one lock-step found. */
export interface LockVerdict {
  readonly outcome: Outcome;
  readonly events: readonly KernelEvent[];
  /** The class of the observation the ideal does not allow, or null. */
  readonly divergence: DivergenceClass | null;
  /** The first broken internal invariant (a model bug), or null. */
  readonly invariant: InvariantViolation | null;
  /** The op blocked (an empty pipe) or needs what the model lacks: the run cannot go on. */
  readonly stopped: boolean;
}

/** Both machines with `pids` and nothing mapped. */
export function createLockState(pids: readonly Pid[]): LockState {
  return { world: createWorld(pids), ideal: createIdeal(pids) };
}

/** A deep copy: stepping the copy leaves `s` unchanged. */
export function cloneLockState(s: LockState): LockState {
  return { world: cloneWorld(s.world), ideal: cloneIdeal(s.ideal) };
}

const isZeroPageCorrupt = (w: World): boolean => (w.frames.get(w.zeroPfn)?.value ?? 0) !== 0;

/**
 * Steps both machines by `op` and judges the outcome. A state whose zero page is already corrupt
 * was a divergence when it happened; callers stop there, so it is reported every time here.
 * `events` false skips recording the kernel's events (the verdict does not need them).
 */
export function lockStep(s: LockState, op: Op, policy: Policy, invariants = true, events = true): LockVerdict {
  const r = step(s.world, op, policy, { events });
  if (r.outcome.kind === "unsupported") {
    return { outcome: r.outcome, events: r.events, divergence: null, invariant: null, stopped: true };
  }
  const allowed = idealStep(s.ideal, op, r.outcome).allowed;
  let divergence: DivergenceClass | null = null;
  if (isZeroPageCorrupt(s.world)) divergence = "corruption";
  else if (allowed !== null) divergence = judgeOutcome(s.ideal, allowed, r.outcome, op.kind === "force-write")?.class ?? null;
  const invariant = invariants ? firstBrokenInvariant(s.world, policy) : null;
  return { outcome: r.outcome, events: r.events, divergence, invariant, stopped: r.outcome.kind === "blocked" };
}

/** Whether lockStep checks the invariants after a step with this verdict: not after an op the model does not support. */
export const invariantsApply = (v: LockVerdict): boolean => v.outcome.kind !== "unsupported";

/** The first internal invariant `world` breaks, or null: what lockStep's `invariant` holds when asked to check. */
export function firstBrokenInvariant(world: World, policy: Policy): InvariantViolation | null {
  return checkInvariants(world, policy)[0] ?? null;
}
