// Turns the ideal's mismatch into a trace divergence: what was shown against what was
// allowed, and why, naming the most recent kernel decision on the frames or pages involved.
import type { Mismatch } from "../ideal/index.js";
import type { KernelEvent } from "../kernel/events.js";
import type { Op } from "../kernel/ops.js";
import type { Policy } from "../kernel/policy.js";
import type { World } from "../kernel/state.js";
import type { Naming } from "./describe.js";
import { describePermitted, describeShown } from "./describe.js";
import { framesOf, involvedOf } from "./involved.js";
import type { Divergence } from "./trace.js";
import type { Involved } from "./why.js";
import { explainDecision, findDecisionEvent } from "./why.js";

/** What a divergence is explained from: the step (world after it) and every step's events so far. */
export interface DivergenceContext {
  readonly world: World;
  readonly policy: Policy;
  readonly naming: Naming;
  readonly op: Op;
  /** Frames the op went through, read before the kernel stepped. */
  readonly framesBefore: readonly number[];
  /** Events of every step so far, oldest first, this step's last. */
  readonly history: readonly (readonly KernelEvent[])[];
}

/** The observation in words: `pipe1 read showed B, the ideal allows A`. */
function observation(ctx: DivergenceContext, m: Mismatch): string {
  const where = whereOf(ctx.op, ctx.naming);
  const shown = describeShown(m.shown, ctx.naming, m.vpn);
  return `${where} showed ${shown}, the ideal allows ${describePermitted(m.permitted)}`;
}

function whereOf(op: Op, naming: Naming): string {
  switch (op.kind) {
    case "pipe-read": return `the read of ${naming.pipe(op.pipe)}`;
    case "ring-read": return `the device read of ${naming.ring(op.ring)}[${op.index}]`;
    case "pin-read": return `the read through ${naming.pin(op.pin)}`;
    case "read": return `${naming.process(op.pid)}'s read`;
    case "write": return `${naming.process(op.pid)}'s write`;
    default: return `${naming.process("pid" in op ? op.pid : -1)}'s ${op.kind}`;
  }
}

/** The divergence of a mismatch the ideal found in this step, explained from the kernel's decisions. */
export function divergenceOf(ctx: DivergenceContext, m: Mismatch): Divergence {
  const involved = involvedOf(ctx.op, ctx.framesBefore, framesOf(ctx.world, ctx.op));
  return explained(ctx, m, involved, observation(ctx, m));
}

/** The shared zero page no longer holds 0: something wrote through a mapping of it. */
export function zeroPageDivergence(ctx: DivergenceContext): Divergence {
  const value = ctx.world.frames.get(ctx.world.zeroPfn)?.value ?? 0;
  const m: Mismatch = {
    class: "corruption", vpn: null, page: null,
    shown: { kind: "value", value }, permitted: { kind: "values", values: [0] },
  };
  const involved: Involved = { pfns: new Set([ctx.world.zeroPfn]), pages: new Set() };
  return explained(ctx, m, involved, `the shared zero page holds ${describeShown(m.shown, ctx.naming, null)}`);
}

function explained(ctx: DivergenceContext, m: Mismatch, involved: Involved, text: string): Divergence {
  const e = findDecisionEvent(ctx.history, involved, ctx.world);
  return {
    class: m.class, vpn: m.vpn, shown: m.shown, permitted: m.permitted,
    why: `${text}: ${explainDecision(e, ctx.policy)}`,
    decision: e?.decision ?? null,
  };
}
