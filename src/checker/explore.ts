// Breadth-first search over every action sequence within the bounds (design.md §4). Each state
// is a lock-step snapshot (kernel world + ideal machine) plus the ids handed out so far; each
// transition clones the state and steps both machines; states are stored only as 64-bit
// canonical fingerprints. BFS order makes the first witness of each class a shortest one.
import type { Policy } from "../kernel/policy.js";
import type { LockState } from "../run/lockStep.js";
import { createLockState, lockStep } from "../run/lockStep.js";
import { cloneSearchState } from "./snapshot.js";
import type { Action, Bounds, Counters } from "./actions.js";
import { START_COUNTERS, advance, enabledActions } from "./actions.js";
import type { Coverage } from "./coverage.js";
import { createCoverage, recordDecisions } from "./coverage.js";
import { fingerprint } from "./fingerprint.js";
import type { ExploreResult, FindingClass, ShardSpec, StopKind, Witness } from "./outcome.js";
import { createEncoder } from "./renaming.js";
import type { VisitedSet } from "./visitedSet.js";
import { addFingerprint, createVisitedSet, visitedBytes } from "./visitedSet.js";
import { startOp } from "./witness.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import { asPid } from "../kernel/ids.js";

/** A progress report, about once per `progressEvery` transitions. */
export interface Progress {
  readonly depth: number;
  readonly states: number;
  readonly transitions: number;
  readonly frontier: number;
  readonly seconds: number;
}

export interface ExploreOptions {
  readonly bounds: Bounds;
  readonly policy: Policy;
  /** Keep searching after the first finding: one shortest witness per class. */
  readonly all?: boolean;
  /** Rename by first occurrence (default); false stores raw fingerprints (to measure what renaming saves). */
  readonly canonical?: boolean;
  readonly coverage?: boolean;
  /** Check the model's invariants on every state (default true). */
  readonly invariants?: boolean;
  /** A clock in milliseconds (the checker has none of its own: it stays deterministic). */
  readonly now?: () => number;
  readonly onProgress?: ((p: Progress) => void) | undefined;
  readonly progressEvery?: number;
  /** Actions run before the search starts (its state is the start; witnesses include them; depth counts after them). */
  readonly prefix?: readonly Action[];
  /**
   * Search one shard: of the start state's successors only those whose action index i (in
   * enabledActions order) has i % count === index, and everything below them. The start state is
   * stored in every shard; the union of all shards' fingerprints is the unsharded search's set.
   */
  readonly shard?: ShardSpec;
  /** Hand back the visited table in the result (a shard's fingerprints, for `cowlab merge`). */
  readonly keepVisited?: boolean;
}

/** A path as a linked list from the newest action back to the start. */
interface PathNode {
  readonly action: Action;
  readonly parent: PathNode | null;
}

interface Node {
  readonly lock: LockState;
  readonly path: PathNode | null;
  readonly counters: Counters;
}

/** Everything one search carries. */
interface Search {
  readonly o: ExploreOptions;
  readonly visited: VisitedSet;
  readonly encoder: ReturnType<typeof createEncoder>;
  readonly coverage: Coverage | null;
  readonly found: Map<FindingClass, Witness>;
  readonly t0: number;
  transitions: number;
  depth: number;
  stop: StopKind | null;
  lastProgress: number;
}

/** The state after `p: mmap buf N rw`, with p as pid 0. */
export function startState(bounds: Bounds, policy: Policy): LockState {
  const lock = createLockState([asPid(0)]);
  lockStep(lock, startOp(bounds.pages), policy);
  return lock;
}

/** The start node: the mmap, then the prefix (which must not diverge: it is the user's setup). */
function prefixedStart(o: ExploreOptions): Node {
  const lock = startState(o.bounds, o.policy);
  let path: PathNode | null = null;
  let counters = START_COUNTERS;
  for (const action of o.prefix ?? []) {
    lockStep(lock, action.op, o.policy);
    path = { action, parent: path };
    counters = advance(counters, action);
  }
  return { lock, path, counters };
}

export function pathOf(node: PathNode | null): Action[] {
  const out: Action[] = [];
  for (let n = node; n !== null; n = n.parent) out.push(n.action);
  return out.reverse();
}

/** Runs the search. Deterministic apart from `stats.seconds`. */
export function explore(o: ExploreOptions): ExploreResult {
  const now = o.now ?? ((): number => 0);
  const s: Search = {
    o, visited: createVisitedSet(), encoder: createEncoder(o.canonical ?? true),
    coverage: o.coverage === true ? createCoverage() : null, found: new Map(), t0: now(),
    transitions: 0, depth: 0, stop: null, lastProgress: 0,
  };
  const start = prefixedStart(o);
  const [lo, hi] = fingerprint(start.lock, s.encoder, start.counters);
  addFingerprint(s.visited, lo, hi);
  let frontier: Node[] = [start];
  while (s.stop === null) {
    if (s.depth >= o.bounds.depth) {
      s.stop = "bound";
      break;
    }
    const next = expandLevel(s, frontier);
    s.depth++;
    if (s.stop !== null) break;
    if (next.length === 0 && s.depth < o.bounds.depth) s.stop = "exhausted";
    frontier = next;
  }
  return {
    policy: o.policy, bounds: o.bounds, canonical: o.canonical ?? true,
    witnesses: [...s.found.values()], stop: s.stop ?? "bound", coverage: s.coverage,
    stats: { states: s.visited.size, transitions: s.transitions, depth: s.depth, seconds: (now() - s.t0) / 1000, tableBytes: visitedBytes(s.visited) },
    shard: o.shard ?? null, visited: o.keepVisited === true ? s.visited : null,
  };
}

/** Every successor of every frontier state; the new ones form the next frontier. */
function expandLevel(s: Search, frontier: readonly Node[]): Node[] {
  const next: Node[] = [];
  const last = s.depth + 1 >= s.o.bounds.depth;
  for (let i = 0; i < frontier.length; i++) {
    const node = frontier[i] as Node;
    const actions = enabledActions(node.lock, node.counters, s.o.bounds, FIRST_REGION_VPN);
    const shard = s.depth === 0 ? s.o.shard : undefined;
    for (let k = 0; k < actions.length; k++) {
      if (shard !== undefined && k % shard.count !== shard.index) continue;
      const child = successor(s, node, actions[k] as Action);
      if (child !== null && !last) next.push(child);
      if (s.stop !== null) return next;
    }
    reportProgress(s, frontier.length - i, next.length);
  }
  return next;
}

/** Steps a copy of `node` by `action`; a new state, or null (seen, stopped, or a finding). */
function successor(s: Search, node: Node, action: Action): Node | null {
  const lock = cloneSearchState(node.lock);
  // Events only feed --coverage; without it the kernel records none.
  const v = lockStep(lock, action.op, s.o.policy, s.o.invariants ?? true, s.coverage !== null);
  s.transitions++;
  if (s.coverage !== null) recordDecisions(s.coverage, v.events);
  const path: PathNode = { action, parent: node.path };
  if (v.invariant !== null) return finding(s, "invariant", path, `${v.invariant.invariant}: ${v.invariant.detail}`);
  if (v.divergence !== null) return finding(s, v.divergence, path, "");
  if (v.stopped) return null;
  const counters = advance(node.counters, action);
  const [lo, hi] = fingerprint(lock, s.encoder, counters);
  if (!addFingerprint(s.visited, lo, hi)) return null;
  return { lock, path, counters };
}

/** Records the first witness of a class; stops the search unless --all (or when every class is in). */
function finding(s: Search, cls: FindingClass, path: PathNode, detail: string): null {
  if (!s.found.has(cls)) s.found.set(cls, { class: cls, path: pathOf(path), detail });
  if (s.o.all !== true || s.found.size >= ALL_CLASSES) s.stop = "found";
  return null;
}

/** missed-cow, wrong-cow, lost-write, bad-fault, corruption, invariant. */
const ALL_CLASSES = 6;

function reportProgress(s: Search, left: number, next: number): void {
  const every = s.o.progressEvery ?? 20000;
  if (s.o.onProgress === undefined || s.o.now === undefined) return;
  if (s.transitions - s.lastProgress < every && left > 1) return;
  s.lastProgress = s.transitions;
  s.o.onProgress({ depth: s.depth + 1, states: s.visited.size, transitions: s.transitions, frontier: next, seconds: (s.o.now() - s.t0) / 1000 });
}
