// Sharded search: every shard stores the start state and explores the first-level actions
// congruent to its index and everything below them; the union of the shards' fingerprints is
// exactly the unsharded search's set, and merging finds the unsharded shortest witness.
import { describe, expect, it } from "vitest";
import type { Bounds, CheckerVerb, ExploreResult, ShardResult } from "../../src/checker/index.js";
import { START_COUNTERS, createEncoder, enabledActions, explore, fingerprint, mergeShards, parseShardResult, parseVerbs, shardResultOf, startState } from "../../src/checker/index.js";
import { fingerprints } from "../../src/checker/visitedSet.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import { FIRST_REGION_VPN } from "../../src/scenario/index.js";

function verbs(list: string): CheckerVerb[] {
  const r = parseVerbs(list);
  if (!r.ok) throw new Error(`bad verbs ${list}`);
  return r.verbs;
}

const policy = (v: string) => policyFor(parseVersion(v)!);
const VMSPLICE: Bounds = { procs: 2, pages: 1, pins: 1, depth: 6, values: 2, verbs: verbs("write,fork,exit,munmap,vmsplice") };

function shards(version: string, bounds: Bounds, count: number, all = false): ExploreResult[] {
  return Array.from({ length: count }, (_, index) => explore({ bounds, policy: policy(version), all, shard: { index, count }, keepVisited: true }));
}

/** Each shard through its JSON file, as `cowlab merge` reads it. */
function viaJson(results: readonly ExploreResult[], all = false): { name: string; result: ShardResult }[] {
  return results.map((r, i) => {
    const parsed = parseShardResult(JSON.stringify(shardResultOf(r, all, "test")));
    if (!parsed.ok) throw new Error(parsed.why);
    return { name: `s${i}.json`, result: parsed.result };
  });
}

const fpSet = (r: ExploreResult): Set<string> => new Set([...fingerprints(r.visited!)].map(([lo, hi]) => `${lo}:${hi}`));

describe("shard", () => {
  it("explores in shard I only the first-level actions congruent to I mod N", () => {
    const first = enabledActions(startState(VMSPLICE, policy("5.10")), START_COUNTERS, VMSPLICE, FIRST_REGION_VPN).length;
    const one = { ...VMSPLICE, depth: 1 };
    const counts = shards("5.10", one, 3).map((r) => r.stats.transitions);
    expect(counts).toEqual([0, 1, 2].map((i) => Math.ceil((first - i) / 3)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(first);
  });

  it("stores the start state in every shard, and the union of the shards' fingerprints is the unsharded set", () => {
    const bounds = { ...VMSPLICE, depth: 5 };
    const whole = explore({ bounds, policy: policy("5.10"), keepVisited: true });
    expect(whole.witnesses).toEqual([]);
    const parts = shards("5.10", bounds, 3);
    const union = new Set<string>();
    for (const p of parts) for (const f of fpSet(p)) union.add(f);
    expect(union).toEqual(fpSet(whole));
    // The start state is in each of the 3 shards: the sum counts it 3 times, the union once.
    const [lo, hi] = fingerprint(startState(bounds, policy("5.10")), createEncoder(true), START_COUNTERS);
    const start = `${lo >>> 0}:${hi >>> 0}`;
    expect(fpSet(whole).has(start)).toBe(true);
    for (const p of parts) expect(fpSet(p).has(start)).toBe(true);
    expect(parts.reduce((n, p) => n + p.stats.states, 0)).toBeGreaterThanOrEqual(whole.stats.states + 2);
    const merged = mergeShards(viaJson(parts));
    expect(merged.ok && merged.merged.states).toBe(whole.stats.states);
    expect(merged.ok && merged.merged.transitions).toBe(parts.reduce((n, p) => n + p.stats.transitions, 0));
    expect(merged.ok && merged.merged.depth).toBe(5);
  });

  it("finds the unsharded shortest vmsplice missed-cow on 5.4 in the union of the shards", () => {
    const whole = explore({ bounds: VMSPLICE, policy: policy("5.4") });
    const w = whole.witnesses[0];
    expect(w?.class).toBe("missed-cow");
    for (const count of [2, 3, 5]) {
      const merged = mergeShards(viaJson(shards("5.4", VMSPLICE, count)));
      if (!merged.ok) throw new Error(merged.why);
      expect(merged.merged.witnesses.map((x) => [x.class, x.length])).toEqual([["missed-cow", w!.path.length]]);
    }
  });

  it("refuses shards of different searches, and a missing or duplicate shard, saying which", () => {
    const bounds = { ...VMSPLICE, depth: 2 };
    const [a, b, c] = viaJson(shards("5.10", bounds, 3));
    const other = viaJson(shards("5.4", bounds, 3))[1]!;
    const deeper = viaJson(shards("5.10", { ...bounds, depth: 3 }, 3))[1]!;
    const why = (r: ReturnType<typeof mergeShards>): string => (r.ok ? "" : r.why);
    expect(why(mergeShards([a!, { ...other, name: "x.json" }, c!]))).toBe("x.json is a shard of another search than s0.json: kernel 5.4, not 5.10");
    expect(why(mergeShards([a!, { ...deeper, name: "d.json" }, c!]))).toMatch(/^d\.json is a shard of another search than s0\.json: bounds .*"depth":3/);
    expect(why(mergeShards([a!, c!]))).toBe("shard 1/3 missing (a merge needs 0/3 to 2/3)");
    expect(why(mergeShards([a!, b!, { ...b!, name: "again.json" }, c!]))).toBe("shard 1/3 given twice: s1.json and again.json");
    expect(parseShardResult("{}").ok).toBe(false);
    expect(parseShardResult("nope").ok).toBe(false);
  });

  it("keeps per class the shortest witness, the lowest shard on a tie, and only the shortest one without --all", () => {
    const [a, b] = viaJson(shards("5.10", { ...VMSPLICE, depth: 1 }, 2), true);
    const w = (cls: "missed-cow" | "wrong-cow", length: number) => ({ class: cls, length, text: `scenario "${cls} ${length}"\n` });
    const with_ = (s: typeof a, ws: ReturnType<typeof w>[]) => ({ ...s!, result: { ...s!.result, witnesses: ws } });
    const r = mergeShards([with_(b, [w("wrong-cow", 3), w("missed-cow", 5)]), with_(a, [w("wrong-cow", 3), w("missed-cow", 4)])]);
    if (!r.ok) throw new Error(r.why);
    expect(r.merged.witnesses.map((x) => [x.class, x.length, x.shard])).toEqual([["wrong-cow", 3, 0], ["missed-cow", 4, 0]]);
    const one = mergeShards([with_(b, [w("wrong-cow", 3)]), with_(a, [w("missed-cow", 3)])].map((s) => ({ ...s, result: { ...s.result, bounds: { ...s.result.bounds, all: false } } })));
    expect(one.ok && one.merged.witnesses.map((x) => [x.class, x.shard])).toEqual([["missed-cow", 0]]);
  });
});
