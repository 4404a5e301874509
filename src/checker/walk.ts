// One random walk of the fuzzer: from the start state (`p: mmap buf N rw`), draw one enabled
// action at a time — a verb family first, then one of its actions, so that families with many
// variants (writes of each letter to each page) do not crowd out rare ones (vmsplice, pins) —
// and step kernel and ideal in lock-step until the first divergence, a broken invariant, a
// blocked op, or the step bound.
import { violationText } from "../kernel/invariants.js";
import type { Policy } from "../kernel/policy.js";
import { lockStep } from "../run/lockStep.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Action, Bounds, Counters } from "./actions.js";
import { START_COUNTERS, advance, enabledActions } from "./actions.js";
import type { Coverage } from "./coverage.js";
import { recordDecisions } from "./coverage.js";
import { startState } from "./explore.js";
import type { FindingClass } from "./outcome.js";
import type { Rng } from "../run/rng.js";
import { nextInt, pick } from "../run/rng.js";
import type { CheckerVerb } from "./verbs.js";

/** What one walk did. */
export interface WalkResult {
  /** The actions taken after the mmap; with a finding, the last one is where it shows. */
  readonly path: readonly Action[];
  readonly finding: { readonly class: FindingClass; readonly detail: string } | null;
}

/** Draws an action: a verb family uniformly among those enabled, then one of its actions uniformly. */
export function drawAction(rng: Rng, actions: readonly Action[]): Action {
  const byVerb = new Map<CheckerVerb, Action[]>();
  for (const a of actions) {
    const list = byVerb.get(a.verb);
    if (list === undefined) byVerb.set(a.verb, [a]);
    else list.push(a);
  }
  const families = [...byVerb.values()];
  const family = families[nextInt(rng, families.length)] ?? [];
  return pick(rng, family);
}

/** Runs one walk of at most `bounds.depth` actions; `coverage` (when given) counts its decisions. */
export function randomWalk(rng: Rng, bounds: Bounds, policy: Policy, coverage: Coverage | null = null): WalkResult {
  const lock = startState(bounds, policy);
  const path: Action[] = [];
  let counters: Counters = START_COUNTERS;
  while (path.length < bounds.depth) {
    const actions = enabledActions(lock, counters, bounds, FIRST_REGION_VPN);
    if (actions.length === 0) break;
    const action = drawAction(rng, actions);
    const v = lockStep(lock, action.op, policy, true, coverage !== null);
    path.push(action);
    if (coverage !== null) recordDecisions(coverage, v.events);
    if (v.invariant !== null) return { path, finding: { class: "invariant", detail: violationText(v.invariant) } };
    if (v.divergence !== null) return { path, finding: { class: v.divergence, detail: "" } };
    if (v.stopped) break;
    counters = advance(counters, action);
  }
  return { path, finding: null };
}
