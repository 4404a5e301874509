import { describe, expect, it } from "vitest";
import { checkInvariants } from "../../src/kernel/invariants.js";
import { cloneWorld } from "../../src/kernel/world.js";
import { BUF, C, P, exitOp, forkOp, frameOp, harness, madviseOp, mmapOp, munmapOp, pfnOf, writeOp } from "./harness.js";
import { A, B, ok, pipeReadOp, reclaimOp, valueOf, vmspliceOp } from "./gupHarness.js";

/** P maps `pages` shared pages at BUF and writes A to all of them. */
function written(version: string, pages = 1) {
  const h = harness(version);
  ok(h, mmapOp(P, BUF, pages, "rw", true));
  ok(h, writeOp(P, BUF, A, pages));
  return h;
}

const objectSlots = (h: ReturnType<typeof harness>) => [...(h.world.shmemSwap.values().next().value ?? new Map()).entries()];

describe("shmemPageout", () => {
  it.each(["5.4", "5.10", "6.1", "6.2", "6.18"])("pages out a shmem page mapped once on %s: none PTE, data in swap", (v) => {
    const h = written(v);
    const old = pfnOf(h, P, BUF);
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(h.pte(P, BUF)).toBeUndefined();
    expect(h.world.frames.has(old)).toBe(false);
    expect(h.pagemap(P, BUF)).toMatchObject({ present: false, swapped: false });
    expect(h.run(frameOp(P, BUF))).toEqual({ kind: "frame", pfn: null });
    const slots = objectSlots(h);
    expect(slots).toHaveLength(1);
    const slot = slots[0]?.[1];
    expect(slot === undefined ? undefined : h.world.swap.get(slot)).toEqual({ count: 1, value: A, cache: null });
  });

  it("reads the page back from shmem's swap into a new page and frees the slot", () => {
    const h = written("6.18");
    const old = pfnOf(h, P, BUF);
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(h.read(P, BUF)).toEqual([A]);
    expect(pfnOf(h, P, BUF)).not.toBe(old);
    expect(h.world.swap.size).toBe(0);
    expect(objectSlots(h)).toEqual([]);
    expect(h.pagemap(P, BUF)).toMatchObject({ present: true, exclusive: true });
    expect(h.frame(P, BUF).dirty).toBe(true);
  });

  it("keeps a write after the swap-in", () => {
    const h = written("6.18");
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    ok(h, writeOp(P, BUF, B));
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(h.read(P, BUF)).toEqual([B]);
  });

  it("fails with EINVAL before 5.4 and leaves the page mapped", () => {
    const h = written("5.3");
    expect(h.run(madviseOp(P, BUF, 1, "pageout")).kind).toBe("error");
    expect(h.pte(P, BUF)?.present).toBe(true);
  });

  it("skips a shmem page mapped by two processes", () => {
    const h = written("6.18");
    ok(h, forkOp(P, C));
    h.read(C, BUF);
    ok(h, madviseOp(C, BUF, 1, "pageout"));
    expect(h.present(P, BUF).pfn).toBe(h.present(C, BUF).pfn);
    expect(h.world.swap.size).toBe(0);
  });

  it("unmaps a page a pipe holds but keeps it in the page cache; the next read maps it again", () => {
    const h = written("6.18");
    const pfn = pfnOf(h, P, BUF);
    ok(h, vmspliceOp(P, BUF));
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(h.pte(P, BUF)).toBeUndefined();
    expect(h.world.swap.size).toBe(0);
    expect(h.read(P, BUF)).toEqual([A]);
    expect(pfnOf(h, P, BUF)).toBe(pfn);
    expect(valueOf(h.run(pipeReadOp(P)))).toBe(A);
  });

  it("skips a swapped-out page when faulting around", () => {
    const h = written("6.18", 3);
    ok(h, madviseOp(P, BUF + 1, 1, "pageout"));
    expect(h.world.swap.size).toBe(1);
    ok(h, forkOp(P, C));
    expect(h.read(C, BUF)).toEqual([A]);
    expect(h.pte(C, BUF + 2)?.present).toBe(true);
    expect(h.pte(C, BUF + 1)).toBeUndefined();
    expect(h.read(C, BUF + 1)).toEqual([A]);
    expect(h.world.swap.size).toBe(0);
  });

  it("reclaims a shmem page however many processes map it (kernel: reclaim)", () => {
    const h = written("6.18");
    ok(h, forkOp(P, C));
    h.read(C, BUF);
    ok(h, reclaimOp(P, BUF));
    expect(h.pte(P, BUF)).toBeUndefined();
    expect(h.pte(C, BUF)).toBeUndefined();
    expect(h.world.swap.size).toBe(1);
    expect(h.read(C, BUF)).toEqual([A]);
  });

  it("frees the swap slots when the last mapping of the object goes", () => {
    const h = written("6.18", 2);
    ok(h, forkOp(P, C));
    ok(h, exitOp(C));
    ok(h, madviseOp(P, BUF, 2, "pageout"));
    expect(h.world.swap.size).toBe(2);
    ok(h, munmapOp(P, BUF, 2));
    expect(h.world.swap.size).toBe(0);
    expect(h.world.shmem.size).toBe(0);
    expect(h.world.shmemSwap.size).toBe(0);
  });

  it("keeps the slots while another process still maps the object", () => {
    const h = written("6.18");
    ok(h, forkOp(P, C));
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    ok(h, exitOp(P));
    expect(h.world.swap.size).toBe(1);
    expect(h.read(C, BUF)).toEqual([A]);
  });

  it("copies the swap map in cloneWorld without sharing it", () => {
    const h = written("6.18");
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    const copy = cloneWorld(h.world);
    expect([...copy.shmemSwap]).toEqual([...h.world.shmemSwap].map(([id, m]) => [id, new Map(m)]));
    copy.shmemSwap.forEach((m) => m.clear());
    expect(objectSlots(h)).toHaveLength(1);
  });

  it("counts shmem swap entries in the swap count invariant", () => {
    const h = written("6.18");
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    expect(checkInvariants(h.world, h.policy)).toEqual([]);
    const entry = h.world.swap.values().next().value;
    if (entry !== undefined) entry.count = 2;
    expect(checkInvariants(h.world, h.policy).map((v) => v.invariant)).toContain("swap-count");
  });

  it("reports an index that is both a page and a swap entry", () => {
    const h = written("6.18", 2);
    ok(h, madviseOp(P, BUF, 1, "pageout"));
    const slots = h.world.shmemSwap.values().next().value;
    const slot = slots?.get(BUF);
    if (slots === undefined || slot === undefined) throw new Error("no swap entry");
    slots.delete(BUF);
    slots.set(BUF + 1, slot);
    expect(checkInvariants(h.world, h.policy).map((v) => v.invariant)).toContain("shmem-swap");
  });
});
