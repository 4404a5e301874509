// The file `cowlab explore --shard I/N --json FILE` writes and `cowlab merge` reads: the search
// it belongs to (kernel, bounds), which shard, the shortest witness per class as `.cow` text,
// the counts, and every visited fingerprint, so merge can count distinct states over shards.
import { z } from "zod";
import { formatVersion } from "../history/index.js";
import type { ExploreResult } from "./outcome.js";
import { fingerprints } from "./visitedSet.js";
import { witnessText } from "./witness.js";
import { witnessTitle } from "./replay.js";
import { CHECKER_VERBS } from "./verbs.js";

const nat = z.number().int().nonnegative();
const hex32 = z.string().regex(/^[0-9a-f]{8}$/);
const FINDING = z.enum(["missed-cow", "wrong-cow", "lost-write", "bad-fault", "corruption", "invariant"]);

/** The shape of a shard result file (format `cowlab-shard`, version 1). */
export const ShardResultSchema = z.object({
  format: z.literal("cowlab-shard"),
  version: z.literal(1),
  kernel: z.string().min(1),
  bounds: z.object({
    procs: nat, pages: nat, pins: nat, depth: nat, values: nat,
    verbs: z.array(z.enum(CHECKER_VERBS)),
    canonical: z.boolean(),
    all: z.boolean(),
  }),
  shard: z.object({ index: nat, count: z.number().int().positive() }).refine((s) => s.index < s.count, "shard index must be below the count"),
  witnesses: z.array(z.object({ class: FINDING, length: nat, text: z.string().min(1) })),
  /** Distinct states this shard stored, the start state included (every shard stores it). */
  states: nat,
  transitions: nat,
  depth: nat,
  seconds: z.number().nonnegative(),
  /** Every stored fingerprint as [lo, hi], two 32-bit words in 8 lowercase hex digits, sorted. */
  fingerprints: z.array(z.tuple([hex32, hex32])),
});

export type ShardResult = z.infer<typeof ShardResultSchema>;

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, "0");

/** The shard result of a sharded search run with `keepVisited`; `all` as the search was asked. */
export function shardResultOf(r: ExploreResult, all: boolean, source: string): ShardResult {
  if (r.shard === null || r.visited === null) throw new Error("shardResultOf needs a sharded search that kept its visited table");
  const fps: [string, string][] = [];
  for (const [lo, hi] of fingerprints(r.visited)) fps.push([hex(lo), hex(hi)]);
  fps.sort((a, b) => (a[1] === b[1] ? (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) : a[1] < b[1] ? -1 : 1));
  const b = r.bounds;
  return {
    format: "cowlab-shard", version: 1, kernel: formatVersion(r.policy.version),
    bounds: { procs: b.procs, pages: b.pages, pins: b.pins, depth: b.depth, values: b.values, verbs: [...b.verbs], canonical: r.canonical, all },
    shard: { index: r.shard.index, count: r.shard.count },
    witnesses: r.witnesses.map((w) => ({
      class: w.class, length: w.path.length,
      text: witnessText(witnessTitle(w, r.policy, source), b.pages, w.path, w.class === "invariant" ? "model invariant breaks" : w.class),
    })),
    states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, seconds: r.stats.seconds,
    fingerprints: fps,
  };
}

/** Parses and validates a shard result's JSON text: the result, or why it is not one. */
export function parseShardResult(text: string): { ok: true; result: ShardResult } | { ok: false; why: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, why: `not JSON (${(e as Error).message})` };
  }
  const r = ShardResultSchema.safeParse(json);
  if (r.success) return { ok: true, result: r.data };
  const issue = r.error.issues[0];
  return { ok: false, why: `${issue?.path.join(".") || "(top)"}: ${issue?.message ?? "invalid"}` };
}
