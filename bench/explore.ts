// Explorer throughput at 2 processes x 2 pages, default verbs, on 6.18: canonical states per
// second, transitions per second, bytes per stored state and per frontier state, the states
// that canonical renaming saves against raw fingerprints, and the speed-up of --workers 2
// over one thread at depth 5 (threads take a second to start and warm up: depth 4 is too
// short to show it), measured in the same run; the result must be the same search. Then
// `--kernel all` at depth 4: the shared search of every kernel against one search per kernel,
// and against the same shared search with --workers 2.
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { DEFAULT_VERBS, explore, exploreAll } from "../src/checker/index.js";
import type { Bounds, ExploreResult } from "../src/checker/index.js";
import { exploreSharedWithWorkers, exploreWithWorkers } from "../src/cli/exploreThreads.js";
import { distinctPolicies, formatVersion, policyFor } from "../src/history/index.js";

export const name = "explore";

const TARGET_STATES_PER_S = 110_000;
const DEPTH = 4;
const WORKERS_DEPTH = 5;
const ALL_DEPTH = 4;
const policy = policyFor({ major: 6, minor: 18 });
const now = (): number => performance.now();

function bounds(depth: number): Bounds {
  return { procs: 2, pages: 2, pins: 1, depth, values: 2, verbs: DEFAULT_VERBS };
}

/** The search's counts, for checking that two ways of running it are the same search. */
const counts = (r: ExploreResult): string => `${r.stats.states} states, ${r.stats.transitions} transitions, ${r.witnesses.length} witnesses`;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Throughput at `depth` in this thread. */
function oneThread(print: (line: string) => void, depth: number): ExploreResult {
  collectGarbage();
  const r = explore({ bounds: bounds(depth), policy, all: true, now });
  const s = r.stats;
  const statesPerS = s.states / s.seconds;
  print(`6.18, 2 procs x 2 pages, default verbs, depth ${s.depth}: ${s.states} states, ${s.transitions} transitions, ${s.seconds.toFixed(1)} s`);
  print(`  ${Math.round(statesPerS)} states/s (target ${TARGET_STATES_PER_S}: ${(statesPerS / TARGET_STATES_PER_S * 100).toFixed(1)}%), ${Math.round(s.transitions / s.seconds)} transitions/s, ${(1e6 * s.seconds / s.transitions).toFixed(1)} µs/transition`);
  print(`  visited table: ${s.tableBytes} bytes, ${(s.tableBytes / s.states).toFixed(1)} bytes per stored state (8 per fingerprint at load <= 1/2)`);
  const fs = s.frontierStates ?? 0;
  print(`  largest level: ${fs} states in ${s.frontierBytes ?? 0} bytes, ${fs === 0 ? 0 : ((s.frontierBytes ?? 0) / fs).toFixed(0)} bytes per frontier state (packed words, offset, parent, action)`);
  return r;
}

/** Prints throughput at DEPTH and WORKERS_DEPTH, the renaming saving at depth 3, and the speed-up of --workers 2. */
export async function run(print: (line: string) => void): Promise<void> {
  oneThread(print, DEPTH);
  const canonical = explore({ bounds: bounds(3), policy, all: true });
  const raw = explore({ bounds: bounds(3), policy, all: true, canonical: false });
  const saved = raw.stats.states - canonical.stats.states;
  print(`renaming at depth 3: ${canonical.stats.states} canonical vs ${raw.stats.states} raw states (${saved} saved, ${(100 * saved / raw.stats.states).toFixed(1)}%)`);
  const one = oneThread(print, WORKERS_DEPTH);
  collectGarbage();
  const t0 = now();
  const two = await exploreWithWorkers({ bounds: bounds(WORKERS_DEPTH), policy, all: true, now }, "6.18", 2);
  const seconds = (now() - t0) / 1000;
  const same = counts(two) === counts(one) ? "the same search" : `NOT the same search: ${counts(two)} vs ${counts(one)}`;
  print(`--workers 2 at depth ${WORKERS_DEPTH}: ${seconds.toFixed(1)} s vs ${one.stats.seconds.toFixed(1)} s in one thread, speed-up ${(one.stats.seconds / seconds).toFixed(2)}x on ${availableParallelism()} cores (${same})`);
  await allKernels(print);
}

/** `--kernel all`: every distinct policy in one shared search, against one search per policy and against 2 threads, same bounds. */
async function allKernels(print: (line: string) => void): Promise<void> {
  const b = bounds(ALL_DEPTH);
  collectGarbage();
  const shared = exploreAll({ bounds: b, now });
  collectGarbage();
  const t0 = now();
  const alone = distinctPolicies().map((g) => explore({ bounds: b, policy: g.policy, all: true }));
  const seconds = (now() - t0) / 1000;
  const same = alone.every((r, i) => counts(r) === counts(shared.groups[i]?.result as ExploreResult)) ? "every kernel's counts the same" : "NOT the same counts";
  const st = shared.stats;
  print(`--kernel all, ${alone.length} policies, depth ${ALL_DEPTH}: shared ${st.seconds.toFixed(1)} s vs ${seconds.toFixed(1)} s one search per kernel, speed-up ${(seconds / st.seconds).toFixed(2)}x (${same})`);
  print(`  ${st.states} distinct states for ${st.kernelStates} kernel states (${(st.kernelStates / st.states).toFixed(1)}x), ${st.steps} steps for ${st.kernelTransitions} transitions (${(st.kernelTransitions / st.steps).toFixed(1)}x), ${(1e6 * st.seconds / st.steps).toFixed(1)} µs/step`);
  collectGarbage();
  const groups = distinctPolicies();
  const t1 = now();
  const two = await exploreSharedWithWorkers({ bounds: b, now }, groups.map((g) => g.policy), groups.map((g) => formatVersion(g.from)), 2);
  const twoSeconds = (now() - t1) / 1000;
  const sameTwo = two.results.every((r, i) => counts(r) === counts(shared.groups[i]?.result as ExploreResult)) ? "the same search" : "NOT the same search";
  print(`--kernel all --workers 2 at depth ${ALL_DEPTH}: ${twoSeconds.toFixed(1)} s vs ${st.seconds.toFixed(1)} s in one thread, speed-up ${(st.seconds / twoSeconds).toFixed(2)}x (${sameTwo})`);
}
