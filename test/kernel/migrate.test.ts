import { describe, expect, it } from "vitest";
import { BUF, C, forkOp, harness, mmapOp, P, writeOp } from "./harness.js";
import { A, B, migrateOp, ok, pinOp, readOne, reclaimOp, unpinOp, vmspliceOp, pipeReadOp } from "./gupHarness.js";

describe("migrate", () => {
  it.each(["4.19", "5.10", "6.18"])("moves an unreferenced page to a new frame with the same value on %s", (v) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    const before = h.present(P, BUF).pfn;
    ok(h, migrateOp(P, BUF));
    expect(h.present(P, BUF).pfn).not.toBe(before);
    expect(h.world.frames.has(before)).toBe(false);
    expect(readOne(h, P, BUF)).toBe(A);
  });

  it.each(["5.7", "5.10", "5.19", "6.18"])("refuses a pinned page with EBUSY on %s and moves it once unpinned", (v) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, pinOp(P, BUF, { write: true }));
    const before = h.present(P, BUF).pfn;
    expect(h.run(migrateOp(P, BUF))).toMatchObject({ kind: "error", errno: "EBUSY" });
    expect(h.present(P, BUF).pfn).toBe(before);
    ok(h, unpinOp(P));
    ok(h, migrateOp(P, BUF));
    expect(h.present(P, BUF).pfn).not.toBe(before);
  });

  it("refuses a page a pipe holds (a FOLL_GET reference)", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, vmspliceOp(P, BUF));
    expect(h.run(migrateOp(P, BUF))).toMatchObject({ kind: "error", errno: "EBUSY" });
    expect(h.run(pipeReadOp(P))).toEqual({ kind: "values", values: [A] });
    ok(h, migrateOp(P, BUF));
  });

  it("moves every mapping of a COW-shared page and keeps both processes' values", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, forkOp(P, C));
    ok(h, migrateOp(P, BUF));
    expect(h.present(C, BUF).pfn).toBe(h.present(P, BUF).pfn);
    ok(h, writeOp(P, BUF, B));
    expect(readOne(h, C, BUF)).toBe(A);
  });

  it("keeps PG_anon_exclusive and the writable PTE on 5.19, so the next write needs no fault", () => {
    const h = harness("5.19");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, migrateOp(P, BUF));
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
    expect(h.present(P, BUF).write).toBe(true);
    ok(h, writeOp(P, BUF, B));
    expect(h.events.some((e) => e.kind === "fault")).toBe(false);
  });

  it("moves the swap cache with the page", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, reclaimOp(P, BUF));
    expect(readOne(h, P, BUF)).toBe(A);
    const slot = h.frame(P, BUF).swapCache;
    ok(h, migrateOp(P, BUF));
    expect(h.frame(P, BUF).swapCache).toBe(slot);
    expect(h.world.swap.get(slot as never)?.cache).toBe(h.present(P, BUF).pfn);
  });

  it("fails with ENOENT where no page is mapped, the zero page included", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    expect(h.run(migrateOp(P, BUF))).toMatchObject({ kind: "error", errno: "ENOENT" });
    expect(h.read(P, BUF)).toEqual([0]);
    expect(h.run(migrateOp(P, BUF))).toMatchObject({ kind: "error", errno: "ENOENT" });
  });
});
