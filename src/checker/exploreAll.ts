// `explore --kernel all`: the bounded search for every distinct policy (a run of versions with
// identical knobs), each looking for every class; the matrix of shortest witness lengths per
// group and class is Linux's COW history rediscovered by search. The kernels are searched
// together (sharedSearch): a state all of them reach is stored and stepped once.
import type { PolicyGroup } from "../history/index.js";
import { distinctPolicies } from "../history/index.js";
import type { ExploreResult } from "./outcome.js";
import { MAX_TRACED_POLICIES } from "./policyTracer.js";
import type { SharedOptions, SharedStats } from "./sharedSearch.js";
import { exploreShared } from "./sharedSearch.js";

export interface GroupExplored {
  readonly group: PolicyGroup;
  readonly result: ExploreResult;
}

export interface AllExplored {
  readonly groups: readonly GroupExplored[];
  readonly stats: SharedStats;
}

/** Explores every distinct policy with --all semantics, in batches of at most 31 kernels. */
export function exploreAll(o: SharedOptions, groups: readonly PolicyGroup[] = distinctPolicies()): AllExplored {
  const out: GroupExplored[] = [];
  const parts: SharedStats[] = [];
  for (let from = 0; from < groups.length; from += MAX_TRACED_POLICIES) {
    const batch = groups.slice(from, from + MAX_TRACED_POLICIES);
    const r = exploreShared(o, batch.map((g) => g.policy));
    batch.forEach((group, i) => out.push({ group, result: r.results[i] as ExploreResult }));
    parts.push(r.stats);
  }
  return { groups: out, stats: sumShared(parts) };
}

function sumShared(parts: readonly SharedStats[]): SharedStats {
  const max = (f: (s: SharedStats) => number): number => Math.max(0, ...parts.map(f));
  const sum = (f: (s: SharedStats) => number): number => parts.reduce((a, s) => a + f(s), 0);
  return {
    states: sum((s) => s.states), steps: sum((s) => s.steps), kernelStates: sum((s) => s.kernelStates),
    kernelTransitions: sum((s) => s.kernelTransitions), depth: max((s) => s.depth), seconds: sum((s) => s.seconds),
    tableBytes: max((s) => s.tableBytes), frontierBytes: max((s) => s.frontierBytes), frontierStates: max((s) => s.frontierStates),
  };
}
