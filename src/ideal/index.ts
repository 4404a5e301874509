// The ideal semantics (design.md §3): the logical-memory machine every kernel version is
// checked against, and the classification of what it does not allow.
export type { Allowed, IdealResult, PageAllowed, Via } from "./allowed.js";
export type { Ideal, IdealMapping, IdealPin, IdealProcess, IdealRef, IdealRing } from "./ideal.js";
export { cloneIdeal, createIdeal, hasLivePin, logicalPage, mappingAt } from "./ideal.js";
export { idealStep, isAvailabilityRefusal } from "./idealStep.js";
export type { DivergenceClass, Mismatch, Permitted, Shown } from "./judge.js";
export { DIVERGENCE_CLASSES, classifyValue, judgeOutcome } from "./judge.js";
export type { EntryKind, HistoryEntry, LogicalId, LogicalPage } from "./logical.js";
export { currentValue, valuesSince } from "./logical.js";
export type { IdealOp, IdealRange, KernelOutcomeLike } from "./ops.js";
