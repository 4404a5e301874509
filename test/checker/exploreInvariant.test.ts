// The searches check the model's invariants once per state (a state already stored passed them).
// A hypothetical kernel that breaks one shows the class is still found, at the same length, by
// every form of the search: one kernel in one thread or in parts, and all kernels at once.
import { describe, expect, it } from "vitest";
import type { Bounds, CheckerVerb, ExploreResult } from "../../src/checker/index.js";
import { explore, exploreSharedInParts, parseVerbs, replayWitness } from "../../src/checker/index.js";
import { exploreInParts } from "../../src/checker/levelSearch.js";
import { exploreShared } from "../../src/checker/sharedSearch.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import type { Policy } from "../../src/kernel/policy.js";

function verbs(list: string): CheckerVerb[] {
  const r = parseVerbs(list);
  if (!r.ok) throw new Error(`bad verbs ${list}`);
  return r.verbs;
}

function policy(version: string): Policy {
  const v = parseVersion(version);
  if (v === null) throw new Error(`bad version ${version}`);
  return policyFor(v);
}

/**
 * 6.18 whose fork shares a pinned page instead of copying it: fork clears PG_anon_exclusive on a
 * page that stays pinned and mapped, which the pinned-exclusive invariant forbids from 5.19 on.
 */
const broken: Policy = { ...policy("6.18"), forkCopiesPinned: "never" };

const bounds: Bounds = { procs: 2, pages: 1, pins: 1, depth: 4, values: 1, verbs: verbs("write,fork,pin,unpin") };

const summary = (r: ExploreResult): unknown => ({
  states: r.stats.states, transitions: r.stats.transitions, stop: r.stop,
  witnesses: r.witnesses.map((w) => `${w.class}:${w.path.length}:${w.detail}`).sort(),
});

describe("invariants in the search", () => {
  it("finds a broken invariant as the shortest witness of class invariant, which replays", () => {
    const r = explore({ bounds, policy: broken, all: true });
    const w = r.witnesses.find((x) => x.class === "invariant");
    expect(w?.path.map((a) => a.verb)).toEqual(["pin", "fork"]);
    expect(w?.detail).toMatch(/^pinned-exclusive: /);
    if (w !== undefined) expect(replayWitness(w, broken, bounds.pages, "test").why).toMatch(/^pinned-exclusive: /);
    // The real 6.18 breaks nothing at this bound.
    expect(explore({ bounds, policy: policy("6.18"), all: true }).witnesses).toEqual([]);
  });

  it("finds it alike in parts", () => {
    expect(summary(exploreInParts({ bounds, policy: broken, all: true }, 3))).toEqual(summary(explore({ bounds, policy: broken, all: true })));
  });

  it("finds it for that kernel alone in a search of several, in one thread and in parts, each kernel as in its own search", () => {
    const policies = [policy("5.10"), broken, policy("6.18")];
    const one = exploreShared({ bounds, checkClasses: true }, policies);
    policies.forEach((p, g) => expect(summary(one.results[g] as ExploreResult)).toEqual(summary(explore({ bounds, policy: p, all: true }))));
    expect((one.results[1] as ExploreResult).witnesses.map((w) => w.class)).toContain("invariant");
    const parts = exploreSharedInParts({ bounds }, policies, 4);
    expect(parts.results.map(summary)).toEqual(one.results.map(summary));
    expect(parts.stats.steps).toBe(one.stats.steps);
  });
});
