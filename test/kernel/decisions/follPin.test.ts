import { describe, expect, it } from "vitest";
import { chooseFollPin, pinAsReference, pinPlainRef, pinRefs, pinWithBias } from "../../../src/kernel/decisions/follPin.js";
import { GUP_PIN_COUNTING_BIAS } from "../../../src/kernel/frame.js";
import { policyOf } from "../harness.js";

describe("follPin", () => {
  it.each([
    ["5.5", pinAsReference, { refs: 1, pincount: 0, held: "get" }],
    ["5.6", pinPlainRef, { refs: 1, pincount: 1, held: "pin" }],
    ["5.7", pinWithBias, { refs: GUP_PIN_COUNTING_BIAS, pincount: 1, held: "pin" }],
  ] as const)("accounts a pin on %s", (v, f, acct) => {
    expect(chooseFollPin(policyOf(v))).toBe(f);
    expect(f()).toEqual(acct);
    expect(pinRefs(policyOf(v))).toBe(acct.refs);
  });
});
