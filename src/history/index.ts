// The history layer's public face: modelled versions, the change records, the eras, and the
// policies folded from them (design.md §2).
export type { VersionRange } from "./versions.js";
export {
  MODELLED_VERSIONS,
  OLDEST_VERSION,
  NEWEST_VERSION,
  compareVersions,
  formatVersion,
  parseVersion,
  isModelled,
  inRange,
  versionsIn,
  formatRange,
} from "./versions.js";
export type { EraLetter, HistoryRecord } from "./record.js";
export { ERA_LETTERS, isCommitId } from "./record.js";
export { BASELINE_VERSION, BASELINE_KNOBS } from "./baseline.js";
export { RECORDS } from "./records.js";
export type { Era } from "./eras.js";
export { ERAS, eraOf, eraByLetter } from "./eras.js";
export type { KnobChoice } from "./knobs.js";
export { KNOB_NAMES, KNOB_CHOICES, isKnobName, parseKnobValue, knobsOf, knobDifferences, sameKnobs } from "./knobs.js";
export { policyFor, knobsAt, recordsUpTo, applyDecides, recordSetting } from "./policyFor.js";
export type { PolicyGroup } from "./distinctPolicies.js";
export { distinctPolicies } from "./distinctPolicies.js";
export { customPolicy } from "./customPolicy.js";
