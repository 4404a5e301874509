// exploreWithWorkers: the level-parallel search in real worker threads (loaded from the built
// dist/, which `npm test` builds first) gives the one-thread search's result: witnesses, stop,
// states, transitions and depth, whether it stops mid-level or runs to the bound. The tests
// thread every level (threshold 0) unless they say otherwise; by default small levels are
// expanded in the main thread, in the same parts.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Bounds, ExploreOptions, ExploreResult } from "../../src/checker/index.js";
import { DEFAULT_VERBS, explore, exploreShared, parseVerbs } from "../../src/checker/index.js";
import type { SharedResult } from "../../src/checker/sharedSearch.js";
import { THREADED_LEVEL_STATES, exploreSharedWithWorkers, exploreWithWorkers, workerModule } from "../../src/cli/exploreThreads.js";
import { distinctPolicies, formatVersion, parseVersion, policyFor } from "../../src/history/index.js";

function options(kernel: string, verbs: string, depth: number, all: boolean, pages = 1): ExploreOptions {
  const v = parseVerbs(verbs);
  if (!v.ok) throw new Error(verbs);
  const bounds: Bounds = { procs: 2, pages, pins: 1, depth, values: 2, verbs: verbs === "default" ? DEFAULT_VERBS : v.verbs };
  return { bounds, policy: policyFor(parseVersion(kernel)!), all };
}

const untimed = (r: ExploreResult): unknown => ({ ...r, stats: { ...r.stats, seconds: 0 } });

describe("exploreThreads", () => {
  it("finds the worker module in the build", () => {
    expect(existsSync(fileURLToPath(workerModule()))).toBe(true);
  });

  it("stops at the one-thread search's first witness with the same counts (2 and 3 threads)", async () => {
    const o = options("5.4", "write,fork,exit,munmap,vmsplice", 6, false);
    const one = explore(o);
    expect(one.stop).toBe("found");
    for (const n of [2, 3]) expect(untimed(await exploreWithWorkers(o, "5.4", n, 0))).toEqual(untimed(one));
  });

  it("runs to the bound with --all and gives the one-thread search's witnesses and counts", async () => {
    const o = options("5.8", "all", 4, true);
    const one = explore(o);
    expect(one.witnesses.length).toBeGreaterThan(1);
    expect(untimed(await exploreWithWorkers(o, "5.8", 2, 0))).toEqual(untimed(one));
  });

  it("counts the same states on 6.18 with 2 pages and the default verbs, small levels here or threaded", async () => {
    const o = options("6.18", "default", 3, true, 2);
    const one = untimed(explore(o));
    // Levels of 1, 19 and 222 states: all threaded, the last only, or none.
    for (const threshold of [0, 100, THREADED_LEVEL_STATES]) expect(untimed(await exploreWithWorkers(o, "6.18", 2, threshold))).toEqual(one);
  });
});

describe("exploreThreads, every kernel", () => {
  const untimedShared = (r: SharedResult): unknown => ({
    stats: { ...r.stats, seconds: 0 },
    results: r.results.map((x) => ({ ...x, stats: { ...x.stats, seconds: 0 } })),
  });

  it("gives in threads, every level or the large ones only, what the search in one thread gives", async () => {
    const policies = distinctPolicies().map((g) => g.policy);
    const kernels = policies.map((p) => formatVersion(p.version));
    const bounds = options("6.18", "write,fork,exit,vmsplice,iouring,mprotect", 4, true).bounds;
    const one = untimedShared(exploreShared({ bounds }, policies));
    for (const threshold of [0, 300]) expect(untimedShared(await exploreSharedWithWorkers({ bounds }, policies, kernels, 2, threshold))).toEqual(one);
  });
});
