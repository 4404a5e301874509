// Combines shard results into the result of one search: they must come from the same search
// and cover every shard once; states merge by fingerprint (the start state, stored by every
// shard, counts once), transitions and seconds add up, and per class the shortest witness wins.
import type { FindingClass } from "./outcome.js";
import type { ShardResult } from "./shardResult.js";
import { reserve } from "./fingerprintTable.js";
import { addFingerprint, createVisitedSet } from "./visitedSet.js";

/** A shard result and the file it came from (for error messages). */
export interface NamedShard {
  readonly name: string;
  readonly result: ShardResult;
}

/** The shortest witness of a class over all shards. */
export interface MergedWitness {
  readonly class: FindingClass;
  readonly length: number;
  readonly text: string;
  /** The shard that found it (the lowest index among equally short ones). */
  readonly shard: number;
}

export interface MergedResult {
  readonly kernel: string;
  readonly bounds: ShardResult["bounds"];
  readonly count: number;
  /** Shortest first; with `bounds.all` false only the single shortest witness. */
  readonly witnesses: readonly MergedWitness[];
  /** Distinct fingerprints over all shards. */
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** The sum of the shards' times (the machine time the search took). */
  readonly seconds: number;
}

const CLASS_ORDER: readonly FindingClass[] = ["missed-cow", "wrong-cow", "lost-write", "bad-fault", "corruption", "invariant"];

/** The merged result, or why the shards do not make one search. */
export function mergeShards(shards: readonly NamedShard[]): { ok: true; merged: MergedResult } | { ok: false; why: string } {
  const why = checkSameSearch(shards) ?? checkCoverage(shards);
  if (why !== null) return { ok: false, why };
  const first = (shards[0] as NamedShard).result;
  const visited = createVisitedSet();
  // Each shard lists its fingerprints in its table's order: size the table first (see reserve).
  reserve(visited, shards.reduce((n, { result }) => n + result.fingerprints.length, 0));
  for (const { result } of shards) for (const [lo, hi] of result.fingerprints) addFingerprint(visited, parseInt(lo, 16), parseInt(hi, 16));
  const witnesses = shortestWitnesses(shards);
  return {
    ok: true,
    merged: {
      kernel: first.kernel, bounds: first.bounds, count: first.shard.count,
      witnesses: first.bounds.all ? witnesses : witnesses.slice(0, 1),
      states: visited.size,
      transitions: shards.reduce((n, s) => n + s.result.transitions, 0),
      depth: Math.max(...shards.map((s) => s.result.depth)),
      seconds: shards.reduce((n, s) => n + s.result.seconds, 0),
    },
  };
}

/** Every shard from the first one's search: kernel, bounds, verbs, renaming, --all and N. */
function checkSameSearch(shards: readonly NamedShard[]): string | null {
  const first = shards[0];
  if (first === undefined) return "no shard result given";
  const key = (r: ShardResult): [string, string][] => [
    ["kernel", r.kernel], ["bounds", JSON.stringify({ ...r.bounds, verbs: r.bounds.verbs.join(",") })], ["shard count", String(r.shard.count)],
  ];
  const want = key(first.result);
  for (const s of shards.slice(1)) {
    const got = key(s.result);
    for (let i = 0; i < want.length; i++) {
      const [what, a] = want[i] as [string, string];
      const b = (got[i] as [string, string])[1];
      if (a !== b) return `${s.name} is a shard of another search than ${first.name}: ${what} ${b}, not ${a}`;
    }
  }
  return null;
}

/** Each index 0..N-1 exactly once. */
function checkCoverage(shards: readonly NamedShard[]): string | null {
  const count = (shards[0] as NamedShard).result.shard.count;
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const i = s.result.shard.index;
    const seen = byIndex.get(i);
    if (seen !== undefined) return `shard ${i}/${count} given twice: ${seen} and ${s.name}`;
    byIndex.set(i, s.name);
  }
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) return `shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} missing (a merge needs 0/${count} to ${count - 1}/${count})`;
  return null;
}

/** Per class the shortest witness (ties: lowest shard index), shortest first. */
function shortestWitnesses(shards: readonly NamedShard[]): MergedWitness[] {
  const best = new Map<FindingClass, MergedWitness>();
  for (const { result } of shards) {
    for (const w of result.witnesses) {
      const old = best.get(w.class);
      const cand: MergedWitness = { class: w.class, length: w.length, text: w.text, shard: result.shard.index };
      if (old === undefined || cand.length < old.length || (cand.length === old.length && cand.shard < old.shard)) best.set(w.class, cand);
    }
  }
  return [...best.values()].sort((a, b) => a.length - b.length || a.shard - b.shard || CLASS_ORDER.indexOf(a.class) - CLASS_ORDER.indexOf(b.class));
}
