// The knob list and the parser of a user's knob setting.
import { describe, expect, it } from "vitest";
import { BASELINE_KNOBS, KNOB_NAMES, isKnobName, knobsOf, parseKnobValue, policyFor } from "../../src/history/index.js";

describe("knobs", () => {
  it("lists every knob of a policy, in the baseline's order", () => {
    expect([...KNOB_NAMES]).toEqual(Object.keys(BASELINE_KNOBS));
    const policy = policyFor({ major: 6, minor: 18 });
    expect(Object.keys(policy).filter((k) => k !== "version" && k !== "era").sort()).toEqual([...KNOB_NAMES].sort());
  });

  it("strips version and era from a policy", () => {
    const knobs = knobsOf(policyFor({ major: 5, minor: 8 }));
    expect(Object.keys(knobs)).toEqual([...KNOB_NAMES]);
    expect(knobs.gupForcesCowBreak).toBe(true);
  });

  it("recognises knob names and nothing else", () => {
    expect(isKnobName("smallPageReuse")).toBe(true);
    expect(isKnobName("era")).toBe(false);
    expect(isKnobName("SmallPageReuse")).toBe(false);
  });

  it("reads values the knob can take and refuses the others", () => {
    expect(parseKnobValue("smallPageReuse", "refcount")).toBe("refcount");
    expect(parseKnobValue("smallPageReuse", "sometimes")).toBeNull();
    expect(parseKnobValue("anonExclusive", "true")).toBe(true);
    expect(parseKnobValue("anonExclusive", "false")).toBe(false);
    expect(parseKnobValue("anonExclusive", "yes")).toBeNull();
    expect(parseKnobValue("lruBatchSize", "31")).toBe(31);
    expect(parseKnobValue("lruBatchSize", "0")).toBeNull();
    expect(parseKnobValue("lruBatchSize", "-3")).toBeNull();
    expect(parseKnobValue("lruBatchSize", "1e3")).toBeNull();
  });
});
