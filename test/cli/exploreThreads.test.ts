// exploreWithWorkers: the level-parallel search in real worker threads (loaded from the built
// dist/, which `npm test` builds first) gives the one-thread search's result: witnesses, stop,
// states, transitions and depth, whether it stops mid-level or runs to the bound.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Bounds, ExploreOptions, ExploreResult } from "../../src/checker/index.js";
import { DEFAULT_VERBS, explore, parseVerbs } from "../../src/checker/index.js";
import { exploreWithWorkers, workerModule } from "../../src/cli/exploreThreads.js";
import { parseVersion, policyFor } from "../../src/history/index.js";

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
    for (const n of [2, 3]) expect(untimed(await exploreWithWorkers(o, "5.4", n))).toEqual(untimed(one));
  });

  it("runs to the bound with --all and gives the one-thread search's witnesses and counts", async () => {
    const o = options("5.8", "all", 4, true);
    const one = explore(o);
    expect(one.witnesses.length).toBeGreaterThan(1);
    expect(untimed(await exploreWithWorkers(o, "5.8", 2))).toEqual(untimed(one));
  });

  it("counts the same states on 6.18 with 2 pages and the default verbs", async () => {
    const o = options("6.18", "default", 3, true, 2);
    expect(untimed(await exploreWithWorkers(o, "6.18", 2))).toEqual(untimed(explore(o)));
  });
});
