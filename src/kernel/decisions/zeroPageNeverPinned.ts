// The zeroPageNeverPinned knob: does try_grab_page take a pin on the shared zero page?
// (mm/gup.c try_grab_folio / gup_put_folio.) The model never counts the zero page's
// references, so the knob decides only what the trace says; a pin on it still reads 0.
import type { Foll } from "../gupTypes.js";
import type { Policy } from "../policy.js";

/** The trace line for a grab of the zero page. */
export type ZeroPageGrab = (foll: Foll) => string;

/** ..6.4: the zero page's refcount is raised like any page's (its counters are not modelled). */
export function grabZeroPage(foll: Foll): string {
  return `try_grab_page: ${foll === "pin" ? "FOLL_PIN" : "FOLL_GET"} on the zero page (its counters are not modelled)`;
}

/** 6.5+ (c8070b787519 "mm: Don't pin ZERO_PAGE in pin_user_pages()"): a FOLL_PIN leaves it untouched. */
export function skipZeroPagePin(foll: Foll): string {
  if (foll === "get") return grabZeroPage(foll);
  return "try_grab_folio: the zero page is never pinned, refcount untouched";
}

/** The rule of a policy. */
export function chooseZeroPageGrab(policy: Policy): ZeroPageGrab {
  return policy.zeroPageNeverPinned ? skipZeroPagePin : grabZeroPage;
}
