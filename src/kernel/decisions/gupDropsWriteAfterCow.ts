// The gupDropsWriteAfterCow knob: what faultin_page (mm/gup.c) does to the walk's flags after a
// write fault broke COW (VM_FAULT_WRITE) on a VMA without VM_WRITE, i.e. a FOLL_FORCE write.
import type { WalkFlags } from "../gupTypes.js";
import { walkFlags } from "../gupTypes.js";
import type { Policy } from "../policy.js";
import type { Vma } from "../state.js";

/** The flags of the retry, and why they changed. */
export interface AfterCowBreak {
  readonly flags: WalkFlags;
  readonly why: string | null;
}

/** The post-fault flag rule of a policy; `brokeCow` is VM_FAULT_WRITE. */
export type GupAfterCowBreak = (policy: Policy, flags: WalkFlags, vma: Vma, brokeCow: boolean) => AfterCowBreak;

/**
 * ..4.8: drop FOLL_WRITE and retry as a read, so the retry returns whatever is mapped then; with
 * MADV_DONTNEED racing in, that is the file's page cache page (CVE-2016-5195, Dirty COW).
 */
export function dropFollWrite(_policy: Policy, flags: WalkFlags, vma: Vma, brokeCow: boolean): AfterCowBreak {
  if (!brokeCow || vma.write || !flags.write) return { flags, why: null };
  return { flags: walkFlags(flags, false, flags.cow), why: "faultin_page: COW broken on a VMA without VM_WRITE, drop FOLL_WRITE" };
}

/**
 * 4.9+ (19be0eaffa3a "mm: remove gup_flags FOLL_WRITE games from __get_user_pages()"): keep
 * FOLL_WRITE and set FOLL_COW, which can_follow_write_pte accepts with a dirty PTE; 6.0
 * (5535be309971) removed FOLL_COW, so from then the flags stay as they are.
 */
export function setFollCow(policy: Policy, flags: WalkFlags, vma: Vma, brokeCow: boolean): AfterCowBreak {
  if (!brokeCow || vma.write || policy.forceWriteAcceptance === "anon-exclusive") return { flags, why: null };
  return { flags: walkFlags(flags, flags.write, true), why: "faultin_page: COW broken on a VMA without VM_WRITE, set FOLL_COW" };
}

/** The rule of a policy. */
export function chooseGupAfterCowBreak(policy: Policy): GupAfterCowBreak {
  return policy.gupDropsWriteAfterCow ? dropFollWrite : setFollCow;
}
