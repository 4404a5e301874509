import { describe, expect, it } from "vitest";
import { chooseKsmReuse, neverReuseKsm, reuseSoleRefKsm } from "../../../src/kernel/decisions/ksmReuse.js";
import { asSwapSlot } from "../../../src/kernel/ids.js";
import { policyOf } from "../harness.js";
import { frameWith } from "./vmaFixture.js";

const ksm = frameWith({ ksm: true });

describe("ksmReuse", () => {
  it("reuses a KSM page only with its sole reference and outside the swap cache (5.1..5.8)", () => {
    expect(reuseSoleRefKsm(ksm).reuse).toBe(true);
    expect(reuseSoleRefKsm({ ...ksm, refcount: 2 }).reuse).toBe(false);
    expect(reuseSoleRefKsm({ ...ksm, swapCache: asSwapSlot(1) }).reuse).toBe(false);
    expect(neverReuseKsm(ksm).reuse).toBe(false);
  });
  it.each([
    ["5.0", neverReuseKsm],
    ["5.1", reuseSoleRefKsm],
    ["5.8", reuseSoleRefKsm],
    ["5.9", neverReuseKsm],
  ] as const)("picks the %s rule", (v, f) => expect(chooseKsmReuse(policyOf(v))).toBe(f));
});
