// What a search over many kernels carries from level to level, however its levels are expanded
// (in this thread, or in parts by worker threads): per kernel its start, witnesses, counts and
// why it stopped; the visited kernels per fingerprint; each level's paths; and the result.
import type { Policy } from "../kernel/policy.js";
import type { Coverage } from "./coverage.js";
import type { ExploreResult, FindingClass, StopKind, Witness } from "./outcome.js";
import type { ExploreOptions } from "./searchCore.js";
import { ALL_CLASSES } from "./searchCore.js";
import { allKernels } from "./policyTracer.js";
import type { SearchStart } from "./searchPath.js";
import { replayIndices, searchStart } from "./searchPath.js";
import { bits } from "./sharedExpand.js";
import type { SharedLevel, SharedPaths } from "./sharedLevel.js";
import { kernelActionIndices, sharedPaths } from "./sharedLevel.js";
import { frontierBytes, frontierSize } from "./frontier.js";
import type { SharedVisited } from "./sharedVisited.js";
import { createSharedVisited, sharedVisitedBytes } from "./sharedVisited.js";
import type { Allocate } from "./wordStream.js";
import { createEncoder } from "./renaming.js";
import type { Encoder } from "./renaming.js";
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
export interface KernelRun {
  readonly policy: Policy;
  readonly start: SearchStart;
  readonly found: Map<FindingClass, Witness>;
  states: number;
  depth: number;
  stop: StopKind | null;
}

export interface SharedCore {
  readonly o: SharedOptions;
  readonly runs: readonly KernelRun[];
  readonly visited: SharedVisited;
  readonly levels: SharedPaths[];
  readonly encoder: Encoder;
  readonly scratch: ByteWriter;
  readonly t0: number;
  /** Kernels still searching. */
  live: number;
  /** Levels expanded so far (the depth of the level being expanded). */
  depth: number;
  lastProgress: number;
  frontierBytes: number;
  frontierStates: number;
}

export function createSharedCore(o: SharedOptions, policies: readonly Policy[], alloc?: Allocate): SharedCore {
  const runs = policies.map((policy): KernelRun => ({ policy, start: searchStart(o.bounds, policy), found: new Map(), states: 0, depth: 0, stop: null }));
  return {
    o, runs, visited: createSharedVisited(1 << 16, alloc), levels: [], encoder: createEncoder(o.canonical ?? true),
    scratch: createByteWriter(1 << 12), t0: (o.now ?? (() => 0))(), live: allKernels(policies.length),
    depth: 0, lastProgress: 0, frontierBytes: 0, frontierStates: 0,
  };
}

export function stopKernel(s: SharedCore, g: number, why: StopKind, depth: number): void {
  const run = s.runs[g] as KernelRun;
  run.stop = why;
  run.depth = depth;
  s.live &= ~(1 << g);
}

/** Whether `level` is to be expanded (else the search ends); records its paths if so. */
export function beginSharedLevel(s: SharedCore, level: SharedLevel): boolean {
  if (s.live === 0 || s.depth >= s.o.bounds.depth) return false;
  s.levels.push(sharedPaths(level));
  const bytes = frontierBytes(level.states) + 4 * frontierSize(level.states);
  if (bytes > s.frontierBytes) {
    s.frontierBytes = bytes;
    s.frontierStates = frontierSize(level.states);
  }
  return true;
}

/** After a level: a kernel with no state new to it short of the bound has explored its whole reachable space. */
export function endSharedLevel(s: SharedCore, next: SharedLevel): void {
  s.depth++;
  if (s.depth >= s.o.bounds.depth) return;
  for (const g of bits(s.live)) if ((next.present & (1 << g)) === 0) stopKernel(s, g, "exhausted", s.depth);
}

/** A finding for `kernels` at action k of entry i: each kernel's first of the class is its shortest witness. Returns the kernels it stopped. */
export function sharedFinding(s: SharedCore, i: number, k: number, kernels: number, cls: FindingClass, detail: string): number {
  let stopped = 0;
  for (const g of bits(kernels & s.live)) {
    const run = s.runs[g] as KernelRun;
    if (!run.found.has(cls)) {
      const ks = [...kernelActionIndices(s.levels, s.depth, i, g), k];
      run.found.set(cls, { class: cls, path: replayIndices(run.start, s.o.bounds, run.policy, ks), detail });
    }
    if (run.found.size >= ALL_CLASSES) {
      stopKernel(s, g, "found", s.depth + 1);
      stopped |= 1 << g;
    }
  }
  return stopped;
}

export function reportSharedProgress(s: SharedCore, steps: number, states: number, left: number, next: number): void {
  const every = s.o.progressEvery ?? 20000;
  if (s.o.onProgress === undefined || s.o.now === undefined) return;
  if (steps - s.lastProgress < every && left > 1) return;
  s.lastProgress = steps;
  s.o.onProgress({ depth: s.depth + 1, states, transitions: steps, frontier: next, seconds: (s.o.now() - s.t0) / 1000 });
}

/** The result; every kernel still live stopped at the bound. */
export function sharedResult(s: SharedCore, steps: number, transitions: Int32Array, coverage: readonly Coverage[] | null): SharedResult {
  for (const g of bits(s.live)) stopKernel(s, g, "bound", s.depth);
  const seconds = ((s.o.now ?? (() => 0))() - s.t0) / 1000;
  const tableBytes = sharedVisitedBytes(s.visited);
  const results = s.runs.map((run, g): ExploreResult => ({
    policy: run.policy, bounds: s.o.bounds, canonical: s.o.canonical ?? true, witnesses: [...run.found.values()],
    stop: run.stop ?? "bound", coverage: coverage === null ? null : (coverage[g] as Coverage), shard: null, visited: null,
    stats: {
      states: run.states, transitions: transitions[g] as number, depth: run.depth, seconds, tableBytes,
      frontierBytes: s.frontierBytes, frontierStates: s.frontierStates,
    },
  }));
  let kernelTransitions = 0;
  for (let g = 0; g < s.runs.length; g++) kernelTransitions += transitions[g] as number;
  return {
    results,
    stats: {
      states: s.visited.size, steps, kernelStates: s.runs.reduce((a, r) => a + r.states, 0), kernelTransitions,
      depth: s.depth, seconds, tableBytes, frontierBytes: s.frontierBytes, frontierStates: s.frontierStates,
    },
  };
}
