// Expanding one state of a search over many kernels at once: every enabled action, stepped once
// per class of kernels that the step cannot tell apart (policyTracer), the class handed to a sink
// as a candidate state or a finding. Shared by the search in one thread and by worker threads.
import type { InvariantViolation } from "../kernel/invariants.js";
import { violationText } from "../kernel/invariants.js";
import { formatVersion } from "../history/index.js";
import type { Policy } from "../kernel/policy.js";
import type { World } from "../kernel/state.js";
import type { LockState, LockVerdict } from "../run/lockStep.js";
import { firstBrokenInvariant, invariantsApply, lockStep } from "../run/lockStep.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Action, Bounds, Counters } from "./actions.js";
import { advance, enabledActions } from "./actions.js";
import type { Coverage } from "./coverage.js";
import { createCoverage, recordDecisions } from "./coverage.js";
import type { PackedLevel } from "./frontier.js";
import { stateWords } from "./frontier.js";
import type { FindingClass } from "./outcome.js";
import { packState, unpackState } from "./packedState.js";
import type { PolicyTracer } from "./policyTracer.js";
import { MAX_TRACED_POLICIES, createPolicyTracer } from "./policyTracer.js";

/** What expanding needs, and what it counts as it goes. */
export interface SharedExpansion {
  readonly bounds: Bounds;
  readonly plain: readonly Policy[];
  readonly tracer: PolicyTracer;
  readonly invariants: boolean;
  /** Per kernel, with --coverage: the decisions its steps took. */
  readonly coverage: readonly Coverage[] | null;
  /** Step every kernel of each class alone too and fail unless each does what its class did (a test of the tracer). */
  readonly checkClasses: boolean;
  /** Kernels still searching. */
  live: number;
  /** Steps of the model. */
  steps: number;
  /** Per kernel: its transitions (each step counts for every kernel of its class). */
  readonly transitions: Int32Array;
}

export interface SharedExpansionOptions {
  readonly bounds: Bounds;
  readonly invariants?: boolean;
  readonly coverage?: boolean;
  readonly checkClasses?: boolean;
}

export function createSharedExpansion(o: SharedExpansionOptions, policies: readonly Policy[]): SharedExpansion {
  const tracer = createPolicyTracer(policies);
  return {
    bounds: o.bounds, plain: policies, tracer, invariants: o.invariants ?? true,
    coverage: o.coverage === true ? policies.map(() => createCoverage()) : null, checkClasses: o.checkClasses === true,
    live: tracer.all, steps: 0, transitions: new Int32Array(MAX_TRACED_POLICIES),
  };
}

/** Receives, in (state, action, class) order, what each step led to. */
export interface SharedSink {
  /**
   * The kernels of `kernels` to which the state is new (candidate ignores the others). It takes
   * the state's fingerprint, which the next call of candidate, for this very state, reuses.
   */
  fresh(lock: LockState, counters: Counters, kernels: number): number;
  /** A state that neither diverged nor stopped, reached by `kernels`, some of them new to it (see fresh). */
  candidate(i: number, k: number, kernels: number, lock: LockState, counters: Counters): void;
  /** A divergence or broken invariant for `kernels` at action k of state i. */
  finding(i: number, k: number, kernels: number, cls: FindingClass, detail: string): void;
}

/** The bits set in `mask`, lowest first. */
export function bits(mask: number): number[] {
  const out: number[] = [];
  for (let m = mask; m !== 0; m &= m - 1) out.push(31 - Math.clz32(m & -m));
  return out;
}

/**
 * Steps state i of `packed` by every enabled action, once per class of `kernels` (those still
 * live) that the step cannot tell apart. The invariants are checked once per state and kernel,
 * as in a one-kernel search (levelExpand.ts): a state already stored for a kernel passed them
 * then. They read the policy, so they run once per group of kernels that read it alike; the
 * class of the step stays whole, and the count of steps does not depend on which states were
 * new (which differs between a search in one thread and one in parts).
 */
export function expandEntry(x: SharedExpansion, packed: PackedLevel, i: number, kernels: number, sink: SharedSink): void {
  const words = stateWords(packed, i);
  const parent = unpackState(words);
  const actions = enabledActions(parent.lock, parent.counters, x.bounds, FIRST_REGION_VPN);
  const { trace, policies } = x.tracer;
  for (let k = 0; k < actions.length; k++) {
    const action = actions[k] as Action;
    let parentFree = k === actions.length - 1;
    for (let left = kernels & x.live; left !== 0; left &= x.live) {
      const g = 31 - Math.clz32(left & -left);
      const lock = parentFree ? parent.lock : unpackState(words).lock;
      parentFree = false;
      trace.agree = left;
      trace.world = lock.world;
      const v = lockStep(lock, action.op, policies[g] as Policy, false, x.coverage !== null);
      trace.world = null;
      const cls = trace.agree;
      if (x.checkClasses) checkClass(x, words, action, g, cls, lock, v);
      left &= ~cls;
      x.steps++;
      for (let m = cls; m !== 0; m &= m - 1) {
        const h = 31 - Math.clz32(m & -m);
        x.transitions[h] = (x.transitions[h] as number) + 1;
        if (x.coverage !== null) recordDecisions(x.coverage[h] as Coverage, v.events);
      }
      if (v.divergence !== null || v.stopped) {
        // A broken invariant outranks a divergence.
        const checked = x.invariants && invariantsApply(v) ? cls : 0;
        const broke = checked & ~checkInvariantGroups(x, i, k, checked, lock.world, sink);
        if (v.divergence !== null && (cls & ~broke) !== 0) sink.finding(i, k, cls & ~broke, v.divergence, "");
        continue;
      }
      const counters = advance(parent.counters, action);
      const fresh = sink.fresh(lock, counters, cls);
      if (fresh === 0) continue;
      const passed = x.invariants ? checkInvariantGroups(x, i, k, fresh, lock.world, sink) : fresh;
      if (passed !== 0) sink.candidate(i, k, passed, lock, counters);
    }
  }
}

/**
 * Checks the invariants of `world` for the kernels `todo`, once per group that reads the policy
 * alike (traced as a step is); reports each group that breaks one. Returns the kernels that passed.
 */
function checkInvariantGroups(x: SharedExpansion, i: number, k: number, todo: number, world: World, sink: SharedSink): number {
  const { trace, policies } = x.tracer;
  let passed = 0;
  while (todo !== 0) {
    const h = 31 - Math.clz32(todo & -todo);
    trace.agree = todo;
    trace.world = world;
    const invariant = firstBrokenInvariant(world, policies[h] as Policy);
    trace.world = null;
    const group = trace.agree;
    todo &= ~group;
    if (x.checkClasses) checkInvariantGroup(x, world, h, group, invariant);
    if (invariant === null) passed |= group;
    else sink.finding(i, k, group, "invariant", violationText(invariant));
  }
  return passed;
}

/** What a step decided, as one comparable string: the verdict and the packed state it left. */
function stepSummary(lock: LockState, v: LockVerdict, counters: Counters): string {
  return JSON.stringify([v.divergence, v.stopped, v.outcome, Array.from(packState(lock, counters))]);
}

/** The checkClasses option: every kernel of `cls` stepped alone must do what kernel g did. */
function checkClass(x: SharedExpansion, words: Int32Array, action: Action, g: number, cls: number, after: LockState, v: LockVerdict): void {
  const counters = advance(unpackState(words).counters, action);
  const want = stepSummary(after, v, counters);
  for (const h of bits(cls & ~(1 << g))) {
    const lock = unpackState(words).lock;
    const plain = x.plain[h] as Policy;
    const got = stepSummary(lock, lockStep(lock, action.op, plain, false, false), counters);
    if (got !== want) {
      throw new Error(`checker bug: ${formatVersion(plain.version)} does not step like ${formatVersion((x.plain[g] as Policy).version)} on ${JSON.stringify(action.op)}`);
    }
  }
}

/** The checkClasses option for the invariants: every kernel of `group` must find what kernel h found. */
function checkInvariantGroup(x: SharedExpansion, world: World, h: number, group: number, found: InvariantViolation | null): void {
  const want = JSON.stringify(found);
  for (const other of bits(group & ~(1 << h))) {
    const plain = x.plain[other] as Policy;
    if (JSON.stringify(firstBrokenInvariant(world, plain)) !== want) {
      throw new Error(`checker bug: ${formatVersion(plain.version)} does not check invariants like ${formatVersion((x.plain[h] as Policy).version)}`);
    }
  }
}
