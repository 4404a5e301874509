import { describe, expect, it } from "vitest";
import { BUF, C, forkOp, G, harness, madviseOp, mmapOp, munmapOp, P, writeOp } from "./harness.js";
import type { Harness } from "./harness.js";
import { A, B, ksmScanOp, ok, pinOp, pinReadOp, readOne, valueOf, vmspliceOp } from "./gupHarness.js";

/** P and G (unrelated) each map one mergeable page holding A. */
function twoMergeable(version: string): Harness {
  const h = harness(version, [P, G]);
  for (const pid of [P, G]) {
    ok(h, mmapOp(pid, BUF, 1));
    ok(h, madviseOp(pid, BUF, 1, "mergeable"));
    ok(h, writeOp(pid, BUF, A));
  }
  return h;
}

describe("ksm", () => {
  it("merges identical pages into one write-protected, clean KSM page and frees the other", () => {
    const h = twoMergeable("5.10");
    const frames = h.world.frames.size;
    ok(h, ksmScanOp);
    expect(h.present(P, BUF).pfn).toBe(h.present(G, BUF).pfn);
    expect(h.frame(P, BUF)).toMatchObject({ ksm: true, anonExclusive: false, mapcount: 2, refcount: 2 });
    expect(h.present(P, BUF)).toMatchObject({ write: false, dirty: false });
    expect(h.world.frames.size).toBe(frames - 1);
  });

  it("merges an exclusive page on 5.19 by making it shared first", () => {
    const h = twoMergeable("5.19");
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
    ok(h, ksmScanOp);
    expect(h.frame(P, BUF)).toMatchObject({ ksm: true, anonExclusive: false });
  });

  it.each(["5.10", "6.18"])("does not merge a page holding a GUP reference on %s", (v) => {
    const h = twoMergeable(v);
    ok(h, vmspliceOp(P, BUF));
    ok(h, ksmScanOp);
    expect(h.present(P, BUF).pfn).not.toBe(h.present(G, BUF).pfn);
  });

  it("does not merge a pinned page, in any era with pins", () => {
    for (const v of ["5.7", "5.19"]) {
      const h = twoMergeable(v);
      ok(h, pinOp(P, BUF, { write: true }));
      ok(h, ksmScanOp);
      expect(h.frame(P, BUF).ksm).toBe(false);
    }
  });

  it("merges three pages, and a page shared by parent and child, into one KSM page", () => {
    const h = twoMergeable("6.1");
    ok(h, forkOp(P, C));
    ok(h, ksmScanOp);
    const k = h.present(P, BUF).pfn;
    expect(h.present(C, BUF).pfn).toBe(k);
    expect(h.present(G, BUF).pfn).toBe(k);
    expect(h.frame(P, BUF).mapcount).toBe(3);
  });

  it("leaves pages of a VMA without MADV_MERGEABLE alone and ignores the advice on a shared mapping", () => {
    const h = harness("6.1", [P, G]);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, mmapOp(G, BUF, 1, "rw", true));
    ok(h, madviseOp(G, BUF, 1, "mergeable"));
    ok(h, writeOp(G, BUF, A));
    ok(h, ksmScanOp);
    expect(h.frame(P, BUF).ksm).toBe(false);
    expect(h.world.mms.get(G)?.vmas[0]?.mergeable).toBe(false);
  });

  it("breaks every KSM page of the range into a private copy on MADV_UNMERGEABLE", () => {
    const h = twoMergeable("5.10");
    ok(h, ksmScanOp);
    const k = h.present(P, BUF).pfn;
    ok(h, madviseOp(P, BUF, 1, "unmergeable"));
    expect(h.present(P, BUF).pfn).not.toBe(k);
    expect(h.frame(P, BUF).ksm).toBe(false);
    expect(readOne(h, P, BUF)).toBe(A);
    expect(h.present(G, BUF).pfn).toBe(k);
  });

  describe("S20: KSM-merged page + R/O pin, then the pinning process writes", () => {
    function s20(version: string): { device: number; other: number } {
      const h = twoMergeable(version);
      ok(h, ksmScanOp);
      ok(h, pinOp(P, BUF));
      ok(h, writeOp(P, BUF, B));
      return { device: valueOf(h.run(pinReadOp(P))), other: readOne(h, G, BUF) };
    }
    it.each(["4.19", "5.7", "5.10", "5.18"])("leaves the device on the KSM page on %s", (v) => {
      expect(s20(v)).toEqual({ device: A, other: A });
    });
    it("breaks COW at pin time on 5.8, so the device follows the process", () => {
      expect(s20("5.8")).toEqual({ device: B, other: A });
    });
    it.each(["5.19", "6.1", "6.18"])("unshares the KSM page at pin time on %s", (v) => {
      expect(s20(v)).toEqual({ device: B, other: A });
    });
  });

  describe("S21: writing a KSM page that has a single remaining mapping", () => {
    function pfnKept(version: string): boolean {
      const h = twoMergeable(version);
      ok(h, ksmScanOp);
      ok(h, munmapOp(G, BUF));
      const k = h.present(P, BUF).pfn;
      ok(h, writeOp(P, BUF, B));
      expect(readOne(h, P, BUF)).toBe(B);
      return h.present(P, BUF).pfn === k;
    }
    it.each(["4.19", "5.0"])("copies on %s", (v) => expect(pfnKept(v)).toBe(false));
    it.each(["5.1", "5.8"])("reuses the page on %s (reuse_ksm_page)", (v) => expect(pfnKept(v)).toBe(true));
    it.each(["5.9", "6.18"])("copies on %s", (v) => expect(pfnKept(v)).toBe(false));
  });
});
