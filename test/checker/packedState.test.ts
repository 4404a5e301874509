// packState / unpackState: a packed search state unpacks to the state the per-transition copy
// (cloneSearchState) gives, packs back to the same words, and steps exactly like the original
// under every enabled action: same outcome, events, verdict, resulting state and fingerprint.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Action, Bounds, Counters } from "../../src/checker/index.js";
import { CHECKER_VERBS, START_COUNTERS, createEncoder, enabledActions, fingerprint, startState } from "../../src/checker/index.js";
import { advance } from "../../src/checker/actions.js";
import { packState, unpackState } from "../../src/checker/packedState.js";
import { cloneSearchState } from "../../src/checker/snapshot.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import type { Policy } from "../../src/kernel/policy.js";
import type { LockState } from "../../src/run/lockStep.js";
import { createLockState, lockStep } from "../../src/run/lockStep.js";
import type { Program } from "../../src/scenario/index.js";
import { FIRST_REGION_VPN, loadScenario } from "../../src/scenario/index.js";
import { randomProgram } from "../helpers/randomProgram.js";
import { RICH } from "./richState.js";

const POLICIES = ["4.4", "5.4", "5.8", "5.10", "5.19", "6.1", "6.18"].map((v) => policyFor(parseVersion(v)!));
const ALL: Bounds = { procs: 3, pages: 2, pins: 2, depth: 8, values: 3, verbs: CHECKER_VERBS };
const canonical = createEncoder(true);
const raw = createEncoder(false);

/** Map-likes (Map, FrameTable, the kernel's page tables) as their entries in iteration order, recursively. */
function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (x === null || typeof x !== "object") return x;
  const m = x as { entries?: unknown; get?: unknown };
  if (typeof m.entries === "function" && typeof m.get === "function") {
    return { entries: [...(x as Map<unknown, unknown>).entries()].map(([k, v]) => [k, plain(v)]) };
  }
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
}

/**
 * Checks one state: deep equality, word-for-word repacking, and lock-step agreement under `next`
 * and, with `sweep`, under every action the search may take from it.
 */
function checkState(s: LockState, counters: Counters, policy: Policy, next: readonly Action[], sweep: boolean): void {
  const packed = packState(s, counters);
  const back = unpackState(packed);
  expect(back.counters).toEqual(counters);
  expect(plain(back.lock)).toEqual(plain(cloneSearchState(s)));
  expect(packState(back.lock, back.counters)).toEqual(packed);
  for (const action of sweep ? [...next, ...enabledActions(s, counters, ALL, FIRST_REGION_VPN)] : next) {
    const a = cloneSearchState(s);
    const b = unpackState(packed).lock;
    const va = lockStep(a, action.op, policy, true, true);
    const vb = lockStep(b, action.op, policy, true, true);
    expect(vb).toEqual(va);
    expect(plain(b)).toEqual(plain(a));
    const next = advance(counters, action);
    expect(fingerprint(b, canonical, next)).toEqual(fingerprint(a, canonical, next));
    expect(fingerprint(b, raw, next)).toEqual(fingerprint(a, raw, next));
  }
}

/** Steps the program, checking every state on the way; stops where run would (a blocked or unsupported op). */
function checkProgram(program: Program, policy: Policy, sweep: boolean): number {
  const s = createLockState(program.processes.filter((x) => x.initial).map((x) => x.pid));
  let counters = START_COUNTERS;
  let states = 0;
  for (const st of program.steps) {
    // The verb only labels the action; stepping and counting read the op.
    const action: Action = { verb: "write", op: st.op };
    checkState(s, counters, policy, [action], sweep);
    states++;
    if (lockStep(s, st.op, policy).stopped) return states;
    counters = advance(counters, action);
  }
  checkState(s, counters, policy, [], sweep);
  return states + 1;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const corpus = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? corpus(join(dir, e.name)) : e.name.endsWith(".cow") ? [join(dir, e.name)] : []));

describe("packedState", () => {
  it("round-trips every state of every corpus scenario on 4.4, 5.8 and 6.18", () => {
    let states = 0;
    for (const file of corpus(join(ROOT, "scenarios"))) {
      const loaded = loadScenario(readFileSync(file, "utf8"), file);
      if (!loaded.ok) continue;
      for (const p of [POLICIES[0]!, POLICIES[2]!, POLICIES[6]!]) states += checkProgram(loaded.program, p, false);
    }
    expect(states).toBeGreaterThan(500);
  });

  it("round-trips a scenario holding every kind of kernel state: KSM, a 2-page ring, swap, shmem swap, pins, pipe buffers", () => {
    const loaded = loadScenario(RICH, "rich.cow");
    if (!loaded.ok) throw new Error(loaded.diagnostics[0]?.message);
    for (const p of POLICIES) checkProgram(loaded.program, p, p === POLICIES[3]);
    const seen = new Set<string>();
    const s = createLockState([0 as never]);
    for (const st of loaded.program.steps) {
      lockStep(s, st.op, POLICIES[3]!);
      const w = s.world;
      if ([...w.frames.values()].some((f) => f.ksm)) seen.add("ksm");
      if ([...w.rings.values()].some((r) => (r.pfns?.length ?? 0) > 1)) seen.add("ring");
      if ([...w.mms.values()].some((mm) => [...mm.ptes.values()].some((x) => !x.present))) seen.add("swap-pte");
      if ([...w.frames.values()].some((f) => f.swapCache !== null)) seen.add("swap-cache");
      if (w.shmemSwap.size > 0 && [...w.shmemSwap.values()].some((m) => m.size > 0)) seen.add("shmem-swap");
      if (w.pins.size > 1) seen.add("pins");
      if ([...w.pipes.values()].some((b) => b.length > 1)) seen.add("pipe");
    }
    expect([...seen].sort()).toEqual(["ksm", "pins", "pipe", "ring", "shmem-swap", "swap-cache", "swap-pte"]);
  });

  it("reports a packed state cut short or followed by more words, at every cut of a rich state", () => {
    const loaded = loadScenario(RICH, "rich.cow");
    if (!loaded.ok) throw new Error(loaded.diagnostics[0]?.message);
    const s = createLockState([0 as never]);
    for (const st of loaded.program.steps) lockStep(s, st.op, POLICIES[3]!);
    const packed = packState(s, START_COUNTERS);
    expect(packed.length).toBeGreaterThan(50);
    for (let cut = 0; cut < packed.length; cut++) expect(() => unpackState(packed.slice(0, cut))).toThrow(/packed state bug/);
    expect(() => unpackState(Int32Array.from([...packed, 0]))).toThrow(/packed state bug/);
  });

  it("round-trips every state of random programs on several policies (seed 42)", () => {
    const arb = fc.tuple(randomProgram({ maxActions: 10 }), fc.nat(POLICIES.length - 1));
    fc.assert(fc.property(arb, ([scenario, p]) => {
      checkProgram(scenario.program, POLICIES[p]!, true);
    }), { seed: 42, numRuns: 30 });
  });

  it("round-trips every state of random walks through the search's own actions, all verbs (seed 42)", () => {
    const arb = fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), fc.nat(POLICIES.length - 1));
    fc.assert(fc.property(arb, ([choices, p]) => {
      const policy = POLICIES[p]!;
      const s = startState(ALL, policy);
      let counters = START_COUNTERS;
      for (const c of choices) {
        checkState(s, counters, policy, [], true);
        const actions = enabledActions(s, counters, ALL, FIRST_REGION_VPN);
        const action = actions[c % actions.length] as Action;
        if (lockStep(s, action.op, policy).stopped) break;
        counters = advance(counters, action);
      }
    }), { seed: 42, numRuns: 40 });
  });

  it("folds the dead logical pages of a family into one, as the per-transition copy does", () => {
    const policy = POLICIES[6]!;
    const s = startState(ALL, policy);
    const c0: Counters = { ...START_COUNTERS, letters: 1 };
    const op = (kind: "write" | "dontneed", value = 65): Action["op"] => kind === "write"
      ? { kind: "write", pid: 0 as never, range: { start: FIRST_REGION_VPN, pages: 1 }, value }
      : { kind: "madvise", pid: 0 as never, range: { start: FIRST_REGION_VPN, pages: 1 }, advice: "dontneed" };
    for (const o of [op("write"), op("dontneed"), op("write", 66), op("dontneed"), op("write", 67)]) lockStep(s, o, policy);
    const back = unpackState(packState(s, c0)).lock;
    expect(back.ideal.pages.size).toBeLessThan(s.ideal.pages.size);
    expect(plain(back.ideal)).toEqual(plain(cloneSearchState(s).ideal));
  });
});
