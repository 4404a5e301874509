import { describe, expect, it } from "vitest";
import type { Bounds, CheckerVerb, ExploreResult } from "../../src/checker/index.js";
import { CHECKER_VERBS, DEFAULT_VERBS, explore, exploreAll, parseVerbs, replayWitness } from "../../src/checker/index.js";
import { distinctPolicies } from "../../src/history/index.js";
import type { SharedResult } from "../../src/checker/sharedSearch.js";
import { exploreShared } from "../../src/checker/sharedSearch.js";
import { exploreSharedInParts } from "../../src/checker/sharedLevelSearch.js";

/** What a kernel's own search must agree on: counts, depth, why it stopped, each class's shortest length. */
const summary = (r: ExploreResult): unknown => ({
  states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, stop: r.stop,
  witnesses: r.witnesses.map((w) => `${w.class}:${w.path.length}`).sort(),
});

function verbs(list: string): CheckerVerb[] {
  const r = parseVerbs(list);
  if (!r.ok) throw new Error(`bad verbs ${list}`);
  return r.verbs;
}

/** Every kernel's part of the shared search against that kernel's own search, witnesses replayed. */
function expectSameAsAlone(bounds: Bounds, versions = distinctPolicies()): { distinct: number; sum: number; steps: number; transitions: number } {
  const all = exploreAll({ bounds }, versions);
  for (const g of all.groups) {
    const alone = explore({ bounds, policy: g.group.policy, all: true });
    expect(summary(g.result), `${g.group.policy.era} ${g.group.from.major}.${g.group.from.minor}`).toEqual(summary(alone));
    for (const w of g.result.witnesses) expect(replayWitness(w, g.group.policy, bounds.pages, "test").step?.divergence?.class ?? "invariant").toBe(w.class);
  }
  return { distinct: all.stats.states, sum: all.stats.kernelStates, steps: all.stats.steps, transitions: all.stats.kernelTransitions };
}

describe("sharedSearch", () => {
  it("gives every kernel the states, transitions and shortest witnesses of its own search (default verbs, depth 3)", () => {
    const r = expectSameAsAlone({ procs: 2, pages: 2, pins: 1, depth: 3, values: 2, verbs: DEFAULT_VERBS });
    expect(r.sum).toBe(47826);
    // Kernels share most states: each is stored and stepped once for all that reach it alike.
    expect(r.distinct).toBeLessThan(r.sum / 4);
    expect(r.steps).toBeLessThan(r.transitions / 4);
  });

  it("agrees kernel by kernel with every verb, pins, reclaim and migration included", () => {
    expectSameAsAlone({ procs: 2, pages: 1, pins: 2, depth: 3, values: 2, verbs: CHECKER_VERBS });
  });

  it("finds each era's witnesses where their own searches do (vmsplice, io_uring, mprotect)", () => {
    const groups = distinctPolicies().filter((g) => ["B", "C", "D", "H"].includes(g.policy.era));
    expectSameAsAlone({ procs: 2, pages: 1, pins: 1, depth: 5, values: 2, verbs: verbs("write,fork,exit,vmsplice,iouring,mprotect") }, groups);
  });

  it("stops a kernel whose reachable space is exhausted while others go on", () => {
    // 4.4 has nothing new after depth 4; 6.14's batch, no longer drained by zap, keeps growing to depth 10.
    const bounds: Bounds = { procs: 1, pages: 1, pins: 1, depth: 10, values: 1, verbs: verbs("write,dontneed") };
    const all = exploreAll({ bounds });
    const stops = new Set(all.groups.map((g) => g.result.stop));
    expect([...stops].sort()).toEqual(["bound", "exhausted"]);
    for (const g of all.groups) expect(summary(g.result)).toEqual(summary(explore({ bounds, policy: g.group.policy, all: true })));
  });
});

describe("sharedSearch checkClasses", () => {
  it("steps every kernel of every class alone and finds each does what its class did (every verb, depth 3)", () => {
    const bounds: Bounds = { procs: 2, pages: 1, pins: 2, depth: 3, values: 2, verbs: CHECKER_VERBS };
    const all = exploreAll({ bounds, checkClasses: true });
    expect(all.stats.steps).toBeLessThan(all.stats.kernelTransitions);
  });
});

describe("sharedLevelSearch", () => {
  /** Everything a result holds but the time. */
  const untimed = (r: SharedResult): unknown => ({
    stats: { ...r.stats, seconds: 0 },
    results: r.results.map((x) => ({ ...x, stats: { ...x.stats, seconds: 0 } })),
  });

  it("gives in parts, merged in order, exactly what the search in one thread gives", () => {
    const policies = distinctPolicies().map((g) => g.policy);
    for (const [bounds, parts] of [
      [{ procs: 2, pages: 2, pins: 1, depth: 3, values: 2, verbs: DEFAULT_VERBS }, 7],
      [{ procs: 2, pages: 1, pins: 1, depth: 5, values: 2, verbs: verbs("write,fork,exit,vmsplice,iouring,mprotect") }, 3],
      [{ procs: 1, pages: 1, pins: 1, depth: 10, values: 1, verbs: verbs("write,dontneed") }, 2],
    ] as const) {
      const one = exploreShared({ bounds }, policies);
      expect(one.results.some((r) => r.witnesses.length > 0) || bounds.depth !== 5).toBe(true);
      expect(untimed(exploreSharedInParts({ bounds }, policies, parts))).toEqual(untimed(one));
    }
  });
});
