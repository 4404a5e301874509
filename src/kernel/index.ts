// The kernel model's public surface: build a world, step it under a policy, copy it, check
// its invariants, and the contract types (ids, ops, policy knobs, state, events).
export { createWorld, cloneWorld } from "./world.js";
export { step } from "./step.js";
export type { StepOptions } from "./step.js";
export { checkInvariants, violationText } from "./invariants.js";
export type { InvariantViolation } from "./invariants.js";
export { GUP_PIN_COUNTING_BIAS, pageMaybeDmaPinned } from "./frame.js";
export { pagemapFlags, framePfn } from "./pagemap.js";
export { findVma, getMm, isCowMapping } from "./vma.js";
export * from "./ids.js";
export type * from "./ops.js";
export { OP_KINDS } from "./ops.js";
export type * from "./policy.js";
export type * from "./state.js";
export type * from "./events.js";
export type * from "./faultTypes.js";
