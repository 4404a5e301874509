import { describe, expect, it } from "vitest";
import { chooseZeroPageGrab, grabZeroPage, skipZeroPagePin } from "../../../src/kernel/decisions/zeroPageNeverPinned.js";
import { policyOf } from "../harness.js";

describe("zeroPageNeverPinned", () => {
  it("picks the 6.5 rule from 6.5 on", () => {
    expect(chooseZeroPageGrab(policyOf("6.4"))).toBe(grabZeroPage);
    expect(chooseZeroPageGrab(policyOf("6.5"))).toBe(skipZeroPagePin);
  });
  it("says so only for FOLL_PIN: a FOLL_GET still takes its (unmodelled) reference", () => {
    expect(skipZeroPagePin("pin")).toMatch(/never pinned/);
    expect(skipZeroPagePin("get")).toBe(grabZeroPage("get"));
    expect(grabZeroPage("pin")).toMatch(/FOLL_PIN/);
  });
});
