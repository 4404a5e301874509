import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Pid } from "../../src/kernel/ids.js";
import { asPid, asPinId, asPipeId, asRingId } from "../../src/kernel/ids.js";
import type { Op } from "../../src/kernel/ops.js";
import { step } from "../../src/kernel/step.js";
import { createWorld } from "../../src/kernel/world.js";
import { BUF, harness, madviseOp, mmapOp, P, policyOf } from "./harness.js";

const VERSIONS = ["4.4", "4.8", "4.19", "5.1", "5.4", "5.6", "5.7", "5.8", "5.10", "5.11", "5.18", "5.19", "6.0", "6.2", "6.5", "6.13", "6.14", "6.18"];
const PIDS = [1, 2, 3].map(asPid);

/** Mostly the first process, so that most ops find an mm. */
const pid = fc.oneof({ arbitrary: fc.constant(PIDS[0] as Pid), weight: 6 }, { arbitrary: fc.constantFrom(...PIDS), weight: 4 });
const vpn = fc.integer({ min: BUF, max: BUF + 2 });
const value = fc.integer({ min: 1, max: 2 });
const range = fc.record({ start: vpn, pages: fc.integer({ min: 1, max: 2 }) });
const pipe = fc.constantFrom(asPipeId(1), asPipeId(2));
const ring = fc.constantFrom(asRingId(1), asRingId(2));
const pinId = fc.constantFrom(asPinId(1), asPinId(1), asPinId(2));
const w = <T>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary, weight });

/** Every verb of the model, the core's and the holder ops, over three pids and three pages. */
const anyOp: fc.Arbitrary<Op> = fc.oneof(
  w(fc.record({ kind: fc.constant("write" as const), pid, range, value }), 5),
  w(fc.record({ kind: fc.constant("read" as const), pid, range }), 3),
  w(fc.record({ kind: fc.constant("fork" as const), pid, child: pid }), 3),
  w(fc.record({ kind: fc.constant("exit" as const), pid }), 1),
  w(fc.record({ kind: fc.constant("munmap" as const), pid, range }), 1),
  w(fc.record({ kind: fc.constant("mprotect" as const), pid, range, prot: fc.constantFrom("ro" as const, "rw" as const) }), 2),
  w(fc.record({ kind: fc.constant("madvise" as const), pid, range, advice: fc.constantFrom("pageout" as const, "mergeable" as const, "mergeable" as const, "unmergeable" as const, "dontneed" as const) }), 3),
  w(fc.record({ kind: fc.constant("clear-refs" as const), pid }), 1),
  w(fc.record({ kind: fc.constant("vmsplice" as const), pid, range, pipe }), 2),
  w(fc.record({ kind: fc.constant("pipe-read" as const), pid, pipe }), 2),
  w(fc.record({ kind: fc.constant("iouring-register" as const), pid, range, ring }), 2),
  w(fc.record({ kind: fc.constant("ring-read" as const), pid, ring, index: fc.integer({ min: 0, max: 1 }) }), 2),
  w(fc.record({ kind: fc.constant("ring-write" as const), pid, ring, index: fc.integer({ min: 0, max: 1 }), value }), 2),
  w(fc.record({ kind: fc.constant("iouring-unregister" as const), pid, ring }), 1),
  w(fc.record({ kind: fc.constant("pin" as const), pid, vpn, write: fc.boolean(), longterm: fc.boolean(), get: fc.boolean(), pin: pinId }), 3),
  w(fc.record({ kind: fc.constant("pin-read" as const), pid, pin: pinId }), 2),
  w(fc.record({ kind: fc.constant("pin-write" as const), pid, pin: pinId, value }), 2),
  w(fc.record({ kind: fc.constant("unpin" as const), pid, pin: pinId }), 1),
  w(fc.record({ kind: fc.constant("force-write" as const), pid, vpn, value }), 2),
  w(fc.constant<Op>({ kind: "ksm-scan" }), 2),
  w(fc.constant<Op>({ kind: "lru-drain" }), 1),
  w(fc.record({ kind: fc.constant("migrate" as const), pid, vpn }), 2),
  w(fc.record({ kind: fc.constant("reclaim" as const), pid, vpn }), 2),
);
const ops = (maxLength: number) => fc.array(anyOp, { minLength: 5, maxLength, size: "max" });

/** Fork only into a pid that does not exist yet, from one that does (scenario/check guarantees it). */
function runnable(pids: ReadonlySet<Pid>, op: Op): boolean {
  return op.kind !== "fork" || (pids.has(op.pid) && !pids.has(op.child));
}

/** Runs the ops from P's two-page buffer (KSM-mergeable if asked); harness.run throws on a broken invariant. */
function runAll(version: string, seq: readonly Op[], mergeable = false): string {
  const h = harness(version, [P]);
  h.run(mmapOp(P, BUF, 2));
  if (mergeable) h.run(madviseOp(P, BUF, 2, "mergeable"));
  const seen: string[] = [];
  for (const op of seq) {
    if (!runnable(new Set(h.world.mms.keys()), op)) continue;
    seen.push(JSON.stringify([h.run(op), h.events]));
  }
  return seen.join("\n");
}

describe("gupInvariants", () => {
  it("keeps every invariant after any op sequence in any era (seed 42)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VERSIONS), ops(40), fc.boolean(), (v, seq, mergeable) => {
        runAll(v, seq, mergeable);
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it("gives the same events and outcomes for the same ops (seed 7)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VERSIONS), ops(25), (v, seq) => {
        expect(runAll(v, seq)).toBe(runAll(v, seq));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("leaves only reclaimable swap-cache pages once every process exited and every holder let go (seed 11)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VERSIONS), ops(30), (v, seq) => {
        const policy = policyOf(v);
        const world = createWorld([P]);
        step(world, mmapOp(P, BUF, 2), policy);
        for (const op of seq) if (runnable(new Set(world.mms.keys()), op)) step(world, op, policy);
        for (const [id, bufs] of [...world.pipes]) {
          const n = bufs.length;
          for (let i = 0; i < n; i++) step(world, { kind: "pipe-read", pid: P, pipe: id }, policy);
        }
        for (const id of [...world.mms.keys()]) step(world, { kind: "exit", pid: id }, policy);
        step(world, { kind: "lru-drain" }, policy);
        // What may remain is what reclaim would free next: a page only its swap cache holds,
        // whose slot no swap PTE names (do_wp_page copied away from it, a pipe let it go).
        for (const f of world.frames.values()) {
          if (f.pfn === world.zeroPfn) continue;
          expect(f).toMatchObject({ refcount: 1, mapcount: 0, pincount: 0 });
          expect(f.swapCache === null ? undefined : world.swap.get(f.swapCache)).toMatchObject({ count: 0, cache: f.pfn });
        }
        expect(world.swap.size).toBe(world.frames.size - 1);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
