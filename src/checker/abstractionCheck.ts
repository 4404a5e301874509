// Is the fingerprint a sound abstraction? The search stores one state per fingerprint and
// expands only the first path to reach it; that is exact only if two states with one
// fingerprint have the same futures: for every action of one an action of the other with the
// same verdict and a successor of the same fingerprint, and so on below those successors (a
// bisimulation). This runs the same BFS keeping each fingerprint's first state and compares it
// with every later state that hashes alike, `steps` actions deep; a mismatch is a pair of paths.
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Policy } from "../kernel/policy.js";
import type { LockState } from "../run/lockStep.js";
import { lockStep } from "../run/lockStep.js";
import type { Action, Bounds, Counters } from "./actions.js";
import { START_COUNTERS, advance, enabledActions } from "./actions.js";
import { startState } from "./explore.js";
import { fingerprint } from "./fingerprint.js";
import type { Encoder } from "./renaming.js";
import { createEncoder } from "./renaming.js";
import { cloneSearchState } from "./snapshot.js";

/** Two paths to one fingerprint whose successors differ. */
export interface AbstractionMismatch {
  readonly first: readonly Action[];
  readonly second: readonly Action[];
  /** A successor (verdict and fingerprint) one of them has and the other lacks. */
  readonly only: string;
  readonly inFirst: boolean;
}

export interface AbstractionReport {
  readonly states: number;
  /** Later paths to a stored fingerprint whose successors were compared with the first's. */
  readonly merges: number;
  readonly mismatch: AbstractionMismatch | null;
}

interface Entry {
  readonly lock: LockState;
  readonly counters: Counters;
  readonly path: readonly Action[];
}

const key = (fp: readonly [number, number]): string => `${fp[0]}:${fp[1]}`;

/** The fingerprint under test (the search's own by default; tests pass a coarser one to see the check fail). */
export type FingerprintFn = (s: LockState, e: Encoder, c: Counters) => [number, number];

/** Each successor as "verdict fingerprint"; states that stop (blocked, unsupported) as "stop". */
function successors(e: Entry, policy: Policy, bounds: Bounds, enc: Encoder, fingerprintOf: FingerprintFn): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const action of enabledActions(e.lock, e.counters, bounds, FIRST_REGION_VPN)) {
    const lock = cloneSearchState(e.lock);
    const v = lockStep(lock, action.op, policy, true, false);
    const path = [...e.path, action];
    const counters = advance(e.counters, action);
    const verdict = v.invariant !== null ? "invariant" : v.divergence ?? (v.stopped ? "stop" : "ok");
    const fp = verdict === "ok" ? key(fingerprintOf(lock, enc, counters)) : "";
    const k = `${verdict} ${fp}`;
    if (!out.has(k)) out.set(k, { lock, counters, path });
  }
  return out;
}

function firstDifference(a: ReadonlyMap<string, Entry>, b: ReadonlyMap<string, Entry>): { only: string; inFirst: boolean } | null {
  for (const k of a.keys()) if (!b.has(k)) return { only: k, inFirst: true };
  for (const k of b.keys()) if (!a.has(k)) return { only: k, inFirst: false };
  return null;
}

/**
 * The first difference between the futures of two states with one fingerprint, `steps` actions
 * deep: their successors, then the successors of each pair of successors with one verdict and
 * fingerprint, and so on. The paths reported are those of the pair where it shows.
 */
function compareFutures(
  a: Entry, b: Entry, steps: number, policy: Policy, bounds: Bounds, enc: Encoder, fingerprintOf: FingerprintFn,
): AbstractionMismatch | null {
  const sa = successors(a, policy, bounds, enc, fingerprintOf);
  const sb = successors(b, policy, bounds, enc, fingerprintOf);
  const diff = firstDifference(sa, sb);
  if (diff !== null) return { first: a.path, second: b.path, ...diff };
  if (steps <= 1) return null;
  for (const [k, next] of sa) {
    const other = sb.get(k);
    if (!k.startsWith("ok ") || other === undefined) continue;
    const deeper = compareFutures(next, other, steps - 1, policy, bounds, enc, fingerprintOf);
    if (deeper !== null) return deeper;
  }
  return null;
}

/** How deep a merge's futures may be compared: each step multiplies the work by the actions per state. */
export const MAX_CHECK_STEPS = 3;

/**
 * BFS to `bounds.depth` that checks, at every merge, that the merged state and the stored one
 * have the same successor fingerprints and verdicts, `steps` actions deep (1 to
 * MAX_CHECK_STEPS). Stops at the first mismatch. Keeps every state as objects: meant for small
 * bounds (tests, `explore --check-abstraction`).
 */
export function checkAbstraction(bounds: Bounds, policy: Policy, fingerprintOf: FingerprintFn = fingerprint, steps = 1): AbstractionReport {
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_CHECK_STEPS) throw new Error(`checker bug: ${steps} steps for the abstraction check`);
  const enc = createEncoder(true);
  const start: Entry = { lock: startState(bounds, policy), counters: START_COUNTERS, path: [] };
  const stored = new Map<string, Entry>([[key(fingerprintOf(start.lock, enc, start.counters)), start]]);
  let frontier: Entry[] = [start];
  let merges = 0;
  for (let depth = 0; depth < bounds.depth && frontier.length > 0; depth++) {
    const next: Entry[] = [];
    for (const parent of frontier) {
      for (const [k, child] of successors(parent, policy, bounds, enc, fingerprintOf)) {
        if (!k.startsWith("ok ")) continue;
        const fp = k.slice(3);
        const first = stored.get(fp);
        if (first === undefined) {
          stored.set(fp, child);
          next.push(child);
          continue;
        }
        merges++;
        const mismatch = compareFutures(first, child, steps, policy, bounds, enc, fingerprintOf);
        if (mismatch !== null) return { states: stored.size, merges, mismatch };
      }
    }
    frontier = next;
  }
  return { states: stored.size, merges, mismatch: null };
}
