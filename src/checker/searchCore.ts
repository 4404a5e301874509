// What a breadth-first search carries from level to level, however its levels are expanded (in
// this thread, or in parts by worker threads): the visited fingerprints, the witnesses found,
// each level's paths, the depth reached and why it stopped; and the result it hands back.
import type { Policy } from "../kernel/policy.js";
import type { Action, Bounds } from "./actions.js";
import type { Coverage } from "./coverage.js";
import { fingerprint } from "./fingerprint.js";
import type { Frontier, LevelPaths } from "./frontier.js";
import { createFrontier, frontierBytes, frontierSize, levelPaths, pushState } from "./frontier.js";
import type { ExploreResult, FindingClass, ShardSpec, StopKind, Witness } from "./outcome.js";
import type { Encoder } from "./renaming.js";
import type { SearchStart } from "./searchPath.js";
import { actionIndices, replayIndices, searchStart } from "./searchPath.js";
import type { VisitedSet } from "./visitedSet.js";
import type { Allocate } from "./wordStream.js";
import { addFingerprint, createVisitedSet, visitedBytes } from "./visitedSet.js";

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

/** missed-cow, wrong-cow, lost-write, bad-fault, corruption, invariant. */
export const ALL_CLASSES = 6;

/** The state of one search between (and during) levels. */
export interface SearchCore {
  readonly o: ExploreOptions;
  readonly start: SearchStart;
  readonly visited: VisitedSet;
  readonly found: Map<FindingClass, Witness>;
  /** Per level so far, where its states came from (level 0: the start). */
  readonly paths: LevelPaths[];
  readonly t0: number;
  /** Levels expanded so far (the depth of the level being expanded). */
  depth: number;
  stop: StopKind | null;
  lastProgress: number;
  /** The largest level so far: its packed bytes and its states. */
  frontierBytes: number;
  frontierStates: number;
}

/** A search at its start: the start state stored and alone on level 0. */
export function createSearchCore(o: ExploreOptions, encoder: Encoder, alloc?: Allocate): { core: SearchCore; level: Frontier } {
  const start = searchStart(o.bounds, o.policy, o.prefix);
  const core: SearchCore = {
    o, start, visited: createVisitedSet(1 << 16, alloc), found: new Map(), paths: [], t0: (o.now ?? (() => 0))(),
    depth: 0, stop: null, lastProgress: 0, frontierBytes: 0, frontierStates: 0,
  };
  const [lo, hi] = fingerprint(start.lock, encoder, start.counters);
  addFingerprint(core.visited, lo, hi);
  const level = createFrontier(alloc);
  pushState(level, start.lock, start.counters, -1, -1);
  return { core, level };
}

/** Whether `level` is to be expanded (else the search ends at the bound); records its paths if so. */
export function beginLevel(s: SearchCore, level: Frontier): boolean {
  if (s.stop !== null) return false;
  if (s.depth >= s.o.bounds.depth) {
    s.stop = "bound";
    return false;
  }
  s.paths.push(levelPaths(level));
  if (frontierBytes(level) > s.frontierBytes) {
    s.frontierBytes = frontierBytes(level);
    s.frontierStates = frontierSize(level);
  }
  return true;
}

/** After a level: the next one is empty short of the bound, so nothing more is reachable. */
export function endLevel(s: SearchCore, nextSize: number): void {
  s.depth++;
  if (s.stop === null && nextSize === 0 && s.depth < s.o.bounds.depth) s.stop = "exhausted";
}

/** Records the first witness of a class found expanding `parent` of the current level by action k; true stops the search. */
export function recordFinding(s: SearchCore, cls: FindingClass, parent: number, k: number, detail: string): boolean {
  if (!s.found.has(cls)) {
    const ks = [...actionIndices(s.paths, s.depth, parent), k];
    s.found.set(cls, { class: cls, path: replayIndices(s.start, s.o.bounds, s.o.policy, ks), detail });
  }
  if (s.o.all !== true || s.found.size >= ALL_CLASSES) s.stop = "found";
  return s.stop !== null;
}

/** Calls onProgress when `every` transitions have passed since the last report, or at a level's last state. */
export function reportProgress(s: SearchCore, transitions: number, states: number, left: number, next: number): void {
  const every = s.o.progressEvery ?? 20000;
  if (s.o.onProgress === undefined || s.o.now === undefined) return;
  if (transitions - s.lastProgress < every && left > 1) return;
  s.lastProgress = transitions;
  s.o.onProgress({ depth: s.depth + 1, states, transitions, frontier: next, seconds: (s.o.now() - s.t0) / 1000 });
}

/** The search's result. Deterministic apart from `stats.seconds`. */
export function searchResult(s: SearchCore, transitions: number, coverage: Coverage | null): ExploreResult {
  const o = s.o;
  const seconds = ((o.now ?? (() => 0))() - s.t0) / 1000;
  return {
    policy: o.policy, bounds: o.bounds, canonical: o.canonical ?? true,
    witnesses: [...s.found.values()], stop: s.stop ?? "bound", coverage,
    stats: {
      states: s.visited.size, transitions, depth: s.depth, seconds, tableBytes: visitedBytes(s.visited),
      frontierBytes: s.frontierBytes, frontierStates: s.frontierStates,
    },
    shard: o.shard ?? null, visited: o.keepVisited === true ? s.visited : null,
  };
}
