// customPolicy: a real version's knobs with a user's hypothetical changes.
import { describe, expect, it } from "vitest";
import type { PolicyKnobs } from "../../src/kernel/policy.js";
import { KNOB_NAMES, customPolicy, knobDifferences, policyFor } from "../../src/history/index.js";

const base = policyFor({ major: 5, minor: 10 });

describe("customPolicy", () => {
  it("replaces only the knobs it is given and marks the era custom", () => {
    const what = customPolicy(base, { smallPageReuse: "mapcount", lruBatchSize: 7 });
    expect(what.era).toBe("custom");
    expect(what.version).toEqual(base.version);
    expect(what.smallPageReuse).toBe("mapcount");
    expect(what.lruBatchSize).toBe(7);
    expect([...knobDifferences(base, what)].sort()).toEqual(["lruBatchSize", "smallPageReuse"]);
  });

  it("leaves the base policy unchanged", () => {
    customPolicy(base, { forkCopiesPinned: "always" });
    expect(base.forkCopiesPinned).toBe("maybe-pinned");
    expect(policyFor({ major: 5, minor: 10 }).forkCopiesPinned).toBe("maybe-pinned");
  });

  it("keeps every knob of the base when given none", () => {
    const same = customPolicy(base, {});
    for (const k of KNOB_NAMES) expect(same[k]).toBe(base[k]);
    expect(Object.isFrozen(same)).toBe(true);
  });

  it("throws a RangeError for a key that is not a knob", () => {
    const bad = { notAKnob: true } as unknown as Partial<PolicyKnobs>;
    expect(() => customPolicy(base, bad)).toThrow(RangeError);
    const era = { era: "A" } as unknown as Partial<PolicyKnobs>;
    expect(() => customPolicy(base, era)).toThrow(RangeError);
  });
});
