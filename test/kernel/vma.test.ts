import { describe, expect, it } from "vitest";
import type { Mm, Vma } from "../../src/kernel/state.js";
import { findVma, findVmaIndex, insertVma, isFullyMapped, isolateRange, mergeVmas, removeVmas, splitVmaAt, vmasIn } from "../../src/kernel/vma.js";
import { createMm } from "../../src/kernel/world.js";
import { P } from "./harness.js";

const vma = (start: number, end: number, o: Partial<Vma> = {}): Vma => ({
  start, end, read: true, write: true, mayWrite: true, shared: false, dontCopy: false, wipeOnFork: false,
  softDirty: true, mergeable: false, anonVma: false, shmem: null, ...o,
});

function mmWith(...vmas: Vma[]): Mm {
  const mm = createMm(P);
  for (const v of vmas) insertVma(mm, v);
  return mm;
}
const spans = (mm: Mm): number[][] => mm.vmas.map((v) => [v.start, v.end]);

describe("vma", () => {
  it("finds the VMA containing a page by binary search", () => {
    const mm = mmWith(vma(30, 40), vma(0, 10), vma(10, 20));
    expect(spans(mm)).toEqual([[0, 10], [10, 20], [30, 40]]);
    expect(findVma(mm, 0)?.start).toBe(0);
    expect(findVma(mm, 19)?.start).toBe(10);
    expect(findVma(mm, 20)).toBeUndefined();
    expect(findVma(mm, 39)?.start).toBe(30);
    expect(findVmaIndex(mm, 40)).toBe(-1);
  });

  it("splits a VMA at a page inside it, both halves keeping the flags", () => {
    const mm = mmWith(vma(0, 10, { anonVma: true, write: false }));
    splitVmaAt(mm, 4);
    splitVmaAt(mm, 0);
    splitVmaAt(mm, 50);
    expect(spans(mm)).toEqual([[0, 4], [4, 10]]);
    expect(mm.vmas.every((v) => v.anonVma && !v.write)).toBe(true);
  });

  it("isolates a range across VMAs and lists the VMAs inside it", () => {
    const mm = mmWith(vma(0, 10), vma(20, 30));
    expect(isolateRange(mm, 5, 25).map((v) => [v.start, v.end])).toEqual([[5, 10], [20, 25]]);
    expect(spans(mm)).toEqual([[0, 5], [5, 10], [20, 25], [25, 30]]);
    expect(vmasIn(mm, 9, 21).map((v) => v.start)).toEqual([5, 20]);
  });

  it("tells whether a range is fully mapped", () => {
    const mm = mmWith(vma(0, 10), vma(10, 20), vma(30, 40));
    expect(isFullyMapped(mm, 2, 18)).toBe(true);
    expect(isFullyMapped(mm, 15, 31)).toBe(false);
    expect(isFullyMapped(mm, 40, 41)).toBe(false);
  });

  it("removes the VMAs of a range", () => {
    const mm = mmWith(vma(0, 10), vma(10, 20), vma(30, 40));
    expect(removeVmas(mm, 10, 40).map((v) => v.start)).toEqual([10, 30]);
    expect(spans(mm)).toEqual([[0, 10]]);
  });

  it("merges compatible neighbours and keeps incompatible ones apart", () => {
    const mm = mmWith(vma(0, 10, { anonVma: true }), vma(10, 20), vma(20, 30, { write: false }), vma(30, 40, { write: false, softDirty: false }));
    mergeVmas(mm, 0, 40, false);
    expect(spans(mm)).toEqual([[0, 20], [20, 30], [30, 40]]);
    expect(mm.vmas[0]?.anonVma).toBe(true);
    mergeVmas(mm, 20, 40, true);
    expect(spans(mm)).toEqual([[0, 20], [20, 40]]);
    expect(mm.vmas[1]?.softDirty).toBe(true);
  });

  it("never merges different shmem objects", () => {
    const mm = mmWith(vma(0, 10, { shared: true, shmem: 1 }), vma(10, 20, { shared: true, shmem: 2 }));
    mergeVmas(mm, 0, 20, true);
    expect(spans(mm)).toEqual([[0, 10], [10, 20]]);
  });
});
