import { describe, expect, it } from "vitest";
import type { Ctx } from "../../src/kernel/context.js";
import { allocFrame } from "../../src/kernel/frame.js";
import { lruAddDrain, lruCacheAdd } from "../../src/kernel/lru.js";
import { createWorld } from "../../src/kernel/world.js";
import { BUF, harness, lruDrainOp, mmapOp, mprotectOp, P, policyOf, writeOp } from "./harness.js";
import { A, B, ok } from "./gupHarness.js";

function bareCtx(version: string): Ctx {
  return { world: createWorld([P]), policy: policyOf(version), events: [] };
}

describe("lru", () => {
  it("holds one reference per batched page and releases it on drain", () => {
    const ctx = bareCtx("5.10");
    const f = allocFrame(ctx, A, "test");
    lruCacheAdd(ctx, f);
    expect(f).toMatchObject({ refcount: 2, inLruBatch: true, onLru: false });
    lruAddDrain(ctx, "test");
    expect(f).toMatchObject({ refcount: 1, inLruBatch: false, onLru: true });
    expect(ctx.world.lruBatch).toEqual([]);
    expect(ctx.events.filter((e) => e.kind === "lru-drain")).toHaveLength(1);
  });

  it("frees a page whose only reference was the batch's", () => {
    const ctx = bareCtx("5.10");
    const f = allocFrame(ctx, A, "test");
    lruCacheAdd(ctx, f);
    f.refcount--;
    lruAddDrain(ctx, "test");
    expect(ctx.world.frames.has(f.pfn)).toBe(false);
  });

  it.each([
    ["5.10", 15],
    ["6.8", 15],
    ["6.13", 31],
  ] as const)("drains itself when the add fills it on %s (%i pages)", (v, size) => {
    const ctx = bareCtx(v);
    expect(ctx.policy.lruBatchSize).toBe(size);
    for (let i = 0; i < size - 1; i++) lruCacheAdd(ctx, allocFrame(ctx, i, "test"));
    expect(ctx.world.lruBatch).toHaveLength(size - 1);
    lruCacheAdd(ctx, allocFrame(ctx, 0, "test"));
    expect(ctx.world.lruBatch).toHaveLength(0);
  });

  it("records nothing when draining an empty batch", () => {
    const ctx = bareCtx("6.1");
    lruAddDrain(ctx, "test");
    expect(ctx.events).toEqual([]);
  });

  it("refuses to batch a page twice", () => {
    const ctx = bareCtx("6.1");
    const f = allocFrame(ctx, A, "test");
    lruCacheAdd(ctx, f);
    expect(() => lruCacheAdd(ctx, f)).toThrow(/model bug/);
  });

  it("S23: the batch reference makes 5.10 copy a young page after mprotect, and lru-drain prevents it", () => {
    const pfnChanges = (drainFirst: boolean): boolean => {
      const h = harness("5.10");
      ok(h, mmapOp(P, BUF, 1));
      ok(h, writeOp(P, BUF, A));
      if (drainFirst) ok(h, lruDrainOp);
      const before = h.present(P, BUF).pfn;
      ok(h, mprotectOp(P, BUF, 1, "ro"));
      ok(h, mprotectOp(P, BUF, 1, "rw"));
      ok(h, writeOp(P, BUF, B));
      return h.present(P, BUF).pfn !== before;
    };
    expect(pfnChanges(false)).toBe(true);
    expect(pfnChanges(true)).toBe(false);
  });
});
