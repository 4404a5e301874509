import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Pfn, Pid, PinId, PipeId, RingId, SwapSlot } from "../../src/kernel/ids.js";
import { asPid } from "../../src/kernel/ids.js";
import { checkInvariants } from "../../src/kernel/invariants.js";
import type { Op } from "../../src/kernel/ops.js";
import type { Frame, World } from "../../src/kernel/state.js";
import { step } from "../../src/kernel/step.js";
import { createWorld } from "../../src/kernel/world.js";
import { BUF, mmapOp, policyOf } from "./harness.js";
import { checkInvariantsReference } from "./invariantsReference.js";

const P = asPid(1);
const C = asPid(2);
const pid = fc.constantFrom(P, C);
const vpn = fc.integer({ min: BUF, max: BUF + 4 });
const range = fc.record({ start: vpn, pages: fc.integer({ min: 1, max: 2 }) });
const value = fc.integer({ min: 1, max: 3 });

/** Ops on BUF..BUF+2 (private) and BUF+3..BUF+4 (shared), as the prelude maps them. */
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("write" as const), pid, range, value }),
  fc.record({ kind: fc.constant("read" as const), pid, range }),
  fc.record({ kind: fc.constant("fork" as const), pid: fc.constant(P), child: fc.constant(C) }),
  fc.record({ kind: fc.constant("exit" as const), pid: fc.constant(C) }),
  fc.record({ kind: fc.constant("mprotect" as const), pid, range, prot: fc.constantFrom("rw" as const, "ro" as const) }),
  fc.record({ kind: fc.constant("madvise" as const), pid, range, advice: fc.constantFrom("dontneed" as const, "dontfork" as const, "mergeable" as const) }),
  fc.record({ kind: fc.constant("munmap" as const), pid, range }),
  fc.record({ kind: fc.constant("vmsplice" as const), pid, range, pipe: fc.constant(1 as PipeId) }),
  fc.record({ kind: fc.constant("pipe-read" as const), pid, pipe: fc.constant(1 as PipeId) }),
  fc.record({ kind: fc.constant("iouring-register" as const), pid, range, ring: fc.constant(1 as RingId) }),
  fc.record({
    kind: fc.constant("pin" as const), pid, vpn, write: fc.boolean(), longterm: fc.boolean(), get: fc.boolean(),
    pin: fc.integer({ min: 1, max: 2 }).map((n) => n as PinId),
  }),
  fc.record({ kind: fc.constant("unpin" as const), pid, pin: fc.integer({ min: 1, max: 2 }).map((n) => n as PinId) }),
  fc.record({ kind: fc.constant("reclaim" as const), pid, vpn }),
  fc.record({ kind: fc.constant("migrate" as const), pid, vpn }),
  fc.constant({ kind: "ksm-scan" as const }),
  fc.constant({ kind: "lru-drain" as const }),
);

/** A pfn a holder may name: a live one (by rank), a freed or never-allocated one, or one no typed array holds. */
const pfnPick = fc.oneof(fc.nat(8), fc.constantFrom(-3, 2.5, 2 ** 21, 5_000_000, 999));

function pfnAt(w: World, pick: number): Pfn {
  if (!Number.isInteger(pick) || pick < 0 || pick > 8) return pick as Pfn;
  const live = [...w.frames.keys()];
  return (live[pick % Math.max(1, live.length)] ?? pick) as Pfn;
}

function frameAt(w: World, pick: number): Frame | undefined {
  return w.frames.get(pfnAt(w, pick));
}

type Corrupt = (w: World, pick: number) => void;

/** Ways to break a consistent world, each touching what one invariant or another reads. */
const CORRUPTIONS: readonly Corrupt[] = [
  (w, k) => void (frameAt(w, k) !== undefined && (frameAt(w, k) as Frame).refcount++),
  (w, k) => void (frameAt(w, k) !== undefined && (frameAt(w, k) as Frame).mapcount--),
  (w, k) => void (frameAt(w, k) !== undefined && (frameAt(w, k) as Frame).pincount++),
  (w, k) => void (frameAt(w, k) !== undefined && ((frameAt(w, k) as Frame).anonExclusive = !(frameAt(w, k) as Frame).anonExclusive)),
  (w, k) => void (frameAt(w, k) !== undefined && ((frameAt(w, k) as Frame).inLruBatch = true)),
  (w, k) => void (frameAt(w, k) !== undefined && ((frameAt(w, k) as Frame).swapCache = 7 as SwapSlot)),
  (w, k) => void w.frames.delete(pfnAt(w, k)),
  (w, k) => void w.pipes.set(9 as PipeId, [{ pfn: pfnAt(w, k) }, { pfn: pfnAt(w, k + 1) }]),
  (w, k) => void w.pins.set(9 as PinId, { pfn: pfnAt(w, k), foll: k % 2 === 0 ? "pin" : "get", write: true, longterm: false, owner: P }),
  (w, k) => void w.rings.set(9 as RingId, { owners: [P], pfns: [pfnAt(w, k), pfnAt(w, k)], foll: "pin" }),
  (w, k) => void w.lruBatch.push(pfnAt(w, k)),
  (w, k) => void w.swap.set(k as SwapSlot, { count: 1, value: 0, cache: k % 2 === 0 ? null : pfnAt(w, k) }),
  (w, k) => void w.mms.get(P)?.ptes.set(BUF + 1, { present: false, slot: k as SwapSlot, softDirty: false, uffdWp: false, exclusive: true }),
  (w, k) => void w.mms.get(C)?.ptes.set(BUF + (k % 5), { present: true, pfn: pfnAt(w, k), write: true, dirty: false, softDirty: false, uffdWp: false }),
  (w, k) => void w.mms.get(P)?.ptes.set(BUF + 9, { present: true, pfn: w.zeroPfn, write: k % 2 === 0, dirty: false, softDirty: false, uffdWp: false }),
  (w, k) => void w.shmemSwap.set(k, new Map([[0, k as SwapSlot]])),
  (w, k) => {
    // A plain Map takes any number as a pfn, so the scratch's fallback for keys no typed array holds is exercised.
    w.frames = new Map(w.frames);
    const f: Frame = {
      pfn: (2 ** 21 + k) as Pfn, value: 0, refcount: 1, mapcount: 1, pincount: 0, anon: true, ksm: false, anonExclusive: true,
      swapCache: null, inLruBatch: false, onLru: true, dirty: false,
    };
    w.frames.set(f.pfn, f);
    w.mms.get(P)?.ptes.set(BUF + 2, { present: true, pfn: f.pfn, write: true, dirty: false, softDirty: false, uffdWp: false });
  },
  (w, k) => {
    const f = frameAt(w, k);
    if (f === undefined) return;
    w.pins.set(8 as PinId, { pfn: f.pfn, foll: "pin", write: true, longterm: true, owner: P });
    f.pincount++;
    f.anonExclusive = false;
  },
  (w) => {
    const v = w.mms.get(P)?.vmas[0];
    if (v !== undefined) v.shared = !v.shared;
  },
  (w) => {
    const vmas = w.mms.get(P)?.vmas;
    if (vmas !== undefined && vmas.length > 1) vmas.reverse();
  },
];

const corruption = fc.tuple(fc.nat(CORRUPTIONS.length - 1), pfnPick);

/** A world under `version` after the prelude (private BUF..BUF+2, shared BUF+3..BUF+4) and `ops`. */
function worldAfter(version: string, ops: readonly Op[]): World {
  const policy = policyOf(version);
  const w = createWorld([P]);
  step(w, mmapOp(P, BUF, 3), policy);
  step(w, mmapOp(P, BUF + 3, 2, "rw", true), policy);
  for (const o of ops) step(w, o, policy);
  return w;
}

describe("invariants", () => {
  it("reports exactly what the Map-and-Set reference reports, in order, on stepped and corrupted worlds (seed 42)", () => {
    const version = fc.constantFrom("4.19", "5.4", "5.10", "6.1", "6.18");
    fc.assert(
      fc.property(version, fc.array(op, { maxLength: 14 }), fc.array(corruption, { maxLength: 4 }), (v, ops, bad) => {
        const policy = policyOf(v);
        const w = worldAfter(v, ops);
        expect(checkInvariants(w, policy)).toEqual(checkInvariantsReference(w, policy));
        for (const [which, pick] of bad) {
          (CORRUPTIONS[which] as Corrupt)(w, pick);
          expect(checkInvariants(w, policy)).toEqual(checkInvariantsReference(w, policy));
        }
      }),
      { seed: 42, numRuns: 600 },
    );
  });

  it("finds broken counters on a world of hundreds of frames, past its first scratch sizes", () => {
    const policy = policyOf("6.18");
    const w = worldAfter("6.18", []);
    for (let n = 0; n < 50; n++) {
      step(w, { kind: "write", pid: P, range: { start: BUF, pages: 3 }, value: 1 + (n % 3) }, policy);
      step(w, { kind: "madvise", pid: P, range: { start: BUF, pages: 3 }, advice: "dontneed" }, policy);
    }
    step(w, { kind: "write", pid: P, range: { start: BUF, pages: 3 }, value: 1 }, policy);
    expect(w.nextPfn).toBeGreaterThan(128);
    expect(checkInvariants(w, policy)).toEqual([]);
    const f = [...w.frames.values()].at(-1) as Frame;
    f.refcount += 2;
    expect(checkInvariants(w, policy)).toEqual(checkInvariantsReference(w, policy));
    expect(checkInvariants(w, policy).map((x) => x.invariant)).toEqual(["refcount"]);
  });
});
