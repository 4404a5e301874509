// Policies that report which kernels a step could not tell apart. `explore --kernel all` steps a
// state once per class of kernels: each knob the step reads narrows `agree` to the kernels whose
// knob gives the same answer, so after the step `agree` holds every kernel that takes the very
// same path (the model reads its policy only through these knobs; it has no other input that
// differs between kernels).
import { KNOB_NAMES } from "../history/index.js";
import type { Policy } from "../kernel/policy.js";
import type { World } from "../kernel/state.js";

/** What the traced policies write to while a step runs. */
export interface PolicyTrace {
  /** Bit g: kernel g would have taken every decision so far as the stepping kernel did. */
  agree: number;
  /** The world being stepped (lruBatchSize's answer depends on the batch's length). */
  world: World | null;
}

/** One traced Policy per kernel (at most 31), all writing to one trace. */
export interface PolicyTracer {
  readonly trace: PolicyTrace;
  readonly policies: readonly Policy[];
  /** Bits 0 .. policies.length - 1. */
  readonly all: number;
}

export const MAX_TRACED_POLICIES = 31;

/** The mask of kernels 0 .. n - 1 (n at most 31, so that masks stay positive small integers). */
export const allKernels = (n: number): number => (n === 31 ? 0x7fffffff : (1 << n) - 1);

/** The kernels (as a bit mask) for which `same(kernel)` holds. */
function maskOf(policies: readonly Policy[], same: (p: Policy) => boolean): number {
  let m = 0;
  policies.forEach((p, h) => {
    if (same(p)) m |= 1 << h;
  });
  return m;
}

/**
 * Per batch length: the kernels whose LRU batch is full at that length. lru_cache_add drains once
 * the batch holds lruBatchSize pages (kernel/lru.ts compares `lruBatch.length >= lruBatchSize`),
 * so at a given length only that comparison separates kernels, not the size itself. Kept for the
 * lengths a batch of any real kernel reaches (the sizes are 14..31); longer ones are computed.
 */
function fullAtLength(policies: readonly Policy[]): (length: number) => number {
  const full: number[] = [];
  for (let length = 0; length <= 64; length++) full.push(maskOf(policies, (p) => length >= p.lruBatchSize));
  return (length) => full[length] ?? maskOf(policies, (p) => length >= p.lruBatchSize);
}

/** Traced copies of `policies`: reading a knob of copy g narrows trace.agree to kernels with g's answer. */
export function createPolicyTracer(policies: readonly Policy[]): PolicyTracer {
  if (policies.length === 0 || policies.length > MAX_TRACED_POLICIES) {
    throw new Error(`checker bug: ${policies.length} policies to trace (1..${MAX_TRACED_POLICIES})`);
  }
  const trace: PolicyTrace = { agree: 0, world: null };
  const all = allKernels(policies.length);
  const fullAt = fullAtLength(policies);
  class Traced {
    constructor(readonly g: number, readonly base: Policy) {}
  }
  for (const knob of KNOB_NAMES) {
    const same = policies.map((p) => maskOf(policies, (q) => q[knob] === p[knob]));
    const get = knob === "lruBatchSize"
      ? function (this: Traced): number {
        const fullHere = fullAt(trace.world === null ? 0 : trace.world.lruBatch.length);
        trace.agree &= (fullHere & (1 << this.g)) !== 0 ? fullHere : all & ~fullHere;
        return this.base.lruBatchSize;
      }
      : function (this: Traced): unknown {
        trace.agree &= same[this.g] as number;
        return this.base[knob];
      };
    Object.defineProperty(Traced.prototype, knob, { get, enumerable: true });
  }
  // A version or era read would make the step depend on the kernel itself: no other kernel agrees.
  for (const name of ["version", "era"] as const) {
    Object.defineProperty(Traced.prototype, name, {
      get(this: Traced): unknown {
        trace.agree &= 1 << this.g;
        return this.base[name];
      },
      enumerable: true,
    });
  }
  const traced = policies.map((p, g) => new Traced(g, p) as unknown as Policy);
  return { trace, policies: traced, all };
}
