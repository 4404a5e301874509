// The context every kernel handler receives: the world it changes, the policy of the
// kernel version being modelled, and the event list the step returns.
import type { KernelEvent } from "./events.js";
import type { Policy } from "./policy.js";
import type { World } from "./state.js";

export interface Ctx {
  readonly world: World;
  readonly policy: Policy;
  readonly events: KernelEvent[];
  /** False when the caller wants no events (the checker's hot loop); the state changes the same. */
  readonly record?: boolean;
}

/** Records one event of the current step (unless the step was asked for none). */
export function emit(ctx: Ctx, event: KernelEvent): void {
  if (ctx.record !== false) ctx.events.push(event);
}
