// distinctPolicies: consecutive modelled versions with identical knobs form one group.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KernelVersion } from "../../src/kernel/policy.js";
import {
  MODELLED_VERSIONS,
  compareVersions,
  distinctPolicies,
  formatVersion,
  parseVersion,
  policyFor,
  sameKnobs,
  versionsIn,
} from "../../src/history/index.js";
import type { PolicyGroup } from "../../src/history/index.js";

const show = (groups: readonly PolicyGroup[]): string[] =>
  groups.map((g) => (compareVersions(g.from, g.to) === 0 ? formatVersion(g.from) : `${formatVersion(g.from)}..${formatVersion(g.to)}`));

const V = (t: string): KernelVersion => parseVersion(t) as KernelVersion;

/** Checks the group contract for a given input: coverage, contiguity, equal knobs inside, differences between. */
function checkGroups(input: readonly KernelVersion[]): void {
  const groups = distinctPolicies(input);
  const wanted = [...new Set(input.map(formatVersion))].map(V).sort(compareVersions);
  const covered = groups.flatMap((g) => versionsIn({ from: g.from, to: g.to }));
  expect(covered.map(formatVersion)).toEqual(wanted.map(formatVersion));
  for (const g of groups) {
    for (const v of versionsIn({ from: g.from, to: g.to })) expect(sameKnobs(policyFor(v), g.policy)).toBe(true);
  }
  for (let i = 1; i < groups.length; i++) {
    const a = groups[i - 1] as PolicyGroup;
    const b = groups[i] as PolicyGroup;
    const adjacent = MODELLED_VERSIONS.findIndex((m) => compareVersions(m, b.from) === 0) ===
      MODELLED_VERSIONS.findIndex((m) => compareVersions(m, a.to) === 0) + 1;
    if (adjacent) expect(sameKnobs(a.policy, b.policy)).toBe(false);
  }
}

describe("distinctPolicies", () => {
  it("splits the modelled versions where a record changes a knob", () => {
    expect(show(distinctPolicies())).toEqual([
      "4.4..4.8", "4.9..4.13", "4.14..4.15", "4.16..5.0", "5.1..5.3", "5.4..5.5", "5.6", "5.7", "5.8",
      "5.9..5.10", "5.11..5.17", "5.18", "5.19", "6.0..6.1", "6.2..6.4", "6.5..6.8", "6.9..6.10", "6.11..6.13",
      "6.14..6.18",
    ]);
  });

  it("keeps 5.10 and 5.11 apart", () => {
    const groups = distinctPolicies([V("5.10"), V("5.11")]);
    expect(show(groups)).toEqual(["5.10", "5.11"]);
  });

  it("covers every modelled version once, each group with one set of knobs", () => {
    checkGroups(MODELLED_VERSIONS);
  });

  it("holds the same contract for any subset of versions, in any order, with repeats (seed 42)", () => {
    const arb = fc.array(fc.constantFrom(...MODELLED_VERSIONS), { maxLength: 60 });
    fc.assert(fc.property(arb, (input) => checkGroups(input)), { seed: 42, numRuns: 200 });
  });

  it("does not join versions that are not neighbours in the input", () => {
    expect(show(distinctPolicies([V("4.9"), V("4.11")]))).toEqual(["4.9", "4.11"]);
  });

  it("gives each group the policy of its first version", () => {
    for (const g of distinctPolicies()) expect(g.policy).toBe(policyFor(g.from));
  });

  it("returns no group for no version and throws a RangeError for one that is not modelled", () => {
    expect(distinctPolicies([])).toEqual([]);
    expect(() => distinctPolicies([V("5.10"), V("7.0")])).toThrow(RangeError);
  });
});
