// `explore --kernel all`: the bounded search for every distinct policy (a run of versions with
// identical knobs), each looking for every class; the matrix of shortest witness lengths per
// group and class is Linux's COW history rediscovered by search. The kernels are searched
// together (sharedSearch): a state all of them reach is stored and stepped once.
import type { PolicyGroup } from "../history/index.js";
import { distinctPolicies } from "../history/index.js";
import type { ExploreResult } from "./outcome.js";
import { MAX_TRACED_POLICIES } from "./policyTracer.js";
import type { SharedOptions, SharedResult, SharedStats } from "./sharedCore.js";
import { exploreShared } from "./sharedSearch.js";

export interface GroupExplored {
  readonly group: PolicyGroup;
  readonly result: ExploreResult;
}

export interface AllExplored {
  readonly groups: readonly GroupExplored[];
  readonly stats: SharedStats;
}

/** Explores every distinct policy with --all semantics, in batches of at most 31 kernels searched together. */
export function exploreAll(o: SharedOptions, groups: readonly PolicyGroup[] = distinctPolicies()): AllExplored {
  return allExplored(groups, policyBatches(groups).map((batch) => exploreShared(o, batch.map((g) => g.policy))));
}

/** The groups in batches of at most MAX_TRACED_POLICIES (the kernels one search can carry), in order. */
export function policyBatches(groups: readonly PolicyGroup[]): PolicyGroup[][] {
  const out: PolicyGroup[][] = [];
  for (let from = 0; from < groups.length; from += MAX_TRACED_POLICIES) out.push(groups.slice(from, from + MAX_TRACED_POLICIES));
  return out;
}

/** The batches' results (one per batch of policyBatches(groups)) as one result per group. */
export function allExplored(groups: readonly PolicyGroup[], batches: readonly SharedResult[]): AllExplored {
  const results = batches.flatMap((b) => b.results);
  if (results.length !== groups.length) throw new Error(`checker bug: ${results.length} results for ${groups.length} kernel groups`);
  return { groups: groups.map((group, i) => ({ group, result: results[i] as ExploreResult })), stats: sumShared(batches.map((b) => b.stats)) };
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
