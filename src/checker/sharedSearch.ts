// The bounded search of `explore --kernel all`, for every kernel at once. One breadth-first
// search whose states carry the set of kernels (a bit mask) that reach them: a state is stepped
// once per class of kernels that take the same path through the model (policyTracer tells which),
// and stored once, however many kernels reach it. Each kernel's result (states, transitions,
// shortest witnesses, depth, why it stopped) is the one its own search would give.
import type { Policy } from "../kernel/policy.js";
import { formatVersion } from "../history/index.js";
import type { LockState, LockVerdict } from "../run/lockStep.js";
import { lockStep } from "../run/lockStep.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Action, Counters } from "./actions.js";
import { advance, enabledActions } from "./actions.js";
import type { Coverage } from "./coverage.js";
import { createCoverage, recordDecisions } from "./coverage.js";
import { fingerprint } from "./fingerprint.js";
import type { PackedLevel } from "./frontier.js";
import { frontierBytes, frontierSize, packBytes, packedLevel, stateWords } from "./frontier.js";
import type { ExploreResult, FindingClass, StopKind, Witness } from "./outcome.js";
import { packState, unpackState } from "./packedState.js";
import type { PolicyTracer } from "./policyTracer.js";
import { createPolicyTracer } from "./policyTracer.js";
import type { Encoder } from "./renaming.js";
import { createEncoder } from "./renaming.js";
import type { ExploreOptions } from "./searchCore.js";
import { ALL_CLASSES } from "./searchCore.js";
import type { SearchStart } from "./searchPath.js";
import { replayIndices, searchStart } from "./searchPath.js";
import type { SharedLevel, SharedPaths } from "./sharedLevel.js";
import { createSharedLevel, joinShared, kernelActionIndices, pushShared, sameBytes, sharedPaths } from "./sharedLevel.js";
import type { SharedVisited } from "./sharedVisited.js";
import { addKernels, createSharedVisited, entryAt, kernelsAt, setEntryAt, sharedVisitedBytes, slotOf } from "./sharedVisited.js";
import type { ByteWriter } from "./varint.js";
import { createByteWriter } from "./varint.js";

/** A one-kernel search's options, less what only one kernel can have (its policy, a prefix, a shard). */
export interface SharedOptions extends Omit<ExploreOptions, "policy" | "all" | "prefix" | "shard" | "keepVisited"> {
  /**
   * Step every kernel of each class alone too, and fail (a checker bug) unless each does exactly
   * what the class's first kernel did: a test of policyTracer on every state of the search.
   */
  readonly checkClasses?: boolean;
}

/** What the search over all kernels did, beside each kernel's own counts. */
export interface SharedStats {
  /** Distinct states stored (each once, whatever the number of kernels reaching it). */
  readonly states: number;
  /** Steps of the model (each one stands for every kernel of its class). */
  readonly steps: number;
  /** The sums of the kernels' own states and transitions: what one search per kernel would do. */
  readonly kernelStates: number;
  readonly kernelTransitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly tableBytes: number;
  readonly frontierBytes: number;
  readonly frontierStates: number;
}

export interface SharedResult {
  /** One per policy, in the order given. */
  readonly results: readonly ExploreResult[];
  readonly stats: SharedStats;
}

/** One kernel's part of the search. */
interface KernelRun {
  readonly policy: Policy;
  readonly start: SearchStart;
  readonly found: Map<FindingClass, Witness>;
  readonly coverage: Coverage | null;
  states: number;
  transitions: number;
  depth: number;
  stop: StopKind | null;
}

interface Shared {
  readonly o: SharedOptions;
  readonly tracer: PolicyTracer;
  readonly runs: readonly KernelRun[];
  readonly visited: SharedVisited;
  readonly levels: SharedPaths[];
  readonly encoder: Encoder;
  readonly scratch: ByteWriter;
  readonly t0: number;
  /** Kernels still searching. */
  live: number;
  steps: number;
  depth: number;
  lastProgress: number;
  frontierBytes: number;
  frontierStates: number;
}

/** Runs the search for every policy (at most 31). Deterministic apart from the seconds. */
export function exploreShared(o: SharedOptions, policies: readonly Policy[]): SharedResult {
  const s = createShared(o, policies);
  let level = startLevel(s);
  while (s.live !== 0 && s.depth < o.bounds.depth) {
    s.levels.push(sharedPaths(level));
    const bytes = frontierBytes(level.states) + 4 * frontierSize(level.states);
    if (bytes > s.frontierBytes) {
      s.frontierBytes = bytes;
      s.frontierStates = frontierSize(level.states);
    }
    const next = expandLevel(s, level);
    s.depth++;
    for (const g of bits(s.live)) {
      // No state new to kernel g short of the bound: its whole reachable space is explored.
      if ((next.present & (1 << g)) === 0 && s.depth < o.bounds.depth) stopKernel(s, g, "exhausted", s.depth);
    }
    level = next;
  }
  for (const g of bits(s.live)) stopKernel(s, g, "bound", s.depth);
  return sharedResult(s);
}

function createShared(o: SharedOptions, policies: readonly Policy[]): Shared {
  const coverage = o.coverage === true;
  const runs = policies.map((policy): KernelRun => ({
    policy, start: searchStart(o.bounds, policy), found: new Map(), coverage: coverage ? createCoverage() : null,
    states: 0, transitions: 0, depth: 0, stop: null,
  }));
  const tracer = createPolicyTracer(policies);
  return {
    o, tracer, runs, visited: createSharedVisited(), levels: [], encoder: createEncoder(o.canonical ?? true),
    scratch: createByteWriter(1 << 12), t0: (o.now ?? (() => 0))(), live: tracer.all, steps: 0, depth: 0, lastProgress: 0,
    frontierBytes: 0, frontierStates: 0,
  };
}

/** The bits set in `mask`, lowest first. */
function bits(mask: number): number[] {
  const out: number[] = [];
  for (let m = mask; m !== 0; m &= m - 1) out.push(31 - Math.clz32(m & -m));
  return out;
}

function stopKernel(s: Shared, g: number, why: StopKind, depth: number): void {
  const run = s.runs[g] as KernelRun;
  run.stop = why;
  run.depth = depth;
  s.live &= ~(1 << g);
}

/** Level 0: every kernel's start state, kernels whose starts pack alike sharing one entry. */
function startLevel(s: Shared): SharedLevel {
  const level = createSharedLevel();
  s.runs.forEach((run, g) => store(s, level, run.start.lock, run.start.counters, 1 << g, -1, -1, 0));
  return level;
}

/**
 * Records that `kernels` reach the state (lock, counters) from `parent` by action k; the kernels
 * new to it are added to `level` (tagged `levelIndex`) unless `level` is null (the bound).
 */
function store(
  s: Shared, level: SharedLevel | null, lock: LockState, counters: Counters, kernels: number, parent: number, k: number, levelIndex: number,
): void {
  const [lo, hi] = fingerprint(lock, s.encoder, counters);
  const slot = slotOf(s.visited, lo, hi);
  const fresh = kernels & ~kernelsAt(s.visited, slot);
  if (fresh === 0) return;
  addKernels(s.visited, slot, fresh);
  for (const g of bits(fresh)) (s.runs[g] as KernelRun).states++;
  if (level === null) return;
  const b = s.scratch;
  b.n = 0;
  packBytes(b, lock, counters);
  const j = entryAt(s.visited, slot, levelIndex);
  if (j >= 0 && sameBytes(level, j, b.buf, 0, b.n)) joinShared(level, j, fresh, parent, k);
  else setEntryAt(s.visited, slot, levelIndex, pushShared(level, b.buf, 0, b.n, fresh, parent, k));
}

/** Every successor of every state of the level, for the kernels that reach it. */
function expandLevel(s: Shared, level: SharedLevel): SharedLevel {
  const last = s.depth + 1 >= s.o.bounds.depth;
  const next = last ? null : createSharedLevel();
  const packed = packedLevel(level.states);
  const count = frontierSize(level.states);
  for (let i = 0; i < count && s.live !== 0; i++) {
    const kernels = (level.kernels.buf[i] as number) & s.live;
    if (kernels !== 0) expandEntry(s, packed, i, kernels, next);
    reportProgress(s, count - i, next === null ? 0 : frontierSize(next.states));
  }
  return next ?? createSharedLevel();
}

/** Steps entry i by every enabled action, once per class of its kernels that the step cannot tell apart. */
function expandEntry(s: Shared, packed: PackedLevel, i: number, kernels: number, next: SharedLevel | null): void {
  const words = stateWords(packed, i);
  const parent = unpackState(words);
  const actions = enabledActions(parent.lock, parent.counters, s.o.bounds, FIRST_REGION_VPN);
  const { trace, policies } = s.tracer;
  const events = s.o.coverage === true;
  for (let k = 0; k < actions.length; k++) {
    const action = actions[k];
    // k < actions.length.
    if (action === undefined) throw new Error("checker bug: action index out of range");
    let left = kernels & s.live;
    let parentFree = k === actions.length - 1;
    while (left !== 0) {
      const g = 31 - Math.clz32(left & -left);
      const lock = parentFree ? parent.lock : unpackState(words).lock;
      parentFree = false;
      trace.agree = left;
      trace.world = lock.world;
      const v = lockStep(lock, action.op, policies[g] as Policy, s.o.invariants ?? true, events);
      trace.world = null;
      const cls = trace.agree;
      if (s.o.checkClasses === true) checkClass(s, words, action, g, cls, lock, v);
      left &= ~cls;
      s.steps++;
      for (const h of bits(cls)) {
        const run = s.runs[h] as KernelRun;
        run.transitions++;
        if (run.coverage !== null) recordDecisions(run.coverage, v.events);
      }
      if (v.invariant !== null) finding(s, i, k, cls, "invariant", `${v.invariant.invariant}: ${v.invariant.detail}`);
      else if (v.divergence !== null) finding(s, i, k, cls, v.divergence, "");
      else if (!v.stopped) store(s, next, lock, advance(parent.counters, action), cls, i, k, s.depth + 1);
    }
  }
}

/** What a step decided, as one comparable string: the verdict and the packed state it left. */
function stepSummary(lock: LockState, v: LockVerdict, counters: Counters): string {
  return JSON.stringify([v.divergence, v.invariant, v.stopped, v.outcome, Array.from(packState(lock, counters))]);
}

/** The checkClasses option: every kernel of `cls` stepped alone must do what kernel g did. */
function checkClass(s: Shared, words: Int32Array, action: Action, g: number, cls: number, after: LockState, v: LockVerdict): void {
  const parent = unpackState(words);
  const counters = advance(parent.counters, action);
  const want = stepSummary(after, v, counters);
  for (const h of bits(cls & ~(1 << g))) {
    const lock = unpackState(words).lock;
    const run = s.runs[h] as KernelRun;
    const got = stepSummary(lock, lockStep(lock, action.op, run.policy, s.o.invariants ?? true, false), counters);
    if (got !== want) {
      throw new Error(`checker bug: ${formatVersion(run.policy.version)} does not step like ${formatVersion((s.runs[g] as KernelRun).policy.version)} on ${JSON.stringify(action.op)}`);
    }
  }
}

/** A finding for `kernels` at action k of entry i: each kernel's first of the class is its shortest witness. */
function finding(s: Shared, i: number, k: number, kernels: number, cls: FindingClass, detail: string): void {
  for (const g of bits(kernels & s.live)) {
    const run = s.runs[g] as KernelRun;
    if (!run.found.has(cls)) {
      const ks = [...kernelActionIndices(s.levels, s.depth, i, g), k];
      run.found.set(cls, { class: cls, path: replayIndices(run.start, s.o.bounds, run.policy, ks), detail });
    }
    if (run.found.size >= ALL_CLASSES) stopKernel(s, g, "found", s.depth + 1);
  }
}

function reportProgress(s: Shared, left: number, next: number): void {
  const every = s.o.progressEvery ?? 20000;
  if (s.o.onProgress === undefined || s.o.now === undefined) return;
  if (s.steps - s.lastProgress < every && left > 1) return;
  s.lastProgress = s.steps;
  s.o.onProgress({ depth: s.depth + 1, states: s.visited.size, transitions: s.steps, frontier: next, seconds: (s.o.now() - s.t0) / 1000 });
}

function sharedResult(s: Shared): SharedResult {
  const seconds = ((s.o.now ?? (() => 0))() - s.t0) / 1000;
  const tableBytes = sharedVisitedBytes(s.visited);
  const results = s.runs.map((run): ExploreResult => ({
    policy: run.policy, bounds: s.o.bounds, canonical: s.o.canonical ?? true, witnesses: [...run.found.values()],
    stop: run.stop ?? "bound", coverage: run.coverage, shard: null, visited: null,
    stats: {
      states: run.states, transitions: run.transitions, depth: run.depth, seconds, tableBytes,
      frontierBytes: s.frontierBytes, frontierStates: s.frontierStates,
    },
  }));
  const sum = (f: (r: KernelRun) => number): number => s.runs.reduce((a, r) => a + f(r), 0);
  return {
    results,
    stats: {
      states: s.visited.size, steps: s.steps, kernelStates: sum((r) => r.states), kernelTransitions: sum((r) => r.transitions),
      depth: s.depth, seconds, tableBytes, frontierBytes: s.frontierBytes, frontierStates: s.frontierStates,
    },
  };
}
