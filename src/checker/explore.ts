// Breadth-first search over every action sequence within the bounds (design.md §4), in this
// thread. A level's states are packed into one word array (kernel world + ideal machine + the
// ids handed out so far); each transition unpacks its parent and steps both machines; visited
// states are stored only as 64-bit canonical fingerprints. BFS order makes the first witness
// of each class a shortest one.
import { createCoverage } from "./coverage.js";
import type { Frontier } from "./frontier.js";
import { createFrontier, frontierSize, packedLevel, pushState } from "./frontier.js";
import type { Expansion, ExpansionSink } from "./levelExpand.js";
import { expandState } from "./levelExpand.js";
import type { ExploreResult } from "./outcome.js";
import { createEncoder } from "./renaming.js";
import type { ExploreOptions, SearchCore } from "./searchCore.js";
import { beginLevel, createSearchCore, endLevel, recordFinding, reportProgress, searchResult } from "./searchCore.js";
import { addFingerprint, hasFingerprint } from "./visitedSet.js";

export type { ExploreOptions, Progress } from "./searchCore.js";
export { startState } from "./searchPath.js";

/** The expansion of a search run in this thread: its options, as expandState takes them. */
export function expansionOf(o: ExploreOptions): Expansion {
  return {
    bounds: o.bounds, policy: o.policy, invariants: o.invariants ?? true, coverage: o.coverage === true ? createCoverage() : null,
    encoder: createEncoder(o.canonical ?? true), shard: o.shard, transitions: 0,
  };
}

/** Runs the search. Deterministic apart from `stats.seconds`. */
export function explore(o: ExploreOptions): ExploreResult {
  const x = expansionOf(o);
  const { core, level: first } = createSearchCore(o, x.encoder);
  let level = first;
  while (beginLevel(core, level)) {
    const next = expandLevel(core, x, level);
    endLevel(core, frontierSize(next));
    level = next;
  }
  return searchResult(core, x.transitions, x.coverage);
}

/** Every successor of every state of the level; the new ones form the next level. */
function expandLevel(s: SearchCore, x: Expansion, level: Frontier): Frontier {
  const next = createFrontier();
  const last = s.depth + 1 >= s.o.bounds.depth;
  const sink: ExpansionSink = {
    isNew: (lo, hi) => !hasFingerprint(s.visited, lo, hi),
    candidate: (parent, k, lo, hi, lock, counters) => {
      if (addFingerprint(s.visited, lo, hi) && !last) pushState(next, lock, counters, parent, k);
    },
    finding: (parent, k, cls, detail) => recordFinding(s, cls, parent, k, detail),
  };
  const count = frontierSize(level);
  const packed = packedLevel(level);
  for (let i = 0; i < count; i++) {
    if (expandState(x, packed, i, s.depth, sink)) return next;
    reportProgress(s, x.transitions, s.visited.size, count - i, frontierSize(next));
  }
  return next;
}
