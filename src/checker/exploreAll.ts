// `explore --kernel all`: the same bounded search once per distinct policy (a run of versions
// with identical knobs), each looking for every class; the matrix of shortest witness lengths
// per group and class is Linux's COW history rediscovered by search.
import type { PolicyGroup } from "../history/index.js";
import { distinctPolicies } from "../history/index.js";
import type { ExploreOptions } from "./explore.js";
import { explore } from "./explore.js";
import type { ExploreResult } from "./outcome.js";

export interface GroupExplored {
  readonly group: PolicyGroup;
  readonly result: ExploreResult;
}

/** Explores every distinct policy with --all semantics; `onGroup` sees each result as it lands. */
export function exploreAll(
  o: Omit<ExploreOptions, "policy" | "all">, onGroup?: (g: GroupExplored) => void, groups: readonly PolicyGroup[] = distinctPolicies(),
): GroupExplored[] {
  const out: GroupExplored[] = [];
  for (const group of groups) {
    const g = { group, result: explore({ ...o, policy: group.policy, all: true }) };
    out.push(g);
    onGroup?.(g);
  }
  return out;
}
