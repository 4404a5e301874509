// The gupForcesCowBreak knob: does a FOLL_GET / FOLL_PIN walk of a COW mapping always write?
// (mm/gup.c should_force_cow_break, 17839856fd58 in 5.8; reverted by a308c71bf1e6 in 5.9.)
import type { GupFlags, WalkFlags } from "../gupTypes.js";
import { walkFlags } from "../gupTypes.js";
import type { Policy } from "../policy.js";
import type { Vma } from "../state.js";
import { isCowMapping } from "../vma.js";

/** The walk flags for a page; check_vma_flags has already judged the caller's own flags. */
export type GupWalkFlags = (flags: GupFlags, vma: Vma) => WalkFlags;

/** Every era but 5.8: the walk uses the caller's flags. */
export function walkAsAsked(flags: GupFlags, _vma: Vma): WalkFlags {
  return walkFlags(flags, flags.write, false);
}

/**
 * 5.8: "COW can break either way": every GET/PIN on a COW mapping walks as FOLL_WRITE, so it
 * breaks COW first and the page it returns is the caller's own. (Also in stable 5.4.y / 5.7.y.)
 */
export function walkAsWrite(flags: GupFlags, vma: Vma): WalkFlags {
  return walkFlags(flags, flags.write || isCowMapping(vma), false);
}

/** The rule of a policy. */
export function chooseGupWalkFlags(policy: Policy): GupWalkFlags {
  return policy.gupForcesCowBreak ? walkAsWrite : walkAsAsked;
}
