// The unshareOnRoPin knob: must a R/O FOLL_PIN first unshare the page it found mapped
// read-only? (gup_must_unshare: include/linux/mm.h in 5.19..6.1, mm/internal.h from 6.2.)
import type { WalkFlags } from "../gupTypes.js";
import type { Policy } from "../policy.js";
import type { Frame, Vma } from "../state.js";
import { isCowMapping } from "../vma.js";

/** True when the walk must take a FAULT_FLAG_UNSHARE fault and retry. `frame` may be the zero page. */
export type GupMustUnshare = (flags: WalkFlags, frame: Frame, vma: Vma) => boolean;

/** A pin without FOLL_WRITE: the only requests gup_must_unshare considers. */
function isReadOnlyPin(flags: WalkFlags): boolean {
  return flags.foll === "pin" && !flags.write;
}

/** ..5.18: no FAULT_FLAG_UNSHARE; a R/O pin takes whatever page is mapped. */
export function neverUnshare(_flags: WalkFlags, _frame: Frame, _vma: Vma): boolean {
  return false;
}

/**
 * 5.19 (a7f226604170 "mm/gup: trigger FAULT_FLAG_UNSHARE when R/O-pinning a possibly shared
 * anonymous page"): a R/O pin of an anon page that is not PG_anon_exclusive (KSM pages never are).
 */
export function unshareAnon(flags: WalkFlags, frame: Frame, _vma: Vma): boolean {
  return isReadOnlyPin(flags) && frame.anon && !frame.anonExclusive;
}

/**
 * 6.2 (84209e87c696 "mm/gup: reliable R/O long-term pinning in COW mappings"): also a non-anon
 * page (the zero page, page cache) when the pin is FOLL_LONGTERM and the VMA is a COW mapping.
 */
export function unshareAnonAndLongtermNonAnon(flags: WalkFlags, frame: Frame, vma: Vma): boolean {
  if (!isReadOnlyPin(flags)) return false;
  if (frame.anon) return !frame.anonExclusive;
  return flags.longterm && isCowMapping(vma);
}

/** The rule of a policy. */
export function chooseGupMustUnshare(policy: Policy): GupMustUnshare {
  switch (policy.unshareOnRoPin) {
    case "none":
      return neverUnshare;
    case "anon":
      return unshareAnon;
    case "anon-and-longterm-non-anon":
      return unshareAnonAndLongtermNonAnon;
  }
}
