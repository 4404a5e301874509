import { describe, expect, it } from "vitest";
import { FAULT_AROUND_PAGES, PTRS_PER_PTE, faultAroundWindow } from "../../src/kernel/faultAround.js";
import type { Vma } from "../../src/kernel/state.js";
import { BUF, C, P, clearRefsOp, forkOp, harness, mmapOp, mprotectOp, munmapOp, writeOp } from "./harness.js";
import { A, ok } from "./gupHarness.js";

const vma = (start: number, end: number): Vma => ({
  start, end, read: true, write: true, mayWrite: true, shared: true, dontCopy: false, wipeOnFork: false,
  softDirty: true, mergeable: false, anonVma: false, shmem: 1,
});

/** P maps `pages` shared pages at BUF, forks C, and C writes A to [from, to). */
function childWrote(version: string, pages: number, from: number, to: number) {
  const h = harness(version);
  ok(h, mmapOp(P, BUF, pages, "rw", true));
  ok(h, forkOp(P, C));
  ok(h, writeOp(C, BUF + from, A, to - from));
  return h;
}

const mapped = (h: ReturnType<typeof harness>, pid: typeof P, from: number, to: number): number[] => {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (h.pte(pid, BUF + i) !== undefined) out.push(i);
  return out;
};

describe("faultAround", () => {
  it("uses 16-page windows inside 512-entry page tables", () => {
    expect(FAULT_AROUND_PAGES).toBe(16);
    expect(PTRS_PER_PTE).toBe(512);
  });

  it("takes the aligned 16-page block around the fault when the VMA covers it", () => {
    expect(faultAroundWindow(vma(0, 100), 21)).toEqual({ start: 16, end: 32 });
    expect(faultAroundWindow(vma(0, 100), 16)).toEqual({ start: 16, end: 32 });
  });

  it("starts at vm_start and runs 16 pages from there when the VMA starts inside the block", () => {
    expect(faultAroundWindow(vma(3, 100), 5)).toEqual({ start: 3, end: 19 });
  });

  it("stops at the VMA end and at the page-table end", () => {
    expect(faultAroundWindow(vma(0, 20), 18)).toEqual({ start: 16, end: 20 });
    expect(faultAroundWindow(vma(500, 600), 505)).toEqual({ start: 500, end: 512 });
    expect(faultAroundWindow(vma(500, 600), 515)).toEqual({ start: 512, end: 528 });
  });

  it.each(["4.4", "5.10", "6.3", "6.4", "6.18"])("maps the neighbours already in the page cache on a read fault on %s", (v) => {
    const h = childWrote(v, 3, 1, 2);
    expect(h.read(P, BUF)).toEqual([0]);
    expect(mapped(h, P, 0, 3)).toEqual([0, 1]);
    const f = h.frame(P, BUF + 1);
    expect(f.mapcount).toBe(2);
    expect(h.pagemap(C, BUF + 1).exclusive).toBe(false);
  });

  it("maps the neighbours clean and, with VM_SOFTDIRTY set, writable like vm_page_prot", () => {
    const h = childWrote("6.18", 2, 1, 2);
    h.read(P, BUF);
    expect(h.present(P, BUF + 1)).toMatchObject({ write: true, dirty: false, softDirty: false });
  });

  it("maps the neighbours read-only once clear_refs armed soft-dirty tracking (write-notify)", () => {
    const h = childWrote("6.18", 2, 1, 2);
    ok(h, clearRefsOp(P));
    h.read(P, BUF);
    expect(h.present(P, BUF + 1).write).toBe(false);
  });

  it("maps the neighbours read-only in a read-only VMA", () => {
    const h = childWrote("5.10", 2, 1, 2);
    ok(h, mprotectOp(P, BUF, 2, "ro"));
    h.read(P, BUF);
    expect(h.present(P, BUF + 1).write).toBe(false);
  });

  it("maps the faulting page itself when it is in the page cache (no ->fault call)", () => {
    const h = childWrote("6.18", 2, 0, 2);
    const before = h.world.nextPfn;
    expect(h.read(P, BUF)).toEqual([A]);
    expect(h.world.nextPfn).toBe(before);
    expect(mapped(h, P, 0, 2)).toEqual([0, 1]);
  });

  it("does not fault around on a write fault (do_shared_fault)", () => {
    const h = childWrote("6.18", 3, 1, 3);
    ok(h, writeOp(P, BUF, A));
    expect(mapped(h, P, 0, 3)).toEqual([0]);
  });

  it("leaves PTEs that are already set alone", () => {
    const h = childWrote("6.18", 3, 0, 3);
    h.read(P, BUF + 2);
    const f = h.frame(P, BUF + 2);
    h.read(P, BUF);
    expect(f.mapcount).toBe(2);
    expect(h.frame(P, BUF + 1).mapcount).toBe(2);
  });

  it("never faults around in a private anonymous VMA (no ->map_pages)", () => {
    const h = harness("6.18");
    ok(h, mmapOp(P, BUF, 2));
    ok(h, forkOp(P, C));
    ok(h, writeOp(C, BUF + 1, A));
    expect(h.read(P, BUF)).toEqual([0]);
    expect(h.present(P, BUF).pfn).toBe(h.world.zeroPfn);
    expect(h.pte(P, BUF + 1)).toBeUndefined();
  });

  it("follows the window past the aligned block when munmap moved vm_start", () => {
    const h = childWrote("6.18", 40, 3, 24);
    ok(h, munmapOp(P, BUF, 3));
    expect(h.read(P, BUF + 5)).toEqual([A]);
    expect(mapped(h, P, 0, 40)).toEqual([...Array(16).keys()].map((i) => i + 3));
  });

  it("stops at a VMA boundary made by mprotect", () => {
    const h = childWrote("6.18", 16, 0, 16);
    ok(h, mprotectOp(P, BUF + 8, 2, "ro"));
    h.read(P, BUF + 2);
    expect(mapped(h, P, 0, 16)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("counts each mapping it adds in the page's refcount", () => {
    const h = childWrote("6.18", 2, 1, 2);
    const f = h.frame(C, BUF + 1);
    const refs = f.refcount;
    h.read(P, BUF);
    expect(f.refcount).toBe(refs + 1);
  });
});
