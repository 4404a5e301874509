import { describe, expect, it } from "vitest";
import { chooseReclaimPinned, skipIfNotInSwapcache, skipThenRefuseExclusive, unmapIntoSwapcache } from "../../../src/kernel/decisions/reclaimPinned.js";
import { GUP_PIN_COUNTING_BIAS } from "../../../src/kernel/frame.js";
import { asPfn } from "../../../src/kernel/ids.js";
import type { Frame } from "../../../src/kernel/state.js";
import { policyOf } from "../harness.js";

const frame = (o: Partial<Frame> = {}): Frame => ({
  pfn: asPfn(1), value: 0, refcount: 1 + GUP_PIN_COUNTING_BIAS, mapcount: 1, pincount: 1, anon: true, ksm: false,
  anonExclusive: true, swapCache: null, inLruBatch: false, onLru: true, dirty: true, ...o,
});

describe("reclaimPinned", () => {
  const p = policyOf("6.1");
  it("lets every page into the swap cache and unmaps it until 5.10", () => {
    expect(unmapIntoSwapcache.addToSwap(p, frame()).proceed).toBe(true);
    expect(unmapIntoSwapcache.unmap(p, frame()).proceed).toBe(true);
  });
  it("keeps a maybe-pinned page out of the swap cache from 5.11 but unmaps one already there", () => {
    expect(skipIfNotInSwapcache.addToSwap(p, frame()).proceed).toBe(false);
    expect(skipIfNotInSwapcache.addToSwap(p, frame({ refcount: 1, pincount: 0 })).proceed).toBe(true);
    expect(skipIfNotInSwapcache.unmap(p, frame()).proceed).toBe(true);
  });
  it("refuses to unmap an exclusive pinned page from 5.19, and only that", () => {
    expect(skipThenRefuseExclusive.addToSwap(p, frame()).proceed).toBe(false);
    expect(skipThenRefuseExclusive.unmap(p, frame()).proceed).toBe(false);
    expect(skipThenRefuseExclusive.unmap(p, frame({ anonExclusive: false })).proceed).toBe(true);
    expect(skipThenRefuseExclusive.unmap(p, frame({ refcount: 1, pincount: 0 })).proceed).toBe(true);
  });
  it.each([
    ["5.10", unmapIntoSwapcache],
    ["5.11", skipIfNotInSwapcache],
    ["5.18", skipIfNotInSwapcache],
    ["5.19", skipThenRefuseExclusive],
  ] as const)("picks the %s rule", (v, rule) => expect(chooseReclaimPinned(policyOf(v))).toBe(rule));
});
