// Groups kernel versions whose knobs are identical, so that `cowlab test` and the checker run
// each behaviour once: 5.9..5.10 is one group, 5.11 starts the next (feb889fb40fa, 9348b73c2e1b).
import type { KernelVersion, Policy } from "../kernel/policy.js";
import { sameKnobs } from "./knobs.js";
import { policyFor } from "./policyFor.js";
import { MODELLED_VERSIONS, compareVersions } from "./versions.js";

/** A run of modelled versions, `from` to `to` inclusive, that share `policy`'s knobs. */
export interface PolicyGroup {
  readonly from: KernelVersion;
  readonly to: KernelVersion;
  /** The policy of `from`: its knobs hold for the whole group. */
  readonly policy: Policy;
}

/**
 * Sorts and de-duplicates `versions`, then joins versions that are neighbours among the modelled
 * versions and have identical knobs. A version left out of `versions` splits a group, so every
 * group stands for a contiguous range. Throws a RangeError for a version that is not modelled.
 */
export function distinctPolicies(versions: readonly KernelVersion[] = MODELLED_VERSIONS): PolicyGroup[] {
  const groups: PolicyGroup[] = [];
  let prevIndex = -2;
  for (const version of sortedUnique(versions)) {
    const policy = policyFor(version);
    const index = modelledIndex(version);
    const last = groups[groups.length - 1];
    if (last !== undefined && index === prevIndex + 1 && sameKnobs(last.policy, policy)) {
      groups[groups.length - 1] = { ...last, to: policy.version };
    } else {
      groups.push({ from: policy.version, to: policy.version, policy });
    }
    prevIndex = index;
  }
  return groups;
}

function sortedUnique(versions: readonly KernelVersion[]): KernelVersion[] {
  const sorted = [...versions].sort(compareVersions);
  return sorted.filter((v, i) => i === 0 || compareVersions(v, sorted[i - 1] as KernelVersion) !== 0);
}

function modelledIndex(version: KernelVersion): number {
  return MODELLED_VERSIONS.findIndex((m) => compareVersions(m, version) === 0);
}
