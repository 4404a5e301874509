import { describe, expect, it } from "vitest";
import { customPolicy } from "../../../src/history/index.js";
import {
  chooseForkCopiesPinned,
  copyAlways,
  copyIfExclusiveMaybePinned,
  copyIfMaybePinned,
  forkCopiesSwapEntries,
  forkDecision,
  shareAlways,
} from "../../../src/kernel/decisions/forkCopiesPinned.js";
import { asPfn } from "../../../src/kernel/ids.js";
import type { Frame, Mm, Vma } from "../../../src/kernel/state.js";
import { createMm } from "../../../src/kernel/world.js";
import { P, policyOf } from "../harness.js";

const vma = (o: Partial<Vma> = {}): Vma => ({
  start: 0, end: 1, read: true, write: true, mayWrite: true, shared: false, dontCopy: false, wipeOnFork: false,
  softDirty: true, mergeable: false, anonVma: true, shmem: null, ...o,
});
const frame = (o: Partial<Frame> = {}): Frame => ({
  pfn: asPfn(1), value: 0, refcount: 1025, mapcount: 1, pincount: 1, anon: true, ksm: false, anonExclusive: true,
  swapCache: null, inLruBatch: false, onLru: true, dirty: true, ...o,
});
const pinnedMm = (): Mm => ({ ...createMm(P), hasPinned: true });

describe("forkCopiesPinned", () => {
  const v510 = policyOf("5.10");
  const v519 = policyOf("5.19");

  it("shareAlways shares even a pinned page", () => {
    expect(shareAlways(policyOf("5.8"), pinnedMm(), vma(), frame()).copy).toBe(false);
  });

  it("copyIfMaybePinned copies a page with the pin bias when the mm has pinned", () => {
    expect(copyIfMaybePinned(v510, pinnedMm(), vma(), frame()).copy).toBe(true);
    expect(copyIfMaybePinned(v510, createMm(P), vma(), frame()).copy).toBe(false);
    expect(copyIfMaybePinned(v510, pinnedMm(), vma(), frame({ refcount: 1023 })).copy).toBe(false);
  });

  it("copyIfMaybePinned also copies a non-anon page (the 5.9 quirk, no PageAnon test)", () => {
    expect(copyIfMaybePinned(v510, pinnedMm(), vma(), frame({ anon: false, anonExclusive: false })).copy).toBe(true);
  });

  it("copyIfMaybePinned copies nothing in a shared mapping (not a COW mapping)", () => {
    expect(copyIfMaybePinned(v510, pinnedMm(), vma({ shared: true, shmem: 1 }), frame()).copy).toBe(false);
  });

  it("copyIfExclusiveMaybePinned copies only exclusive anon pages", () => {
    expect(copyIfExclusiveMaybePinned(v519, pinnedMm(), vma(), frame()).copy).toBe(true);
    expect(copyIfExclusiveMaybePinned(v519, pinnedMm(), vma(), frame({ anonExclusive: false })).copy).toBe(false);
    expect(copyIfExclusiveMaybePinned(v519, pinnedMm(), vma(), frame({ anon: false, anonExclusive: false })).copy).toBe(false);
    expect(copyIfExclusiveMaybePinned(v519, createMm(P), vma(), frame()).copy).toBe(false);
  });

  it("copyAlways copies every private anon page, pinned or not, KSM too", () => {
    const always = customPolicy(v510, { forkCopiesPinned: "always" });
    expect(copyAlways(always, createMm(P), vma(), frame({ refcount: 1, pincount: 0 })).copy).toBe(true);
    expect(copyAlways(always, createMm(P), vma(), frame({ ksm: true, anonExclusive: false })).copy).toBe(true);
    expect(copyAlways(always, createMm(P), vma({ shared: true, shmem: 1 }), frame({ anon: false })).copy).toBe(false);
    expect(forkCopiesSwapEntries(always)).toBe(true);
    expect(forkCopiesSwapEntries(v510)).toBe(false);
  });

  it("chooses the rule of each era", () => {
    expect(chooseForkCopiesPinned(policyOf("5.8"))).toBe(shareAlways);
    expect(chooseForkCopiesPinned(policyOf("5.9"))).toBe(copyIfMaybePinned);
    expect(chooseForkCopiesPinned(policyOf("5.18"))).toBe(copyIfMaybePinned);
    expect(chooseForkCopiesPinned(v519)).toBe(copyIfExclusiveMaybePinned);
    expect(chooseForkCopiesPinned(policyOf("6.18"))).toBe(copyIfExclusiveMaybePinned);
    expect(chooseForkCopiesPinned(customPolicy(v510, { forkCopiesPinned: "always" }))).toBe(copyAlways);
  });

  it("records the alternative and the verdict as the decision's choice", () => {
    expect(forkDecision(v510, true)).toEqual({ knob: "forkCopiesPinned", choice: "maybe-pinned:copy" });
    expect(forkDecision(v519, false)).toEqual({ knob: "forkCopiesPinned", choice: "maybe-pinned-exclusive:share" });
  });
});
