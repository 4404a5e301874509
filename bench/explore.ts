// Explorer throughput at 2 processes x 2 pages, default verbs, on 6.18: canonical states per
// second, transitions per second and bytes per stored state, and the states that canonical
// renaming saves against raw fingerprints at a smaller depth. --workers is not built yet.
import { performance } from "node:perf_hooks";
import { DEFAULT_VERBS, explore } from "../src/checker/index.js";
import type { Bounds } from "../src/checker/index.js";
import { policyFor } from "../src/history/index.js";

export const name = "explore";

const TARGET_STATES_PER_S = 110_000;

function bounds(depth: number): Bounds {
  return { procs: 2, pages: 2, pins: 1, depth, values: 2, verbs: DEFAULT_VERBS };
}

/** Prints throughput at depth 4 and the renaming saving at depth 3. */
export async function run(print: (line: string) => void): Promise<void> {
  const policy = policyFor({ major: 6, minor: 18 });
  const now = (): number => performance.now();
  const r = explore({ bounds: bounds(4), policy, all: true, now });
  const s = r.stats;
  const statesPerS = s.states / s.seconds;
  print(`6.18, 2 procs x 2 pages, default verbs, depth ${s.depth}: ${s.states} states, ${s.transitions} transitions, ${s.seconds.toFixed(1)} s`);
  print(`  ${Math.round(statesPerS)} states/s (target ${TARGET_STATES_PER_S}: ${(statesPerS / TARGET_STATES_PER_S * 100).toFixed(1)}%), ${Math.round(s.transitions / s.seconds)} transitions/s, ${(1e6 * s.seconds / s.transitions).toFixed(1)} µs/transition`);
  print(`  visited table: ${s.tableBytes} bytes, ${(s.tableBytes / s.states).toFixed(1)} bytes per stored state (8 per fingerprint at load <= 1/2)`);
  const canonical = explore({ bounds: bounds(3), policy, all: true });
  const raw = explore({ bounds: bounds(3), policy, all: true, canonical: false });
  const saved = raw.stats.states - canonical.stats.states;
  print(`renaming at depth 3: ${canonical.stats.states} canonical vs ${raw.stats.states} raw states (${saved} saved, ${(100 * saved / raw.stats.states).toFixed(1)}%)`);
  print("--workers 2: not built yet");
}
