// The file `cowlab explore --kernel all --json FILE` writes: the bounds, and per distinct policy
// (a run of versions) its era, counts, why its search stopped, and the shortest witness of each
// class found as `.cow` text with the command that replays it; then what sharing saved.
import { z } from "zod";
import { formatVersion } from "../history/index.js";
import type { AllExplored } from "./exploreAll.js";
import { witnessTitle } from "./replay.js";
import { CHECKER_VERBS } from "./verbs.js";
import { witnessText } from "./witness.js";

const nat = z.number().int().nonnegative();
const FINDING = z.enum(["missed-cow", "wrong-cow", "lost-write", "bad-fault", "corruption", "invariant"]);

/** The shape of an explore matrix file (format `cowlab-explore-matrix`, version 1). */
export const ExploreMatrixSchema = z.object({
  format: z.literal("cowlab-explore-matrix"),
  version: z.literal(1),
  bounds: z.object({
    procs: nat, pages: nat, pins: nat, depth: nat, values: nat,
    verbs: z.array(z.enum(CHECKER_VERBS)),
    canonical: z.boolean(),
  }),
  kernels: z.array(z.object({
    from: z.string().min(1),
    to: z.string().min(1),
    era: z.string().min(1),
    stop: z.enum(["found", "bound", "exhausted"]),
    states: nat,
    transitions: nat,
    depth: nat,
    /** The shortest witness per class found, in the order found. */
    witnesses: z.array(z.object({ class: FINDING, length: nat, text: z.string().min(1) })),
  })),
  shared: z.object({ states: nat, steps: nat, kernelStates: nat, kernelTransitions: nat, seconds: z.number().nonnegative() }),
});

export type ExploreMatrix = z.infer<typeof ExploreMatrixSchema>;

/** The matrix file of an `explore --kernel all` result. */
export function exploreMatrixOf(all: AllExplored, source: string): ExploreMatrix {
  const first = all.groups[0]?.result;
  if (first === undefined) throw new Error("exploreMatrixOf needs at least one kernel group");
  const b = first.bounds;
  return {
    format: "cowlab-explore-matrix", version: 1,
    bounds: { procs: b.procs, pages: b.pages, pins: b.pins, depth: b.depth, values: b.values, verbs: [...b.verbs], canonical: first.canonical },
    kernels: all.groups.map(({ group, result: r }) => ({
      from: formatVersion(group.from), to: formatVersion(group.to), era: group.policy.era, stop: r.stop,
      states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth,
      witnesses: r.witnesses.map((w) => ({
        class: w.class, length: w.path.length,
        text: witnessText(witnessTitle(w, group.policy, source), b.pages, w.path, w.class === "invariant" ? "model invariant breaks" : w.class),
      })),
    })),
    shared: {
      states: all.stats.states, steps: all.stats.steps, kernelStates: all.stats.kernelStates,
      kernelTransitions: all.stats.kernelTransitions, seconds: all.stats.seconds,
    },
  };
}
