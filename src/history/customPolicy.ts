// A hypothetical policy: a real version's knobs with some replaced, for a kernel developer's
// "what if reuse also required !swapcache" (design.md §2). Its era is "custom" so traces and
// reports never mistake it for a real kernel.
import type { Policy, PolicyKnobs } from "../kernel/policy.js";
import { applyDecides } from "./policyFor.js";

/**
 * `base` with the knobs of `decides` replaced, era "custom", version kept from `base`.
 * Throws a RangeError for a key that is not a knob (a caller bug: user input goes through
 * isKnobName and parseKnobValue first).
 */
export function customPolicy(base: Policy, decides: Partial<PolicyKnobs>): Policy {
  return Object.freeze({
    ...applyDecides(base, decides),
    version: base.version,
    era: "custom",
  });
}
