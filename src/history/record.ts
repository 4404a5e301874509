// One mainline change that moved copy-on-write behaviour, as data (design.md §2): the commit,
// the first release that has it, its era of linux-cow-eras.md §1, and the knobs it decides.
// policyFor folds these records, oldest first, over the baseline of 4.4.
import type { KernelVersion, PolicyKnobs } from "../kernel/policy.js";

/** The eras of linux-cow-eras.md §1, oldest first. */
export type EraLetter = "A" | "B" | "C" | "D" | "E" | "F" | "G" | "H" | "I";

/** Every era letter, oldest first. */
export const ERA_LETTERS: readonly EraLetter[] = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];

/**
 * A kernel change that decides one or more knobs (or, with empty `decides`, opens an era the
 * knobs cannot tell apart). `version` is the mainline release that first contains it; stable
 * backports are not modelled (linux-cow-eras.md §0.2).
 */
export interface HistoryRecord {
  /** The upstream commit id, 12 lowercase hex digits, or "" when none could be verified (`idNote` says why). */
  readonly id: string;
  /** The commit's subject line as upstream spells it. */
  readonly title: string;
  readonly version: KernelVersion;
  readonly era: EraLetter;
  /** The knobs this change sets, with the value they take from `version` on. */
  readonly decides: Partial<PolicyKnobs>;
  /** One line: what the change does to COW behaviour. */
  readonly why: string;
  /** Present when `id` is "": what is known of the commit and why its id is missing. */
  readonly idNote?: string;
  /** How the version (or the attribution to this commit) was established, where the era document was unsure. */
  readonly note?: string;
}

/** True for a 12-digit lowercase hex commit id. */
export function isCommitId(id: string): boolean {
  return /^[0-9a-f]{12}$/.test(id);
}
