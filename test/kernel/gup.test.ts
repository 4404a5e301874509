import { describe, expect, it } from "vitest";
import type { Ctx } from "../../src/kernel/context.js";
import { checkVmaFlags, getUserPage } from "../../src/kernel/gup.js";
import type { GupFlags } from "../../src/kernel/gupTypes.js";
import type { Mm, Vma } from "../../src/kernel/state.js";
import { BUF, C, forkOp, harness, mmapOp, P, writeOp } from "./harness.js";
import type { Harness } from "./harness.js";
import { A, ok } from "./gupHarness.js";

const vma = (over: Partial<Vma> = {}): Vma => ({
  start: 0, end: 1, read: true, write: true, mayWrite: true, shared: false, dontCopy: false,
  wipeOnFork: false, softDirty: true, mergeable: false, anonVma: false, shmem: null, ...over,
});
const flags = (over: Partial<GupFlags> = {}): GupFlags => ({ write: false, force: false, foll: "get", longterm: false, ...over });

function gup(h: Harness, pid = P, f: GupFlags = flags()): ReturnType<typeof getUserPage> {
  const ctx: Ctx = { world: h.world, policy: h.policy, events: [] };
  return getUserPage(ctx, h.world.mms.get(pid) as Mm, BUF, f);
}

describe("gup", () => {
  describe("checkVmaFlags", () => {
    it("lets a read through VM_READ and a write through VM_WRITE", () => {
      expect(checkVmaFlags(vma(), flags())).toBeNull();
      expect(checkVmaFlags(vma(), flags({ write: true }))).toBeNull();
    });
    it("needs FOLL_FORCE to write a read-only COW mapping", () => {
      expect(checkVmaFlags(vma({ write: false }), flags({ write: true }))).not.toBeNull();
      expect(checkVmaFlags(vma({ write: false }), flags({ write: true, force: true }))).toBeNull();
    });
    it("never lets FOLL_FORCE write a shared mapping without VM_WRITE", () => {
      expect(checkVmaFlags(vma({ write: false, shared: true, shmem: 1 }), flags({ write: true, force: true }))).not.toBeNull();
    });
    it("needs VM_READ or FOLL_FORCE to read", () => {
      expect(checkVmaFlags(vma({ read: false, write: false }), flags())).not.toBeNull();
      expect(checkVmaFlags(vma({ read: false, write: false }), flags({ force: true }))).toBeNull();
    });
  });

  it("faults a missing page in before taking the reference", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    const r = gup(h, P, flags({ write: true }));
    expect(r.kind).toBe("ok");
    expect(h.frame(P, BUF).refcount).toBe(3); // mapping + LRU batch + the GUP reference
  });

  it("returns EFAULT without a VMA and still marks has_pinned for a pin request that fails on a PROT_NONE VMA", () => {
    const h = harness("5.10");
    expect(gup(h)).toMatchObject({ kind: "error", errno: "EFAULT" });
    ok(h, mmapOp(P, BUF, 1, "none"));
    expect(h.world.mms.get(P)?.hasPinned).toBe(false);
    expect(gup(h, P, flags({ foll: "pin" }))).toMatchObject({ kind: "error", errno: "EFAULT" });
    expect(h.world.mms.get(P)?.hasPinned).toBe(true);
  });

  it("walks a read GUP of a COW-shared page as a write on 5.8 only", () => {
    const copies = (v: string): boolean => {
      const h = harness(v);
      ok(h, mmapOp(P, BUF, 1));
      ok(h, writeOp(P, BUF, A));
      ok(h, forkOp(P, C));
      const before = h.present(P, BUF).pfn;
      const r = gup(h);
      return r.kind === "ok" && r.pfn !== before;
    };
    expect(copies("5.7")).toBe(false);
    expect(copies("5.8")).toBe(true);
    expect(copies("5.9")).toBe(false);
  });

  it("does not force a COW break on a shared mapping on 5.8", () => {
    const h = harness("5.8");
    ok(h, mmapOp(P, BUF, 1, "rw", true));
    ok(h, writeOp(P, BUF, A));
    ok(h, forkOp(P, C));
    const r = gup(h, C);
    expect(r.kind === "ok" && r.pfn === h.present(P, BUF).pfn).toBe(true);
    expect(h.present(C, BUF).pfn).toBe(h.present(P, BUF).pfn);
  });

  it("pins a shmem page as it is: no unshare outside COW mappings (6.2)", () => {
    const h = harness("6.2");
    ok(h, mmapOp(P, BUF, 1, "rw", true));
    ok(h, writeOp(P, BUF, A));
    ok(h, forkOp(P, C));
    const r = gup(h, C, flags({ foll: "pin", longterm: true }));
    expect(r.kind === "ok" && r.pfn === h.present(P, BUF).pfn).toBe(true);
  });

  it("takes the pin on an exclusive page after an unshare fault from 5.19", () => {
    const h = harness("5.19");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, forkOp(P, C));
    const r = gup(h, P, flags({ foll: "pin" }));
    expect(r.kind).toBe("ok");
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
    expect(h.present(P, BUF).write).toBe(false);
  });

  it("marks the page dirty for a write GUP through a clean PTE (FOLL_TOUCH)", () => {
    const h = harness("6.13");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    const pte = h.present(P, BUF);
    pte.dirty = false;
    h.frame(P, BUF).dirty = false;
    expect(gup(h, P, flags({ write: true })).kind).toBe("ok");
    expect(h.frame(P, BUF).dirty).toBe(true);
  });
});
