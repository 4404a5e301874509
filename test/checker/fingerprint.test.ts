// fingerprint: the stored 64-bit values are a fixed function of the state. Digests of every
// state's canonical and raw fingerprints along every action path, pinned when the stream was
// last changed, keep recorded counts and shard files valid across rewrites of the encoder.
import { describe, expect, it } from "vitest";
import type { Bounds, Counters } from "../../src/checker/index.js";
import { CHECKER_VERBS, DEFAULT_VERBS, START_COUNTERS, createEncoder, enabledActions, fingerprint, startState } from "../../src/checker/index.js";
import { advance } from "../../src/checker/actions.js";
import { cloneSearchState } from "../../src/checker/snapshot.js";
import type { CheckerVerb } from "../../src/checker/verbs.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import type { LockState } from "../../src/run/lockStep.js";
import { createLockState, lockStep } from "../../src/run/lockStep.js";
import { FIRST_REGION_VPN, loadScenario } from "../../src/scenario/index.js";
import { RICH } from "./richState.js";

const canonical = createEncoder(true);
const raw = createEncoder(false);

/** Folds both fingerprints of a state into a running 32-bit digest. */
function fold(h: number, lock: LockState, counters: Counters): number {
  let d = h;
  for (const e of [canonical, raw]) {
    const [lo, hi] = fingerprint(lock, e, counters);
    d = Math.imul(Math.imul(d ^ lo, 16777619) ^ hi, 16777619);
  }
  return d;
}

/** Every state of every path of at most `depth` actions (no merging), in action order. */
function pathDigest(version: string, verbs: readonly CheckerVerb[], depth: number): { n: number; h: number; start: number[] } {
  const policy = policyFor(parseVersion(version)!);
  const bounds: Bounds = { procs: 2, pages: 2, pins: 2, depth, values: 2, verbs };
  let h = 0x811c9dc5;
  let n = 0;
  const visit = (lock: LockState, counters: Counters, d: number): void => {
    h = fold(h, lock, counters);
    n++;
    if (d === depth) return;
    for (const a of enabledActions(lock, counters, bounds, FIRST_REGION_VPN)) {
      const next = cloneSearchState(lock);
      const v = lockStep(next, a.op, policy, true, false);
      if (!v.stopped && v.divergence === null && v.invariant === null) visit(next, advance(counters, a), d + 1);
    }
  };
  const start = startState(bounds, policy);
  visit(start, START_COUNTERS, 0);
  return { n, h: h >>> 0, start: fingerprint(start, canonical, START_COUNTERS) };
}


/** Every state of RICH (KSM, rings, swap, shmem, pins, pipes). */
function richDigest(version: string): { n: number; h: number } {
  const policy = policyFor(parseVersion(version)!);
  const loaded = loadScenario(RICH, "rich.cow");
  if (!loaded.ok) throw new Error(loaded.diagnostics[0]?.message);
  const lock = createLockState([0 as never]);
  let h = 0x811c9dc5;
  for (const st of loaded.program.steps) {
    lockStep(lock, st.op, policy);
    h = fold(h, lock, START_COUNTERS);
  }
  return { n: loaded.program.steps.length, h: h >>> 0 };
}

describe("fingerprint", () => {
  it("gives the pinned fingerprints on every path of 3 default actions on 6.18", () => {
    expect(pathDigest("6.18", DEFAULT_VERBS, 3)).toEqual({ n: 27044, h: 3381717292, start: [2650298493, 1777200259] });
  });

  it("gives the pinned fingerprints on every path of 2 actions on 5.4 (default verbs) and 5.10 (every verb)", () => {
    expect(pathDigest("5.4", DEFAULT_VERBS, 2)).toEqual({ n: 875, h: 1632383570, start: [2650298493, 1777200259] });
    expect(pathDigest("5.10", CHECKER_VERBS, 2)).toEqual({ n: 1739, h: 2633918831, start: [2650298493, 1777200259] });
  });

  it("gives the pinned fingerprints on a scenario with KSM, rings, swap, shmem, pins and pipes", () => {
    expect(richDigest("4.4")).toEqual({ n: 23, h: 1076483460 });
    expect(richDigest("5.10")).toEqual({ n: 23, h: 1034821164 });
    expect(richDigest("6.18")).toEqual({ n: 23, h: 962198666 });
  });
});
