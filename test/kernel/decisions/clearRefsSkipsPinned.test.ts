import { describe, expect, it } from "vitest";
import { chooseClearRefsSkip, neverSkip, skipIfPinned } from "../../../src/kernel/decisions/clearRefsSkipsPinned.js";
import { asPfn } from "../../../src/kernel/ids.js";
import type { Mm, PresentPte, Vma, World } from "../../../src/kernel/state.js";
import { createMm, createWorld } from "../../../src/kernel/world.js";
import { P, policyOf } from "../harness.js";

const vma = (o: Partial<Vma> = {}): Vma => ({
  start: 0, end: 1, read: true, write: true, mayWrite: true, shared: false, dontCopy: false, wipeOnFork: false,
  softDirty: true, mergeable: false, anonVma: true, shmem: null, ...o,
});
const pte = (o: Partial<PresentPte> = {}): PresentPte => ({ present: true, pfn: asPfn(1), write: true, dirty: true, softDirty: true, uffdWp: false, ...o });

function worldWithRefs(refcount: number): World {
  const w = createWorld([P]);
  w.frames.set(asPfn(1), {
    pfn: asPfn(1), value: 0, refcount, mapcount: 1, pincount: 0, anon: true, ksm: false, anonExclusive: false,
    swapCache: null, inLruBatch: false, onLru: true, dirty: true,
  });
  return w;
}
const pinnedMm = (): Mm => ({ ...createMm(P), hasPinned: true });

describe("clearRefsSkipsPinned", () => {
  const v511 = policyOf("5.11");

  it("neverSkip write-protects even a pinned PTE", () => {
    expect(neverSkip(worldWithRefs(1025), policyOf("5.10"), pinnedMm(), vma(), pte())).toBe(false);
  });

  it("skipIfPinned skips a writable maybe-pinned PTE of a COW mapping in an mm that has pinned", () => {
    expect(skipIfPinned(worldWithRefs(1025), v511, pinnedMm(), vma(), pte())).toBe(true);
  });

  it("skipIfPinned handles read-only, unpinned, never-pinned-mm and shared cases normally", () => {
    expect(skipIfPinned(worldWithRefs(1025), v511, pinnedMm(), vma(), pte({ write: false }))).toBe(false);
    expect(skipIfPinned(worldWithRefs(2), v511, pinnedMm(), vma(), pte())).toBe(false);
    expect(skipIfPinned(worldWithRefs(1025), v511, createMm(P), vma(), pte())).toBe(false);
    expect(skipIfPinned(worldWithRefs(1025), v511, pinnedMm(), vma({ shared: true, shmem: 1 }), pte())).toBe(false);
    const w = worldWithRefs(1025);
    expect(skipIfPinned(w, v511, pinnedMm(), vma(), pte({ pfn: w.zeroPfn }))).toBe(false);
  });

  it("chooses the rule of each era", () => {
    expect(chooseClearRefsSkip(policyOf("5.10"))).toBe(neverSkip);
    expect(chooseClearRefsSkip(v511)).toBe(skipIfPinned);
    expect(chooseClearRefsSkip(policyOf("6.18"))).toBe(skipIfPinned);
  });
});
