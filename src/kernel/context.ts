// The context every kernel handler receives: the world it changes, the policy of the
// kernel version being modelled, and the event list the step returns.
import type { KernelEvent } from "./events.js";
import type { Policy } from "./policy.js";
import type { World } from "./state.js";

export interface Ctx {
  readonly world: World;
  readonly policy: Policy;
  readonly events: KernelEvent[];
}

/** Records one event of the current step. */
export function emit(ctx: Ctx, event: KernelEvent): void {
  ctx.events.push(event);
}
