import { describe, expect, it } from "vitest";
import { BUF, C, clearRefsOp, forkOp, harness, mmapOp, mprotectOp, P, writeOp } from "./harness.js";
import { A, B, forceWriteOp, ok, readOne } from "./gupHarness.js";

const ALL = ["4.4", "4.8", "4.9", "4.19", "5.8", "5.10", "5.19", "6.0", "6.2", "6.18"];

/** S19: a debugger writes B into a read-only private page that a forked sibling shares. */
function s19(version: string): { target: number; sibling: number; ptes: boolean; segv: boolean } {
  const h = harness(version);
  ok(h, mmapOp(P, BUF, 1));
  ok(h, writeOp(P, BUF, A));
  ok(h, mprotectOp(P, BUF, 1, "ro"));
  ok(h, forkOp(P, C));
  ok(h, forceWriteOp(P, BUF, B));
  const ptes = h.present(P, BUF).write;
  const segv = h.run(writeOp(P, BUF, A)).kind === "segv";
  return { target: readOne(h, P, BUF), sibling: readOne(h, C, BUF), ptes, segv };
}

describe("forceWrite", () => {
  it.each(ALL)("writes only the target's own COW copy and leaves the PTE read-only on %s", (v) => {
    expect(s19(v)).toEqual({ target: B, sibling: A, ptes: false, segv: true });
  });

  it.each(ALL)("COWs the zero page of an untouched read-only mapping on %s", (v) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1, "ro"));
    expect(h.read(P, BUF)).toEqual([0]);
    ok(h, forceWriteOp(P, BUF, B));
    expect(readOne(h, P, BUF)).toBe(B);
    expect(h.world.frames.get(h.world.zeroPfn)?.value).toBe(0);
  });

  it("drops FOLL_WRITE after the COW on 4.8 (the Dirty COW retry) and keeps it from 4.9", () => {
    const texts = (v: string): string[] => {
      const h = harness(v);
      ok(h, mmapOp(P, BUF, 1, "ro"));
      ok(h, forceWriteOp(P, BUF, B));
      return h.events.map((e) => e.text);
    };
    expect(texts("4.8").some((t) => t.includes("drop FOLL_WRITE"))).toBe(true);
    expect(texts("4.9").some((t) => t.includes("set FOLL_COW"))).toBe(true);
    expect(texts("6.0").some((t) => t.includes("FOLL_COW") || t.includes("FOLL_WRITE"))).toBe(false);
  });

  it.each(["5.10", "6.0", "6.18"])("still lands after clear_refs arms soft-dirty tracking on %s", (v) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, mprotectOp(P, BUF, 1, "ro"));
    ok(h, clearRefsOp(P));
    ok(h, forceWriteOp(P, BUF, B));
    expect(readOne(h, P, BUF)).toBe(B);
  });

  it.each(ALL)("fails with EIO on a shared mapping without VM_WRITE on %s", (v) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1, "ro", true));
    expect(h.run(forceWriteOp(P, BUF, B))).toMatchObject({ kind: "error", errno: "EIO" });
  });

  it("fails with EIO where nothing is mapped", () => {
    const h = harness("6.1");
    expect(h.run(forceWriteOp(P, BUF, B))).toMatchObject({ kind: "error", errno: "EIO" });
  });

  it("writes a writable page in place without a fault and drops its reference", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    const pfn = h.present(P, BUF).pfn;
    const rc = h.frame(P, BUF).refcount;
    ok(h, forceWriteOp(P, BUF, B));
    expect(h.present(P, BUF).pfn).toBe(pfn);
    expect(h.frame(P, BUF).refcount).toBe(rc);
    expect(h.events.some((e) => e.kind === "fault")).toBe(false);
  });
});
