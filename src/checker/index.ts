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
export type { FuzzFailure, FuzzOptions, FuzzResult, ReplayError, ReplayPath } from "./fuzz.js";
export { formatReplayPath, fuzz, parseReplayPath, replayFuzz } from "./fuzz.js";
export type { Rng } from "./rng.js";
export { createRng, formatRngState, nextInt, nextUint32, pick, runRng } from "./rng.js";
export type { Candidate, ShrinkResult } from "./shrink.js";
export { MAX_SHRINK_TRIES, applyShrinkSteps, candidates, firstFinding, normalizeIds, shrinkWitness } from "./shrink.js";
export type { WalkResult } from "./walk.js";
export { drawAction, randomWalk } from "./walk.js";
