// The search's counts and witnesses on a fixed set of bounded searches, recorded from the search
// as it was before states were packed (commit 141f24d, objects cloned per transition): packed
// states, index paths and level-parallel parts must reproduce them exactly. A change to the
// fingerprint or the model changes them on purpose; re-record them from the search then.
import { describe, expect, it } from "vitest";
import type { Action, Bounds, CheckerVerb, ExploreOptions, ExploreResult } from "../../src/checker/index.js";
import { DEFAULT_VERBS, actionLine, explore, parseVerbs } from "../../src/checker/index.js";
import { exploreInParts } from "../../src/checker/levelSearch.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import type { Pid } from "../../src/kernel/ids.js";
import { FIRST_REGION_VPN } from "../../src/scenario/index.js";

interface Case {
  readonly kernel: string;
  readonly verbs: string;
  readonly depth: number;
  readonly procs?: number;
  readonly pages?: number;
  readonly pins?: number;
  readonly all?: boolean;
  /** Start after `p: write buf[0] A`. */
  readonly prefix?: boolean;
  readonly canonical?: boolean;
  readonly shard?: readonly [number, number];
}

interface Recorded {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly stop: string;
  /** Class and path (action lines joined by "; "), in the order found. */
  readonly witnesses: readonly (readonly [string, string])[];
}

const RECORDED: readonly (readonly [Case, Recorded])[] = [
  [{"kernel": "5.4", "verbs": "write,fork,exit,munmap,vmsplice", "depth": 6},
   {"states": 1091, "transitions": 2917, "depth": 6, "stop": "found", "witnesses": [["missed-cow", "p: write buf[0] A; p: fork c; p: vmsplice buf[0] pipe1; p: write buf[0] A; c: write buf[0] B; p: read pipe1"]]}],
  [{"kernel": "5.4", "verbs": "write,fork,exit,munmap,vmsplice", "depth": 5, "all": true},
   {"states": 831, "transitions": 2105, "depth": 5, "stop": "bound", "witnesses": []}],
  [{"kernel": "5.10", "verbs": "write,fork,pin", "depth": 4, "all": true, "prefix": true},
   {"states": 370, "transitions": 960, "depth": 4, "stop": "bound", "witnesses": [["wrong-cow", "p: write buf[0] A; p: fork c; p: pin buf[0] ro longterm pin1; p: write buf[0] B; p: read pin1"]]}],
  [{"kernel": "5.10", "verbs": "write,mprotect,pin", "depth": 5, "all": true, "prefix": true},
   {"states": 197, "transitions": 772, "depth": 5, "stop": "bound", "witnesses": [["wrong-cow", "p: write buf[0] A; p: mprotect buf[0] ro; p: mprotect buf[0] rw; p: pin buf[0] ro longterm pin1; p: write buf[0] B; p: read pin1"]]}],
  [{"kernel": "5.4", "verbs": "write,fork,iouring", "depth": 5},
   {"states": 112, "transitions": 223, "depth": 4, "stop": "found", "witnesses": [["wrong-cow", "p: iouring-register buf[0] ring1; p: fork c; p: write buf[0] A; p: read ring1[0]"]]}],
  [{"kernel": "6.18", "verbs": "default", "depth": 3, "pages": 2, "all": true},
   {"states": 2639, "transitions": 7812, "depth": 3, "stop": "bound", "witnesses": []}],
  [{"kernel": "6.1", "verbs": "default", "depth": 3, "pages": 2, "all": true, "canonical": false},
   {"states": 3619, "transitions": 9451, "depth": 3, "stop": "bound", "witnesses": []}],
  [{"kernel": "4.4", "verbs": "default", "depth": 3, "pages": 2, "all": true},
   {"states": 1511, "transitions": 5502, "depth": 3, "stop": "bound", "witnesses": []}],
  [{"kernel": "5.10", "verbs": "all", "depth": 3, "pages": 2, "all": true},
   {"states": 5411, "transitions": 16860, "depth": 3, "stop": "bound", "witnesses": [["wrong-cow", "p: pin buf[0] ro longterm pin1; p: write buf[0] A; p: read pin1"]]}],
  [{"kernel": "6.18", "verbs": "all", "depth": 3, "pages": 2, "pins": 2, "all": true},
   {"states": 8738, "transitions": 24656, "depth": 3, "stop": "bound", "witnesses": []}],
  [{"kernel": "5.10", "verbs": "write,fork,exit,munmap,vmsplice", "depth": 5, "shard": [1, 3]},
   {"states": 585, "transitions": 1491, "depth": 5, "stop": "bound", "witnesses": []}],
  [{"kernel": "5.8", "verbs": "write,fork,dontneed,wipeonfork,pageout,ksm-scan,lru-drain", "depth": 4, "procs": 3, "pages": 2, "all": true},
   {"states": 2147, "transitions": 5246, "depth": 4, "stop": "bound", "witnesses": []}],
  [{"kernel": "4.4", "verbs": "all", "depth": 4, "all": true},
   {"states": 5420, "transitions": 23230, "depth": 4, "stop": "bound", "witnesses": [["wrong-cow", "p: pin buf[0] ro longterm pin1; p: write buf[0] A; p: read pin1"], ["missed-cow", "p: pin buf[0] rw longterm pin1; p: fork c; p: write pin1 A; c: read buf[0]"]]}],
  [{"kernel": "4.19", "verbs": "all", "depth": 4, "all": true},
   {"states": 6827, "transitions": 27757, "depth": 4, "stop": "bound", "witnesses": [["wrong-cow", "p: pin buf[0] ro longterm pin1; p: write buf[0] A; p: read pin1"], ["missed-cow", "p: pin buf[0] rw longterm pin1; p: fork c; p: write pin1 A; c: read buf[0]"]]}],
  [{"kernel": "5.8", "verbs": "all", "depth": 4, "all": true},
   {"states": 8583, "transitions": 32754, "depth": 4, "stop": "bound", "witnesses": [["wrong-cow", "p: iouring-register buf[0] ring1; p: fork c; p: write buf[0] A; p: read ring1[0]"], ["missed-cow", "p: iouring-register buf[0] ring1; p: fork c; p: write ring1[0] A; c: read buf[0]"]]}],
  [{"kernel": "6.1", "verbs": "all", "depth": 4, "all": true},
   {"states": 7032, "transitions": 27984, "depth": 4, "stop": "bound", "witnesses": [["wrong-cow", "p: pin buf[0] ro longterm pin1; p: write buf[0] A; p: read pin1"]]}],
  [{"kernel": "5.10", "verbs": "write,fork,pin,mprotect", "depth": 5},
   {"states": 151, "transitions": 308, "depth": 3, "stop": "found", "witnesses": [["wrong-cow", "p: pin buf[0] ro longterm pin1; p: write buf[0] A; p: read pin1"]]}],
  [{"kernel": "4.4", "verbs": "write,fork,exit,vmsplice,dontneed", "depth": 6, "all": true},
   {"states": 2765, "transitions": 8004, "depth": 6, "stop": "bound", "witnesses": [["missed-cow", "p: write buf[0] A; p: fork c; p: vmsplice buf[0] pipe1; p: write buf[0] A; c: write buf[0] B; p: read pipe1"]]}],
];

const WRITE_A: Action = { verb: "write", op: { kind: "write", pid: 0 as Pid, range: { start: FIRST_REGION_VPN, pages: 1 }, value: 65 } };

function verbs(list: string): readonly CheckerVerb[] {
  if (list === "default") return DEFAULT_VERBS;
  const r = parseVerbs(list);
  if (!r.ok) throw new Error(`bad verbs ${list}`);
  return r.verbs;
}

/** The explore options of a recorded case. */
export function optionsOf(c: Case): ExploreOptions {
  const bounds: Bounds = { procs: c.procs ?? 2, pages: c.pages ?? 1, pins: c.pins ?? 1, depth: c.depth, values: 2, verbs: verbs(c.verbs) };
  return {
    bounds, policy: policyFor(parseVersion(c.kernel)!), all: c.all ?? false, canonical: c.canonical ?? true,
    prefix: c.prefix === true ? [WRITE_A] : [], ...(c.shard === undefined ? {} : { shard: { index: c.shard[0], count: c.shard[1] } }),
  };
}

/** What a result is compared on. */
function summary(r: ExploreResult): Recorded {
  return {
    states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, stop: r.stop,
    witnesses: r.witnesses.map((w) => [w.class, w.path.map((a) => actionLine(a.op)).join("; ")] as const),
  };
}

const name = (c: Case): string => `${c.kernel} ${c.verbs} depth ${c.depth}${c.all === true ? " --all" : ""}${c.shard ? ` shard ${c.shard.join("/")}` : ""}`;

describe("explore (recorded)", () => {
  it.each(RECORDED.map(([c, r]) => [name(c), c, r] as const))("reproduces the recorded search: %s", (_n, c, recorded) => {
    expect(summary(explore(optionsOf(c)))).toEqual(recorded);
  });
});

describe("levelSearch", () => {
  // Unsharded cases only: a level-parallel search is never sharded.
  const unsharded = RECORDED.filter(([c]) => c.shard === undefined);

  it.each(unsharded.slice(0, 10).map(([c, r]) => [name(c), c, r] as const))("gives in 2, 3 and 7 parts per level what explore gives: %s", (_n, c, recorded) => {
    for (const parts of [2, 3, 7]) {
      const r = exploreInParts(optionsOf(c), parts);
      expect(summary(r)).toEqual(recorded);
    }
  });

  it("stops where explore stops, counting the same states and transitions, whatever the part that finds first", () => {
    let stopped = 0;
    for (const kernel of ["4.4", "5.4", "5.8", "5.10", "6.1"]) {
      for (const v of ["write,fork,pin", "write,fork,exit,vmsplice", "write,fork,iouring", "all"]) {
        const o = optionsOf({ kernel, verbs: v, depth: 4 });
        const whole = summary(explore(o));
        if (whole.stop === "found") stopped++;
        for (const parts of [2, 3, 5]) expect(summary(exploreInParts(o, parts))).toEqual(whole);
      }
    }
    expect(stopped).toBeGreaterThan(8);
  });

  it("gives the same witness objects, stop and stats as explore, and one part per state works too", () => {
    const [c] = RECORDED[0]!;
    const a = explore(optionsOf(c));
    const b = exploreInParts(optionsOf(c), 1 << 20);
    expect(b.witnesses).toEqual(a.witnesses);
    expect({ ...b.stats, seconds: 0 }).toEqual({ ...a.stats, seconds: 0 });
    expect(b.stop).toBe(a.stop);
  });
});
