// The bounded search of `explore --kernel all`, for every kernel at once, in this thread. One
// breadth-first search whose states carry the set of kernels (a bit mask) that reach them: a
// state is stepped once per class of kernels that take the same path through the model
// (policyTracer tells which), and stored once, however many kernels reach it. Each kernel's
// result (states, transitions, shortest witnesses, depth, why it stopped) is the one its own
// search would give.
import type { Policy } from "../kernel/policy.js";
import type { LockState } from "../run/lockStep.js";
import type { Counters } from "./actions.js";
import { fingerprint } from "./fingerprint.js";
import { frontierSize, packBytes, packedLevel } from "./frontier.js";
import type { KernelRun, SharedCore, SharedOptions, SharedResult } from "./sharedCore.js";
import {
  beginSharedLevel, createSharedCore, endSharedLevel, reportSharedProgress, sharedFinding, sharedResult,
} from "./sharedCore.js";
import type { SharedExpansion, SharedSink } from "./sharedExpand.js";
import { createSharedExpansion, expandEntry } from "./sharedExpand.js";
import type { SharedLevel } from "./sharedLevel.js";
import { createSharedLevel, joinShared, pushShared, sameBytes } from "./sharedLevel.js";
import type { SharedVisited } from "./sharedVisited.js";
import { addKernels, entryAt, kernelsAt, kernelsOf, setEntryAt, slotOf } from "./sharedVisited.js";
import type { Allocate } from "./wordStream.js";

export type { SharedOptions, SharedResult, SharedStats } from "./sharedCore.js";

/** Runs the search for every policy (at most 31). Deterministic apart from the seconds. */
export function exploreShared(o: SharedOptions, policies: readonly Policy[]): SharedResult {
  const s = createSharedCore(o, policies);
  const x = createSharedExpansion(o, policies);
  let level = startSharedLevel(s);
  while (beginSharedLevel(s, level)) {
    const next = expandLevel(s, x, level);
    endSharedLevel(s, next);
    level = next;
  }
  return sharedResult(s, x.steps, x.transitions, x.coverage);
}

/** Level 0: every kernel's start state, kernels whose starts pack alike sharing one entry. */
export function startSharedLevel(s: SharedCore, alloc?: Allocate): SharedLevel {
  const level = createSharedLevel(alloc);
  s.runs.forEach((run, g) => storeState(s, level, run.start.lock, run.start.counters, 1 << g, -1, -1, 0));
  return level;
}

/** Records that `kernels` reach (lock, counters) from `parent` by action k: in the visited table, and on `level` unless it is null (the bound). */
function storeState(s: SharedCore, level: SharedLevel | null, lock: LockState, counters: Counters, kernels: number, parent: number, k: number, levelIndex: number): void {
  const [lo, hi] = fingerprint(lock, s.encoder, counters);
  storeFingerprinted(s, level, lo, hi, lock, counters, kernels, parent, k, levelIndex);
}

/** storeState for a state whose fingerprint is (lo, hi). */
function storeFingerprinted(
  s: SharedCore, level: SharedLevel | null, lo: number, hi: number, lock: LockState, counters: Counters, kernels: number, parent: number, k: number, levelIndex: number,
): void {
  const slot = slotOf(s.visited, lo, hi);
  const fresh = visitKernels(s, s.visited, slot, kernels);
  if (fresh === 0 || level === null) return;
  s.scratch.n = 0;
  packBytes(s.scratch, lock, counters);
  addToLevel(level, s.visited, slot, levelIndex, fresh, s.scratch.buf, 0, s.scratch.n, parent, k);
}

/** Adds `kernels` to the slot's kernels in `table`; returns those new to it, counted in their runs. */
export function visitKernels(s: SharedCore, table: SharedVisited, slot: number, kernels: number): number {
  const fresh = kernels & ~kernelsAt(table, slot);
  if (fresh === 0) return 0;
  addKernels(table, slot, fresh);
  for (let m = fresh; m !== 0; m &= m - 1) (s.runs[31 - Math.clz32(m & -m)] as KernelRun).states++;
  return fresh;
}

/**
 * Puts the packed state bytes[from..to) for kernels `fresh` on `level` (numbered `levelIndex`):
 * into the entry of the very same packed state if the slot names one there, else as a new entry.
 */
export function addToLevel(
  level: SharedLevel, table: SharedVisited, slot: number, levelIndex: number, fresh: number, bytes: Uint8Array, from: number, to: number, parent: number, k: number,
): void {
  const j = entryAt(table, slot, levelIndex);
  if (j >= 0 && sameBytes(level, j, bytes, from, to)) joinShared(level, j, fresh, parent, k);
  else setEntryAt(table, slot, levelIndex, pushShared(level, bytes, from, to, fresh, parent, k));
}

/** Every successor of every state of the level, for the kernels that reach it. */
function expandLevel(s: SharedCore, x: SharedExpansion, level: SharedLevel): SharedLevel {
  const last = s.depth + 1 >= s.o.bounds.depth;
  const next = createSharedLevel();
  let lo = 0;
  let hi = 0;
  const sink: SharedSink = {
    fresh: (lock, counters, kernels) => {
      [lo, hi] = fingerprint(lock, s.encoder, counters);
      return kernels & ~kernelsOf(s.visited, lo, hi);
    },
    candidate: (i, k, kernels, lock, counters) => storeFingerprinted(s, last ? null : next, lo, hi, lock, counters, kernels & s.live, i, k, s.depth + 1),
    finding: (i, k, kernels, cls, detail) => {
      sharedFinding(s, i, k, kernels, cls, detail);
      x.live = s.live;
    },
  };
  const packed = packedLevel(level.states);
  const count = frontierSize(level.states);
  for (let i = 0; i < count && s.live !== 0; i++) {
    const kernels = (level.kernels.buf[i] as number) & s.live;
    x.live = s.live;
    if (kernels !== 0) expandEntry(x, packed, i, kernels, sink);
    reportSharedProgress(s, x.steps, s.visited.size, count - i, frontierSize(next.states));
  }
  return next;
}
