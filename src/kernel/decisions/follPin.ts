// The follPin knob: how try_grab_page accounts a FOLL_PIN request on a small page
// (mm/gup.c try_grab_page / unpin_user_page, include/linux/mm.h GUP_PIN_COUNTING_BIAS).
import { GUP_PIN_COUNTING_BIAS } from "../frame.js";
import type { Foll } from "../gupTypes.js";
import type { Policy } from "../policy.js";

/** What one grab adds: refcount, pincount, and how the holder must release it. */
export interface PinAccounting {
  readonly refs: number;
  readonly pincount: number;
  readonly held: Foll;
}

/** The accounting of a pin request under a policy (a FOLL_GET request is always +1). */
export type FollPinAccounting = () => PinAccounting;

/** ..5.5: there is no FOLL_PIN; callers use get_user_pages, a plain reference. */
export function pinAsReference(): PinAccounting {
  return { refs: 1, pincount: 0, held: "get" };
}

/** 5.6 (eddb1c228f79 "mm/gup: introduce pin_user_pages*() and FOLL_PIN"): a plain +1; pincount kept apart. */
export function pinPlainRef(): PinAccounting {
  return { refs: 1, pincount: 1, held: "pin" };
}

/** 5.7+ (3faa52c03f44 "mm/gup: track FOLL_PIN pages"): +GUP_PIN_COUNTING_BIAS, which page_maybe_dma_pinned sees. */
export function pinWithBias(): PinAccounting {
  return { refs: GUP_PIN_COUNTING_BIAS, pincount: 1, held: "pin" };
}

/** The accounting of a policy. */
export function chooseFollPin(policy: Policy): FollPinAccounting {
  switch (policy.follPin) {
    case "none":
      return pinAsReference;
    case "plain-ref":
      return pinPlainRef;
    case "bias":
      return pinWithBias;
  }
}

/** What one pin adds to a small page's refcount under a policy (1 before the bias existed). */
export function pinRefs(policy: Policy): number {
  return chooseFollPin(policy)().refs;
}
