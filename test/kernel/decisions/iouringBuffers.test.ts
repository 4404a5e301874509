import { describe, expect, it } from "vitest";
import { chooseIouringRegisterFlags, noIouring, registerWithGet, registerWithPin } from "../../../src/kernel/decisions/iouringBuffers.js";
import { policyOf } from "../harness.js";

describe("iouringBuffers", () => {
  it.each([
    ["5.0", noIouring],
    ["5.1", registerWithGet],
    ["5.5", registerWithGet],
    ["5.6", registerWithPin],
  ] as const)("registers on %s", (v, f) => expect(chooseIouringRegisterFlags(policyOf(v))).toBe(f));
  it("always asks for FOLL_WRITE | FOLL_LONGTERM, and nothing exists before 5.1", () => {
    expect(registerWithGet()).toEqual({ write: true, force: false, foll: "get", longterm: true });
    expect(registerWithPin()).toEqual({ write: true, force: false, foll: "pin", longterm: true });
    expect(noIouring()).toBeNull();
  });
});
