// The forceWriteAcceptance knob: may a GUP walk with FOLL_WRITE use a present read-only PTE
// without faulting again? (mm/gup.c can_follow_write_pte.)
import type { WalkFlags } from "../gupTypes.js";
import type { Policy } from "../policy.js";
import type { Frame, PresentPte, Vma } from "../state.js";

/** What the test looks at; `frame` is null for a PTE without a normal struct page (the zero page). */
export interface FollowWriteInput {
  readonly pte: PresentPte;
  readonly frame: Frame | null;
  readonly vma: Vma;
  readonly flags: WalkFlags;
}

/** True when the walk may write through the PTE as it is. */
export type CanFollowWritePte = (input: FollowWriteInput) => boolean;

/** 4.9..5.7, 5.9..5.19: a writable PTE, or FOLL_FORCE && FOLL_COW && pte_dirty (the PTE of a COW copy). */
export function follCowDirty({ pte, flags }: FollowWriteInput): boolean {
  return pte.write || (flags.force && flags.cow && pte.dirty);
}

/** 5.8 (17839856fd58): FOLL_COW && pte_dirty, no FOLL_FORCE needed, since every GUP on a COW mapping now writes. */
export function follCowDirtyNoForce({ pte, flags }: FollowWriteInput): boolean {
  return pte.write || (flags.cow && pte.dirty);
}

/**
 * 6.0+ (5535be309971 "mm/gup: fix FOLL_FORCE COW security issue and remove FOLL_COW"): FOLL_FORCE on
 * a private VMA with VM_MAYWRITE but not VM_WRITE, an exclusive anon page, no soft-dirty write fault
 * pending (VM_SOFTDIRTY set or the PTE already soft-dirty) and no uffd-wp bit.
 */
export function anonExclusiveOnly({ pte, frame, vma, flags }: FollowWriteInput): boolean {
  if (pte.write) return true;
  if (!flags.force || vma.shared || !vma.mayWrite || vma.write) return false;
  if (frame === null || !frame.anon || !frame.anonExclusive) return false;
  // vma_soft_dirty_enabled: tracking is on once clear_refs cleared VM_SOFTDIRTY.
  if (!vma.softDirty && !pte.softDirty) return false;
  return !pte.uffdWp;
}

/** The test of a policy. */
export function chooseCanFollowWritePte(policy: Policy): CanFollowWritePte {
  switch (policy.forceWriteAcceptance) {
    case "follcow-dirty":
      return follCowDirty;
    case "follcow-dirty-noforce":
      return follCowDirtyNoForce;
    case "anon-exclusive":
      return anonExclusiveOnly;
  }
}
