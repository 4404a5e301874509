import { describe, expect, it } from "vitest";
import type { Ctx } from "../../src/kernel/context.js";
import { handleMmFault } from "../../src/kernel/fault.js";
import { UNSHARE_FAULT } from "../../src/kernel/faultTypes.js";
import type { Mm } from "../../src/kernel/state.js";
import {
  BUF, C, P, drain, dropPipe, exitOp, fakePin, fakePipeRef, forkOp, harness, mmapOp, mprotectOp, munmapOp,
  pfnOf, readOp, writeOp,
} from "./harness.js";
import type { Harness } from "./harness.js";

const A = 65;
const B = 66;

function unshare(h: Harness, vpn = BUF) {
  const ctx: Ctx = { world: h.world, policy: h.policy, events: [] };
  const r = handleMmFault(ctx, h.world.mms.get(P) as Mm, vpn, UNSHARE_FAULT);
  h.events = ctx.events;
  return r;
}

/** S4 at the kernel level: the child's pipe reference, the child unmaps, the parent writes. */
function s4(version: string): { pipe: number[]; h: Harness } {
  const h = harness(version);
  h.run(mmapOp(P, BUF, 1));
  h.run(writeOp(P, BUF, A));
  h.run(forkOp(P, C));
  const pipe = fakePipeRef(h, C, BUF);
  h.run(munmapOp(C, BUF));
  h.run(writeOp(P, BUF, B));
  return { pipe: dropPipe(h, pipe), h };
}

describe("wpPage", () => {
  it("reuses by mapcount up to 5.8, so the pipe sees the parent's later write (S4 leak)", () => {
    for (const v of ["4.9", "5.7", "5.8"]) expect(s4(v).pipe).toEqual([B]);
  });

  it("copies from 5.9 because the pipe's reference counts (09854ba94c6a)", () => {
    for (const v of ["5.9", "5.17", "5.18", "5.19", "6.18"]) {
      const { pipe, h } = s4(v);
      expect(pipe).toEqual([A]);
      const copy = h.events.find((e) => e.kind === "copy");
      expect(copy?.decision?.knob).toBe("smallPageReuse");
    }
  });

  it("copies a young page in era D because the LRU batch holds a reference (S23)", () => {
    const pfns = (v: string): boolean => {
      const h = harness(v);
      h.run(mmapOp(P, BUF, 1));
      h.run(writeOp(P, BUF, A));
      const before = pfnOf(h, P, BUF);
      h.run(mprotectOp(P, BUF, 1, "ro"));
      h.run(mprotectOp(P, BUF, 1, "rw"));
      h.run(writeOp(P, BUF, B));
      return pfnOf(h, P, BUF) === before;
    };
    expect(pfns("5.4")).toBe(true);
    expect(pfns("5.10")).toBe(false);
    expect(pfns("5.18")).toBe(true);
  });

  it("loses pin coherency on mprotect RO/RW in eras D and E, keeps it from 5.19 (S12)", () => {
    const outcome = (v: string): { pinned: number; mapped: number } => {
      const h = harness(v);
      h.run(mmapOp(P, BUF, 1));
      h.run(writeOp(P, BUF, A));
      fakePin(h, P, BUF);
      const pinned = h.frame(P, BUF);
      h.run(mprotectOp(P, BUF, 1, "ro"));
      h.run(mprotectOp(P, BUF, 1, "rw"));
      h.run(writeOp(P, BUF, B));
      return { pinned: pinned.value, mapped: h.frame(P, BUF).value };
    };
    expect(outcome("5.7")).toEqual({ pinned: B, mapped: B });
    expect(outcome("5.10")).toEqual({ pinned: A, mapped: B });
    expect(outcome("5.18")).toEqual({ pinned: A, mapped: B });
    expect(outcome("5.19")).toEqual({ pinned: B, mapped: B });
    expect(outcome("6.2")).toEqual({ pinned: B, mapped: B });
  });

  it("copies the zero page into a zeroed page and leaves the zero page untouched", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(readOp(P, BUF));
    h.run(writeOp(P, BUF, B));
    const f = h.frame(P, BUF);
    expect(f.pfn).not.toBe(h.world.zeroPfn);
    expect(f.value).toBe(B);
    expect(h.world.frames.get(h.world.zeroPfn)).toMatchObject({ value: 0, refcount: 1, mapcount: 0 });
  });

  it("unshares a COW-shared page in 5.19 with an exclusive read-only copy (S9)", () => {
    const h = harness("5.19", [P]);
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(forkOp(P, C));
    const shared = pfnOf(h, P, BUF);
    expect(unshare(h)).toEqual({ kind: "ok", brokeCow: false });
    const pte = h.present(P, BUF);
    expect(pte.pfn).not.toBe(shared);
    expect(pte.write).toBe(false);
    expect(h.frame(P, BUF)).toMatchObject({ value: A, anonExclusive: true });
    expect(h.frame(C, BUF).pfn).toBe(shared);
  });

  it("unshares a previously shared page in place once the child is gone (S10)", () => {
    const h = harness("5.19");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(forkOp(P, C));
    h.run(exitOp(C));
    drain(h);
    const pfn = pfnOf(h, P, BUF);
    unshare(h);
    expect(pfnOf(h, P, BUF)).toBe(pfn);
    expect(h.present(P, BUF).write).toBe(false);
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
    expect(h.events.some((e) => e.kind === "unshare")).toBe(true);
  });

  it("keeps an unshare copy's soft-dirty bit and leaves it clean", () => {
    const h = harness("6.2");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(forkOp(P, C));
    h.present(P, BUF).softDirty = false;
    unshare(h);
    expect(h.present(P, BUF)).toMatchObject({ softDirty: false, dirty: false, write: false });
  });

  it("does nothing for an unshare fault on an exclusive page", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(mprotectOp(P, BUF, 1, "ro"));
    const pfn = pfnOf(h, P, BUF);
    unshare(h);
    expect(pfnOf(h, P, BUF)).toBe(pfn);
    expect(h.events.filter((e) => e.kind === "copy")).toEqual([]);
  });

  it("makes a shared mapping's page writable in place on a write fault", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "rw", true));
    h.run(readOp(P, BUF));
    const pfn = pfnOf(h, P, BUF);
    h.run(mprotectOp(P, BUF, 1, "ro"));
    h.run(mprotectOp(P, BUF, 1, "rw"));
    h.run(writeOp(P, BUF, B));
    expect(pfnOf(h, P, BUF)).toBe(pfn);
    expect(h.read(P, BUF)).toEqual([B]);
  });
});

describe("wpPage event texts", () => {
  it("names the holders behind page_count when a copy is forced by a non-mapping reference", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    drain(h);
    fakePipeRef(h, P, BUF);
    h.run(mprotectOp(P, BUF, 1, "ro"));
    h.run(mprotectOp(P, BUF, 1, "rw"));
    h.run(writeOp(P, BUF, B));
    expect(h.events.find((e) => e.kind === "copy")?.text).toBe("do_wp_page: page_count 2 != 1 (mapcount 1 + pipe 1), copy");
  });
});
