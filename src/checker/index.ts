// The checker (design.md §4): exhaustive breadth-first search for shortest divergences, seeded
// fuzzing with shrinking, and coverage of the policy's decisions. Everything is data; cli/ prints.
export type { Action, Bounds, Counters } from "./actions.js";
export { enabledActions } from "./actions.js";
export type { Coverage, CoverageRow } from "./coverage.js";
export { coverageRows, createCoverage, knobsNeverConsulted, mergeCoverage, recordDecisions } from "./coverage.js";
export type { ExploreOptions, Progress } from "./explore.js";
export { explore, startState } from "./explore.js";
export type { GroupExplored } from "./exploreAll.js";
export { exploreAll } from "./exploreAll.js";
export { fingerprint } from "./fingerprint.js";
export { witnessItf } from "./itf.js";
export type { ExploreResult, FindingClass, SearchStats, StopKind, Witness } from "./outcome.js";
export { createEncoder } from "./renaming.js";
export type { ReplayedWitness } from "./replay.js";
export { replayWitness } from "./replay.js";
export type { CheckerVerb } from "./verbs.js";
export { CHECKER_VERBS, DEFAULT_VERBS, parseVerbs, verbNames } from "./verbs.js";
export { actionLine, witnessText } from "./witness.js";
