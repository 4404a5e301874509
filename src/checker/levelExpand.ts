// Expanding one state of a BFS level: every enabled action, in enabledActions order, on a fresh
// unpacking of the packed parent (the last action steps the copy the actions were listed from).
// Pure: the caller's sink decides what a new state or a finding means, so the sequential search
// and worker threads (which check only the levels above) share this very loop.
// The invariants are checked once per state, not once per transition: a state the sink has seen
// passed them when it was stored (a state breaking one is never stored), and the fingerprint
// holds all of the world they read, up to renaming, which they do not see.
import type { Policy } from "../kernel/policy.js";
import type { LockState } from "../run/lockStep.js";
import { firstBrokenInvariant, invariantsApply, lockStep } from "../run/lockStep.js";
import { violationText } from "../kernel/invariants.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Bounds, Counters } from "./actions.js";
import { advance, enabledActions } from "./actions.js";
import type { Coverage } from "./coverage.js";
import { recordDecisions } from "./coverage.js";
import { fingerprint } from "./fingerprint.js";
import type { PackedLevel } from "./frontier.js";
import { stateWords } from "./frontier.js";
import { unpackState } from "./packedState.js";
import type { FindingClass, ShardSpec } from "./outcome.js";
import type { Encoder } from "./renaming.js";

/** What expanding needs; one per search (or per worker thread), `transitions` counting as it goes. */
export interface Expansion {
  readonly bounds: Bounds;
  readonly policy: Policy;
  readonly invariants: boolean;
  readonly coverage: Coverage | null;
  readonly encoder: Encoder;
  /** Applies to the start level only (depth 0). */
  readonly shard: ShardSpec | undefined;
  transitions: number;
}

/** Receives, in (parent, action) order, what each transition led to. */
export interface ExpansionSink {
  /** Whether the state with this fingerprint is new to the sink (else candidate would ignore it). */
  isNew(lo: number, hi: number): boolean;
  /** A state new to the sink that neither diverged nor stopped, with its fingerprint. */
  candidate(parent: number, k: number, lo: number, hi: number, lock: LockState, counters: Counters): void;
  /** A divergence or broken invariant at action k of `parent`; true stops the expansion there. */
  finding(parent: number, k: number, cls: FindingClass, detail: string): boolean;
}

/** The last action index of `count` that the shard (if any) takes. */
function lastTaken(count: number, shard: ShardSpec | undefined): number {
  if (shard === undefined) return count - 1;
  let k = count - 1;
  while (k >= 0 && k % shard.count !== shard.index) k--;
  return k;
}

/** Expands state i of a level at `depth`; true when the sink stopped it. */
export function expandState(x: Expansion, level: PackedLevel, i: number, depth: number, sink: ExpansionSink): boolean {
  const words = stateWords(level, i);
  const parent = unpackState(words);
  const actions = enabledActions(parent.lock, parent.counters, x.bounds, FIRST_REGION_VPN);
  const shard = depth === 0 ? x.shard : undefined;
  const last = lastTaken(actions.length, shard);
  for (let k = 0; k <= last; k++) {
    if (shard !== undefined && k % shard.count !== shard.index) continue;
    const action = actions[k];
    // enabledActions returned `actions.length` entries, and last < actions.length.
    if (action === undefined) throw new Error("checker bug: action index out of range");
    const lock = k === last ? parent.lock : unpackState(words).lock;
    // Events only feed --coverage; without it the kernel records none.
    const v = lockStep(lock, action.op, x.policy, false, x.coverage !== null);
    x.transitions++;
    if (x.coverage !== null) recordDecisions(x.coverage, v.events);
    let counters: Counters | null = null;
    let lo = 0;
    let hi = 0;
    if (v.divergence === null && !v.stopped) {
      counters = advance(parent.counters, action);
      [lo, hi] = fingerprint(lock, x.encoder, counters);
      if (!sink.isNew(lo, hi)) continue;
    }
    // A new state, or a step that diverged or stopped: a broken invariant outranks a divergence.
    const invariant = x.invariants && invariantsApply(v) ? firstBrokenInvariant(lock.world, x.policy) : null;
    if (invariant !== null) {
      if (sink.finding(i, k, "invariant", violationText(invariant))) return true;
    } else if (v.divergence !== null) {
      if (sink.finding(i, k, v.divergence, "")) return true;
    } else if (counters !== null) {
      sink.candidate(i, k, lo, hi, lock, counters);
    }
  }
  return false;
}
