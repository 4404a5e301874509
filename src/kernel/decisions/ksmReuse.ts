// The ksmReuse knob: may a write fault reuse a KSM page instead of copying it?
// (mm/memory.c do_wp_page, mm/ksm.c reuse_ksm_page.)
import type { Policy } from "../policy.js";
import type { Frame } from "../state.js";

/** Whether the page is reused, and why; reuse turns it back into a plain anon page. */
export interface KsmReuseVerdict {
  readonly reuse: boolean;
  readonly why: string;
}

export type KsmReuse = (frame: Frame) => KsmReuseVerdict;

/** ..5.0 and 5.9+ (1a0cf26323c8 "mm/ksm: Remove reuse_ksm_page()"): a KSM page is always copied. */
export function neverReuseKsm(_frame: Frame): KsmReuseVerdict {
  return { reuse: false, why: "do_wp_page: KSM page, copy" };
}

/**
 * 5.1..5.8 (52d1e606ee73 "mm: reuse only-pte-mapped KSM page in do_wp_page()"): reuse_ksm_page
 * succeeds when the page is not in the swap cache and its refcount can be frozen at 1 (this
 * mapping's reference is the only one); page_move_anon_rmap then makes it a plain anon page.
 */
export function reuseSoleRefKsm(frame: Frame): KsmReuseVerdict {
  if (frame.swapCache !== null) return { reuse: false, why: "reuse_ksm_page: page in the swap cache, copy" };
  if (frame.refcount !== 1) return { reuse: false, why: `reuse_ksm_page: page_count ${frame.refcount} != 1, copy` };
  return { reuse: true, why: "reuse_ksm_page: sole reference, the KSM page becomes a plain anon page" };
}

/** The rule of a policy. */
export function chooseKsmReuse(policy: Policy): KsmReuse {
  return policy.ksmReuse === "sole-ref" ? reuseSoleRefKsm : neverReuseKsm;
}
