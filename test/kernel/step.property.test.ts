import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customPolicy, distinctPolicies } from "../../src/history/index.js";
import type { Ctx } from "../../src/kernel/context.js";
import { GUP_PIN_COUNTING_BIAS, putPage } from "../../src/kernel/frame.js";
import type { Pid } from "../../src/kernel/ids.js";
import { asPid, asPinId } from "../../src/kernel/ids.js";
import { checkInvariants } from "../../src/kernel/invariants.js";
import { lruAddDrain } from "../../src/kernel/lru.js";
import type { Op } from "../../src/kernel/ops.js";
import type { Policy } from "../../src/kernel/policy.js";
import type { World } from "../../src/kernel/state.js";
import { step } from "../../src/kernel/step.js";
import { cloneWorld, createWorld } from "../../src/kernel/world.js";
import { BUF, policyOf } from "./harness.js";

/** A core op, or a test action on holders the core does not own (a faked pin, unpin, LRU drain). */
type Action = { readonly op: Op } | { readonly pin: Pid; readonly vpn: number } | { readonly unpin: number } | { readonly drain: true };

const PIDS = [1, 2, 3].map(asPid);
const pid = fc.oneof({ arbitrary: fc.constant(PIDS[0] as Pid), weight: 3 }, { arbitrary: fc.constantFrom(...PIDS), weight: 2 });
/** Pages BUF..BUF+5 are private, BUF+7..BUF+8 shared (the prelude), BUF+6 and BUF+9 holes. */
const vpn = fc.oneof({ arbitrary: fc.integer({ min: BUF, max: BUF + 5 }), weight: 4 }, { arbitrary: fc.integer({ min: BUF + 6, max: BUF + 9 }), weight: 1 });
const range = fc.record({ start: vpn, pages: fc.integer({ min: 1, max: 2 }) });
const prot = fc.constantFrom("rw" as const, "rw" as const, "rw" as const, "ro" as const, "none" as const);
const advice = fc.constantFrom("dontneed" as const, "dontfork" as const, "dofork" as const, "wipeonfork" as const, "keeponfork" as const);
const w = <T>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary, weight });
const op = <T extends Op>(a: fc.Arbitrary<T>): fc.Arbitrary<Action> => a.map((o) => ({ op: o }));

const action: fc.Arbitrary<Action> = fc.oneof(
  w(op(fc.record({ kind: fc.constant("mmap" as const), pid, range, prot, shared: fc.boolean(), hugetlb: fc.constant(false), file: fc.constant(null) })), 1),
  w(op(fc.record({ kind: fc.constant("write" as const), pid, range, value: fc.integer({ min: 1, max: 3 }) })), 8),
  w(op(fc.record({ kind: fc.constant("read" as const), pid, range })), 3),
  w(op(fc.record({ kind: fc.constant("fork" as const), pid, child: fc.constantFrom(...PIDS) })), 3),
  w(op(fc.record({ kind: fc.constant("exit" as const), pid })), 1),
  w(op(fc.record({ kind: fc.constant("munmap" as const), pid, range })), 1),
  w(op(fc.record({ kind: fc.constant("mprotect" as const), pid, range, prot })), 3),
  w(op(fc.record({ kind: fc.constant("madvise" as const), pid, range, advice })), 2),
  w(op(fc.record({ kind: fc.constant("clear-refs" as const), pid })), 1),
  w(op(fc.record({ kind: fc.constant("pagemap" as const), pid, vpn })), 1),
  w(op(fc.record({ kind: fc.constant("frame" as const), pid, vpn })), 1),
  w(fc.record({ pin: pid, vpn }), 3),
  w(fc.record({ unpin: fc.integer({ min: 1, max: 3 }) }), 1),
  w(fc.constant({ drain: true as const }), 1),
);

/** Takes a FOLL_PIN the way pin_user_pages accounts it, on a present anon page (exclusive from 5.19, as GUP ensures). */
function fakePin(world: World, policy: Policy, owner: Pid, vpn: number): void {
  const pte = world.mms.get(owner)?.ptes.get(vpn);
  if (pte === undefined || !pte.present || pte.pfn === world.zeroPfn) return;
  const f = world.frames.get(pte.pfn);
  if (f === undefined || !f.anon || (policy.anonExclusive && !f.anonExclusive)) return;
  const mm = world.mms.get(owner);
  if (mm !== undefined) mm.hasPinned = true;
  f.refcount += policy.follPin === "bias" ? GUP_PIN_COUNTING_BIAS : 1;
  f.pincount++;
  world.pins.set(asPinId(world.pins.size + 100 + world.nextPfn), { pfn: f.pfn, foll: "pin", write: true, longterm: true, owner });
}

function unpin(world: World, policy: Policy, nth: number): void {
  const entry = [...world.pins][nth % Math.max(1, world.pins.size)];
  if (entry === undefined) return;
  const [id, pin] = entry;
  world.pins.delete(id);
  const f = world.frames.get(pin.pfn);
  if (f === undefined) return;
  f.pincount--;
  putPage({ world, policy, events: [] }, pin.pfn, policy.follPin === "bias" ? GUP_PIN_COUNTING_BIAS : 1);
}

/**
 * Generated pids are indices: pid n acts as the n-th live process (so most ops find an mm), and a
 * fork's child is the lowest pid not in use, up to 4.
 */
function resolve(world: World, op: Op): Op {
  const live = [...world.mms.keys()].sort((x, y) => x - y);
  if (live.length === 0 || !("pid" in op)) return op;
  const who = live[(op.pid - 1) % live.length] as Pid;
  if (op.kind !== "fork") return { ...op, pid: who };
  const free = [1, 2, 3, 4].map(asPid).find((p) => !world.mms.has(p));
  return { ...op, pid: who, child: free ?? op.child };
}

/** Applies an action; returns the step's events and outcome as JSON (empty for test actions). */
function apply(world: World, policy: Policy, a: Action): string {
  if ("op" in a) {
    const r = step(world, resolve(world, a.op), policy);
    return JSON.stringify([r.events, r.outcome]);
  }
  if ("pin" in a) {
    const live = [...world.mms.keys()].sort((x, y) => x - y);
    const who = live[(a.pin - 1) % Math.max(1, live.length)];
    if (who !== undefined) fakePin(world, policy, who, a.vpn);
  }
  else if ("unpin" in a) unpin(world, policy, a.unpin);
  else lruAddDrain({ world, policy, events: [] } as Ctx, "test");
  return "";
}

const POLICIES: readonly Policy[] = [
  ...distinctPolicies().map((g) => g.policy),
  customPolicy(policyOf("5.10"), { forkCopiesPinned: "always" }),
  customPolicy(policyOf("6.18"), { forkCopiesPinned: "always" }),
];
const actions = fc.array(action, { minLength: 1, maxLength: 30 });

/** Every run starts with P mapping a private and a shared region, so most actions find memory. */
function boot(): World {
  const world = createWorld([PIDS[0] as Pid]);
  const policy = policyOf("6.18");
  const map = (start: number, pages: number, shared: boolean): Op => ({ kind: "mmap", pid: PIDS[0] as Pid, range: { start, pages }, prot: "rw", shared, hugetlb: false, file: null });
  step(world, map(BUF, 6, false), policy);
  step(world, map(BUF + 7, 2, true), policy);
  return world;
}

describe("step", () => {
  it.each(POLICIES.map((p) => [`${p.version.major}.${p.version.minor}${p.era === "custom" ? " (always copy at fork)" : ""}`, p] as const))(
    "keeps every invariant after every step of random sequences on %s (seed 42)",
    (_name, policy) => {
      fc.assert(
        fc.property(actions, (as) => {
          const world = boot();
          as.forEach((a, i) => {
            apply(world, policy, a);
            const bad = checkInvariants(world, policy);
            if (bad.length > 0) throw new Error(`after action ${i} ${JSON.stringify(a)}: ${JSON.stringify(bad)}`);
          });
        }),
        { seed: 42, numRuns: 60 },
      );
    },
  );

  it("gives the same events and outcomes for the same ops, from a clone too (seed 7)", () => {
    const policies = [policyOf("5.4"), policyOf("5.10"), policyOf("6.18")];
    fc.assert(
      fc.property(actions, actions, fc.constantFrom(...policies), (first, rest, policy) => {
        const a = boot();
        const b = boot();
        for (const x of first) expect(apply(b, policy, x)).toBe(apply(a, policy, x));
        const c = cloneWorld(a);
        for (const x of rest) expect(apply(c, policy, x)).toBe(apply(a, policy, x));
      }),
      { seed: 7, numRuns: 80 },
    );
  });
});
