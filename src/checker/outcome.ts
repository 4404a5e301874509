// What the checker finds, as data: a witness per divergence class (or a broken invariant, a
// bug in the model), the search's counts, and optional coverage. cli/ formats it.
import type { DivergenceClass } from "../ideal/index.js";
import type { Policy } from "../kernel/policy.js";
import type { Action, Bounds } from "./actions.js";
import type { Coverage } from "./coverage.js";
import type { VisitedSet } from "./visitedSet.js";

/** A divergence class, or `invariant` for a state that breaks the model's own invariants. */
export type FindingClass = DivergenceClass | "invariant";

/** A shortest path (in BFS order) from the start state to a finding. */
export interface Witness {
  readonly class: FindingClass;
  /** The actions after the start state's `p: mmap buf N rw`. */
  readonly path: readonly Action[];
  /** For `invariant`: which one and why; empty otherwise. */
  readonly detail: string;
}

/** Why a search ended. */
export type StopKind =
  /** The first finding (without --all), or every class found. */
  | "found"
  /** Every state within the depth bound was explored. */
  | "bound"
  /** No new state at some level: the whole reachable space is explored. */
  | "exhausted";

export interface SearchStats {
  /** Distinct (canonical) states stored, the start state included. */
  readonly states: number;
  readonly transitions: number;
  /** The deepest level reached. */
  readonly depth: number;
  readonly seconds: number;
  /** Bytes of the visited-state table. */
  readonly tableBytes: number;
  /** Bytes of the largest level's packed states, offsets and path indices. */
  readonly frontierBytes?: number;
  /** States on that level. */
  readonly frontierStates?: number;
}

export interface ExploreResult {
  readonly policy: Policy;
  readonly bounds: Bounds;
  readonly canonical: boolean;
  readonly witnesses: readonly Witness[];
  readonly stop: StopKind;
  readonly stats: SearchStats;
  readonly coverage: Coverage | null;
  /** The shard searched (`--shard I/N`), or null for the whole search. */
  readonly shard: ShardSpec | null;
  /** The visited table, when the search was asked to keep it (shards). */
  readonly visited: VisitedSet | null;
}

/** Shard `index` (0-based) of `count`: the first-level actions whose index is index mod count. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}
