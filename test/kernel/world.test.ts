import { describe, expect, it } from "vitest";
import { cloneWorld, createWorld } from "../../src/kernel/world.js";
import { step } from "../../src/kernel/step.js";
import { BUF, C, P, forkOp, harness, mmapOp, policyOf, writeOp } from "./harness.js";

describe("world", () => {
  it("creates one empty mm per pid and only the shared zero page", () => {
    const w = createWorld([P, C]);
    expect([...w.mms.keys()]).toEqual([P, C]);
    expect(w.mms.get(P)).toMatchObject({ vmas: [], hasPinned: false });
    expect([...w.frames.keys()]).toEqual([w.zeroPfn]);
    expect(w.frames.get(w.zeroPfn)).toMatchObject({ value: 0, anon: false, refcount: 1, mapcount: 0 });
    expect(w.nextPfn).toBe(1);
    expect(w.nextSlot).toBe(1);
  });

  it("copies deeply: changing the clone leaves the original as it was", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 2, "rw"));
    h.run(mmapOp(P, BUF + 4, 1, "rw", true));
    h.run(writeOp(P, BUF, 65, 2));
    h.run(writeOp(P, BUF + 4, 67));
    const before = JSON.stringify(snapshot(h.world));
    const copy = cloneWorld(h.world);
    expect(snapshot(copy)).toEqual(snapshot(h.world));
    const policy = policyOf("5.10");
    step(copy, forkOp(P, C), policy);
    step(copy, writeOp(C, BUF, 66, 2), policy);
    step(copy, writeOp(P, BUF + 4, 68), policy);
    expect(JSON.stringify(snapshot(h.world))).toBe(before);
  });

  it("steps a clone exactly as the original", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 2));
    h.run(writeOp(P, BUF, 65, 2));
    const copy = cloneWorld(h.world);
    const policy = policyOf("6.18");
    const a = step(h.world, forkOp(P, C), policy);
    const b = step(copy, forkOp(P, C), policy);
    expect(b.events).toEqual(a.events);
    expect(snapshot(copy)).toEqual(snapshot(h.world));
  });
});

/** Plain data of a world for comparisons (Maps as entry arrays). */
function snapshot(w: ReturnType<typeof createWorld>): unknown {
  return {
    mms: [...w.mms].map(([pid, mm]) => [pid, mm.vmas, [...mm.ptes], mm.hasPinned]),
    frames: [...w.frames],
    nextPfn: w.nextPfn,
    swap: [...w.swap],
    shmem: [...w.shmem].map(([id, m]) => [id, [...m]]),
    shmemSwap: [...w.shmemSwap].map(([id, m]) => [id, [...m]]),
    pipes: [...w.pipes],
    pins: [...w.pins],
    rings: [...w.rings],
    lruBatch: w.lruBatch,
  };
}
