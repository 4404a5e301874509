// Seeded fuzzing (design.md §4): random walks over the actions explore enumerates, each in
// lock-step with the ideal machine; the first failing walk is shrunk. A failure is named by its
// replay path `RUN:S1:S2...` (the run's index, then the index of each accepted shrink
// candidate), so `--seed S --replay PATH` rebuilds it exactly without rerunning the other runs.
import type { Policy } from "../kernel/policy.js";
import type { Bounds } from "./actions.js";
import type { Coverage } from "./coverage.js";
import { createCoverage } from "./coverage.js";
import type { Witness } from "./outcome.js";
import { runRng } from "../run/rng.js";
import { applyShrinkSteps, shrinkWitness } from "./shrink.js";
import { randomWalk } from "./walk.js";

export interface FuzzOptions {
  /** `depth` is the most actions a walk takes (--max-steps). */
  readonly bounds: Bounds;
  readonly policy: Policy;
  /** 0 .. 2^32 - 1. */
  readonly seed: number;
  readonly runs: number;
  readonly coverage?: boolean;
  /** A clock in milliseconds (the checker has none of its own: it stays deterministic). */
  readonly now?: () => number;
}

/** Which run failed and which shrink candidates were kept. */
export interface ReplayPath {
  readonly run: number;
  readonly steps: readonly number[];
}

/** A failing walk, as found and as shrunk. */
export interface FuzzFailure {
  readonly run: number;
  /** The walk up to its first finding. */
  readonly original: Witness;
  /** The shrunk witness; its scenario maps `pages` pages. */
  readonly witness: Witness;
  readonly pages: number;
  readonly path: ReplayPath;
  /** Shrink candidates checked. */
  readonly tried: number;
}

export interface FuzzResult {
  readonly policy: Policy;
  readonly bounds: Bounds;
  readonly seed: number;
  /** Runs done, the failing one included. */
  readonly runs: number;
  /** Actions stepped over all runs (shrinking not counted). */
  readonly steps: number;
  readonly failure: FuzzFailure | null;
  readonly coverage: Coverage | null;
  readonly seconds: number;
}

/** Runs up to `o.runs` walks; stops at the first failure and shrinks it. Deterministic apart from `seconds`. */
export function fuzz(o: FuzzOptions): FuzzResult {
  const now = o.now ?? ((): number => 0);
  const t0 = now();
  const coverage = o.coverage === true ? createCoverage() : null;
  let steps = 0;
  for (let run = 0; run < o.runs; run++) {
    const walk = randomWalk(runRng(o.seed, run), o.bounds, o.policy, coverage);
    steps += walk.path.length;
    if (walk.finding === null) continue;
    const original: Witness = { class: walk.finding.class, path: walk.path, detail: walk.finding.detail };
    const shrunk = shrinkWitness(original, o.bounds.pages, o.policy);
    const failure: FuzzFailure = {
      run, original, witness: shrunk.witness, pages: shrunk.pages, path: { run, steps: shrunk.steps }, tried: shrunk.tried,
    };
    return { policy: o.policy, bounds: o.bounds, seed: o.seed, runs: run + 1, steps, failure, coverage, seconds: (now() - t0) / 1000 };
  }
  return { policy: o.policy, bounds: o.bounds, seed: o.seed, runs: o.runs, steps, failure: null, coverage, seconds: (now() - t0) / 1000 };
}

/** Why a replay path does not lead to a failure with these options. */
export type ReplayError =
  | { readonly kind: "no-failure"; readonly run: number }
  | { readonly kind: "bad-step"; readonly round: number; readonly index: number };

/** Reruns walk `path.run` alone and applies the recorded shrink steps: the failure `fuzz` printed. */
export function replayFuzz(o: FuzzOptions, path: ReplayPath): { ok: true; result: FuzzResult } | { ok: false; error: ReplayError } {
  const now = o.now ?? ((): number => 0);
  const t0 = now();
  const coverage = o.coverage === true ? createCoverage() : null;
  const walk = randomWalk(runRng(o.seed, path.run), o.bounds, o.policy, coverage);
  if (walk.finding === null) return { ok: false, error: { kind: "no-failure", run: path.run } };
  const original: Witness = { class: walk.finding.class, path: walk.path, detail: walk.finding.detail };
  const shrunk = applyShrinkSteps(original, o.bounds.pages, o.policy, path.steps);
  if (!shrunk.ok) return { ok: false, error: { kind: "bad-step", round: shrunk.round, index: path.steps[shrunk.round] ?? 0 } };
  const failure: FuzzFailure = {
    run: path.run, original, witness: shrunk.result.witness, pages: shrunk.result.pages,
    path: { run: path.run, steps: path.steps.slice() }, tried: shrunk.result.tried,
  };
  const result: FuzzResult = {
    policy: o.policy, bounds: o.bounds, seed: o.seed, runs: 1, steps: walk.path.length, failure, coverage, seconds: (now() - t0) / 1000,
  };
  return { ok: true, result };
}

/** `RUN[:S1[:S2...]]`, each a whole number; null when malformed. */
export function parseReplayPath(text: string): ReplayPath | null {
  const parts = text.trim().split(":");
  if (parts.length > 1000 || !parts.every((p) => /^\d{1,9}$/.test(p))) return null;
  const [run, ...steps] = parts.map(Number);
  return run === undefined ? null : { run, steps };
}

export function formatReplayPath(p: ReplayPath): string {
  return [p.run, ...p.steps].join(":");
}
