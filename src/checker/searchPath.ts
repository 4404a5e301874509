// Paths of the search without path objects: a state is known by its level and index, each level
// keeps per state its parent's index and its action's index, and a witness's actions are rebuilt
// by replaying those indices from the start through the same pack/unpack the search used.
import type { Policy } from "../kernel/policy.js";
import { asPid } from "../kernel/ids.js";
import type { LockState } from "../run/lockStep.js";
import { createLockState, lockStep } from "../run/lockStep.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Action, Bounds, Counters } from "./actions.js";
import { START_COUNTERS, advance, enabledActions } from "./actions.js";
import type { LevelPaths } from "./frontier.js";
import { packState, unpackState } from "./packedState.js";
import { startOp } from "./witness.js";

/** The state after `p: mmap buf N rw`, with p as pid 0. */
export function startState(bounds: Bounds, policy: Policy): LockState {
  const lock = createLockState([asPid(0)]);
  lockStep(lock, startOp(bounds.pages), policy);
  return lock;
}

/** Where the search starts: the mmap, then the prefix (which must not diverge: it is the user's setup). */
export interface SearchStart {
  readonly lock: LockState;
  readonly counters: Counters;
  readonly prefix: readonly Action[];
}

export function searchStart(bounds: Bounds, policy: Policy, prefix: readonly Action[] = []): SearchStart {
  const lock = startState(bounds, policy);
  let counters = START_COUNTERS;
  for (const action of prefix) {
    lockStep(lock, action.op, policy);
    counters = advance(counters, action);
  }
  return { lock, counters, prefix };
}

/** The action indices from the start to state `index` of level `level` (levels[0] is the start). */
export function actionIndices(levels: readonly LevelPaths[], level: number, index: number): number[] {
  const ks: number[] = [];
  for (let l = level, i = index; l > 0; l--) {
    const paths = levels[l];
    // Every level up to the current one has its paths recorded before it is expanded.
    if (paths === undefined) throw new Error(`checker bug: no paths for level ${l}`);
    ks.push(paths.actions[i] as number);
    i = paths.parents[i] as number;
  }
  return ks.reverse();
}

/** The prefix and then the actions the indices name, each in the state the ones before it reach. */
export function replayIndices(start: SearchStart, bounds: Bounds, policy: Policy, ks: readonly number[]): Action[] {
  const out = [...start.prefix];
  let packed = packState(start.lock, start.counters);
  for (let j = 0; j < ks.length; j++) {
    const { lock, counters } = unpackState(packed);
    const action = enabledActions(lock, counters, bounds, FIRST_REGION_VPN)[ks[j] as number];
    // The indices were recorded by a search over these very states.
    if (action === undefined) throw new Error(`checker bug: action ${ks[j]} is not enabled at step ${j} of a replayed path`);
    out.push(action);
    if (j === ks.length - 1) break;
    lockStep(lock, action.op, policy, false, false);
    packed = packState(lock, advance(counters, action));
  }
  return out;
}
