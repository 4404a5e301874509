// The lock-step runner: kernel model and ideal machine side by side over a program, giving
// a Trace per policy and a TestReport per scenario. Everything above run/ consumes this.
export type { ChangeTracker } from "./changes.js";
export { createChangeTracker, NO_CHANGES } from "./changes.js";
export type { Naming } from "./describe.js";
export {
  createNaming, describeExpected, describeFlags, describeOutcome, describePermitted, describeShown, describeValue,
  describeValues,
} from "./describe.js";
export { evaluateExpectation, meetsExpectation } from "./expectation.js";
export type { LockState, LockVerdict } from "./lockStep.js";
export { cloneLockState, createLockState, lockStep } from "./lockStep.js";
export type { RunOptions } from "./runProgram.js";
export { runProgram } from "./runProgram.js";
export { divergenceCount, summarize } from "./summary.js";
export type { GroupDivergence, GroupFailure, GroupResult, TestOptions, TestReport } from "./testProgram.js";
export { formatGroup, intersectRanges, testProgram } from "./testProgram.js";
export type {
  Change, Divergence, ExpectationResult, FrameView, LineFailure, MmView, PteView, RunStatus, StepChanges, StopReason,
  Trace, TraceStep, TraceSummary,
} from "./trace.js";
export type { TraceJson } from "./traceSchema.js";
export {
  AllowedSchema, DivergenceSchema, KernelEventSchema, OpSchema, OutcomeSchema, TraceSchema, TraceStepSchema,
} from "./traceSchema.js";
export { countUnnecessaryCows } from "./unnecessaryCow.js";
export { decisionHistory, explainDecision, findDecisionEvent } from "./why.js";
