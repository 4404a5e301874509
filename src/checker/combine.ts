// Combines the searches of all shards of one search, run side by side (`explore --workers N`),
// into one result: states by the union of their visited tables (the start state, stored by
// every shard, counts once), transitions summed, per class the shortest witness.
import type { ExploreResult, SearchStats, StopKind, Witness } from "./outcome.js";
import { addFingerprint, createVisitedSet } from "./visitedSet.js";

/** What one shard hands back: its witnesses, counts, how it stopped and its raw visited table. */
export interface ShardPart {
  readonly witnesses: readonly Witness[];
  readonly stats: SearchStats;
  readonly stop: StopKind;
  /** The visited table's words, (lo, hi) pairs, (0, 0) for an empty slot. */
  readonly table: Uint32Array;
}

/** The combined result; `parts` in shard-index order, `seconds` the wall time of the whole. */
export function combineShards(base: Pick<ExploreResult, "policy" | "bounds" | "canonical">, parts: readonly ShardPart[], all: boolean, seconds: number): ExploreResult {
  const visited = createVisitedSet();
  for (const p of parts) {
    const t = p.table;
    for (let i = 0; i < t.length; i += 2) if ((t[i] ?? 0) !== 0 || (t[i + 1] ?? 0) !== 0) addFingerprint(visited, t[i] ?? 0, t[i + 1] ?? 0);
  }
  const best = new Map<string, Witness>();
  // Shards in index order and strictly shorter to replace: ties go to the lowest shard.
  for (const p of parts) {
    for (const w of p.witnesses) {
      const old = best.get(w.class);
      if (old === undefined || w.path.length < old.path.length) best.set(w.class, w);
    }
  }
  const sorted = [...best.values()].sort((a, b) => a.path.length - b.path.length);
  const witnesses = all ? sorted : sorted.slice(0, 1);
  const stop: StopKind = witnesses.length > 0 ? "found" : parts.every((p) => p.stop === "exhausted") ? "exhausted" : "bound";
  return {
    ...base, witnesses, stop, coverage: null, shard: null, visited: null,
    stats: {
      states: visited.size, transitions: parts.reduce((n, p) => n + p.stats.transitions, 0),
      depth: Math.max(0, ...parts.map((p) => p.stats.depth)), seconds, tableBytes: parts.reduce((n, p) => n + p.stats.tableBytes, 0),
    },
  };
}
