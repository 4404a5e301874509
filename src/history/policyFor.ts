// A kernel version's Policy as the fold of every record up to it over the 4.4 baseline
// (design.md §2): policyFor("5.10") applies all records with version <= 5.10. Memoised and
// frozen, since every step of every run asks for it.
import type { KernelVersion, KnobName, Policy, PolicyKnobs } from "../kernel/policy.js";
import { BASELINE_KNOBS } from "./baseline.js";
import { eraOf } from "./eras.js";
import { isKnobName, knobsOf } from "./knobs.js";
import type { HistoryRecord } from "./record.js";
import { RECORDS } from "./records.js";
import { compareVersions, formatVersion, isModelled } from "./versions.js";

export { eraOf } from "./eras.js";

const memo = new Map<string, Policy>();

/**
 * The policy of a modelled mainline version. Throws a RangeError for a version cowlab does not
 * model (callers validate first; the scenario checker reports such versions as diagnostics).
 * The same version always returns the same frozen object.
 */
export function policyFor(version: KernelVersion): Policy {
  const key = formatVersion(version);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  if (!isModelled(version)) throw new RangeError(`kernel ${key} is not modelled`);
  const policy: Policy = Object.freeze({
    ...knobsAt(version),
    version: Object.freeze({ major: version.major, minor: version.minor }),
    era: eraOf(version),
  });
  memo.set(key, policy);
  return policy;
}

/** The baseline with every record of `records` up to `version` applied, oldest first. */
export function knobsAt(version: KernelVersion, records: readonly HistoryRecord[] = RECORDS): PolicyKnobs {
  return recordsUpTo(version, records).reduce<PolicyKnobs>((knobs, r) => applyDecides(knobs, r.decides), BASELINE_KNOBS);
}

/** The records a version contains, in fold order. */
export function recordsUpTo(version: KernelVersion, records: readonly HistoryRecord[] = RECORDS): HistoryRecord[] {
  return records.filter((r) => compareVersions(r.version, version) <= 0);
}

/** The knobs of `knobs` with those of `decides` replaced; keys whose value is undefined are skipped. */
export function applyDecides(knobs: PolicyKnobs, decides: Partial<PolicyKnobs>): PolicyKnobs {
  const out: Record<string, unknown> = { ...knobsOf(knobs) };
  for (const [k, value] of Object.entries(decides)) {
    if (value === undefined) continue;
    // Records are typed, so an unknown key is a bug in a caller that built one by hand.
    if (!isKnobName(k)) throw new RangeError(`unknown knob \`${k}\``);
    out[k] = value;
  }
  return out as unknown as PolicyKnobs;
}

/** Which record last set a knob at a version: null when the baseline value still holds. */
export function recordSetting(knob: KnobName, version: KernelVersion): HistoryRecord | null {
  const setters = recordsUpTo(version).filter((r) => r.decides[knob] !== undefined);
  return setters[setters.length - 1] ?? null;
}
