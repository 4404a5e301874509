import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Action, Bounds, Counters } from "../../src/checker/index.js";
import { CHECKER_VERBS, START_COUNTERS, enabledActions, packState, startState, unpackState } from "../../src/checker/index.js";
import { createPolicyTracer } from "../../src/checker/policyTracer.js";
import { distinctPolicies, parseVersion, policyFor } from "../../src/history/index.js";
import type { Pid } from "../../src/kernel/ids.js";
import type { Op } from "../../src/kernel/ops.js";
import type { Policy } from "../../src/kernel/policy.js";
import type { LockState } from "../../src/run/lockStep.js";
import { lockStep } from "../../src/run/lockStep.js";
import { FIRST_REGION_VPN } from "../../src/scenario/index.js";
import { advance } from "../../src/checker/actions.js";

const policy = (v: string): Policy => policyFor(parseVersion(v) ?? (() => { throw new Error(v); })());

/** Everything a step decides: the verdict, the outcome, and the packed state it leaves. */
function stepped(lock: LockState, op: Op, p: Policy, counters: Counters): string {
  const v = lockStep(lock, op, p, true, false);
  return JSON.stringify([v.divergence, v.invariant, v.stopped, v.outcome, [...packState(lock, counters)]]);
}

/**
 * Steps `packed` by `op` once per class the tracer forms, and checks that every kernel of a class,
 * stepped alone with its plain policy, does exactly what the class's first kernel did.
 */
function checkClasses(packed: Int32Array, action: Action, plain: readonly Policy[]): number {
  const tracer = createPolicyTracer(plain);
  let left = tracer.all;
  let classes = 0;
  while (left !== 0) {
    const g = 31 - Math.clz32(left & -left);
    const lock = unpackState(packed).lock;
    tracer.trace.agree = left;
    tracer.trace.world = lock.world;
    const counters = advance(unpackState(packed).counters, action);
    const traced = stepped(lock, action.op, tracer.policies[g] as Policy, counters);
    const cls = tracer.trace.agree;
    expect(cls & (1 << g)).not.toBe(0);
    for (let h = 0; h < plain.length; h++) {
      if ((cls & (1 << h)) === 0) continue;
      expect(stepped(unpackState(packed).lock, action.op, plain[h] as Policy, counters), `${plain[h]?.era} with ${plain[g]?.era}`).toBe(traced);
    }
    left &= ~cls;
    classes++;
  }
  return classes;
}

/** An action drawn by verb first, then among that verb's actions, from one number. */
function familyFirst(actions: readonly Action[], c: number): Action {
  const verbs = [...new Set(actions.map((a) => a.verb))];
  const verb = verbs[c % verbs.length];
  const mine = actions.filter((a) => a.verb === verb);
  return mine[Math.floor(c / verbs.length) % mine.length] as Action;
}

const write = (page: number): Op => ({ kind: "write", pid: 0 as Pid, range: { start: FIRST_REGION_VPN + page, pages: 1 }, value: 65 });

describe("policyTracer", () => {
  it("puts in one class only kernels that step alike, on random walks with every verb", () => {
    const plain = distinctPolicies().map((g) => g.policy);
    const bounds: Bounds = { procs: 2, pages: 3, pins: 2, depth: 12, values: 2, verbs: CHECKER_VERBS };
    let classes = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.nat(plain.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (walker, choices) => {
        const walkPolicy = plain[walker] as Policy;
        const lock = startState(bounds, walkPolicy);
        let counters = START_COUNTERS;
        for (const c of choices) {
          const actions = enabledActions(lock, counters, bounds, FIRST_REGION_VPN);
          if (actions.length === 0) return;
          const packed = packState(lock, counters);
          // Three actions of this state, one of them the walk's next; a verb first, so that rare ones are drawn.
          const picks = [0, 1, 2].map((j) => familyFirst(actions, c + j * 7919));
          for (const a of picks) {
            classes += checkClasses(packed, a, plain);
            steps++;
          }
          const a = picks[0] as Action;
          const v = lockStep(lock, a.op, walkPolicy, true, false);
          if (v.divergence !== null || v.invariant !== null || v.stopped) return;
          counters = advance(counters, a);
        }
      }),
      { seed: 42, numRuns: 60 },
    );
    // The classes are not all singletons: kernels do share steps.
    expect(classes).toBeLessThan(steps * plain.length / 3);
  });

  it("tells kernels apart by whether the LRU batch is full, not by its size", () => {
    const a = policy("4.16");
    const b: Policy = { ...a, lruBatchSize: a.lruBatchSize - 1 };
    const bounds: Bounds = { procs: 1, pages: 20, pins: 0, depth: 1, values: 1, verbs: CHECKER_VERBS };
    const lock = startState(bounds, a);
    const split: number[] = [];
    for (let page = 0; page < 20; page++) {
      const packed = packState(lock, START_COUNTERS);
      const classes = checkClasses(packed, { verb: "write", op: write(page) }, [a, b]);
      const alike = stepped(unpackState(packed).lock, write(page), a, START_COUNTERS) === stepped(unpackState(packed).lock, write(page), b, START_COUNTERS);
      expect(classes === 1).toBe(alike);
      if (classes === 2) split.push(page);
      lockStep(lock, write(page), a, true, false);
    }
    // b drains one page earlier than a; after a drains too, both batches refill alike.
    expect(split.length).toBeGreaterThan(0);
    expect(split.length).toBeLessThan(20);
  });

  it("makes a step that reads the version its own kernel's alone", () => {
    const plain = [policy("5.10"), policy("5.11")];
    const tracer = createPolicyTracer(plain);
    tracer.trace.agree = tracer.all;
    expect(tracer.policies[0]?.version).toEqual(plain[0]?.version);
    expect(tracer.trace.agree).toBe(1);
  });
});
