// The mprotectUpgrade knob: may mprotect(PROT_WRITE) set the write bit of a private PTE at
// once, sparing the write fault? (mm/mprotect.c can_change_pte_writable, 64fe24a3e05e in 6.0,
// the dirty requirement dropped for private mappings in 6.2.)
import { frameOf, isZeroPfn } from "../frame.js";
import type { Decision, Policy, PolicyKnobs } from "../policy.js";
import type { PresentPte, Vma, World } from "../state.js";

/** The test for one present PTE of a private VMA that now has VM_WRITE. */
export type MprotectUpgrade = (world: World, vma: Vma, pte: PresentPte) => boolean;

/** ..5.19: private PTEs stay read-only; the next write faults (vm_page_prot of a private VMA has no write bit). */
export function neverUpgrade(_world: World, _vma: Vma, _pte: PresentPte): boolean {
  return false;
}

/**
 * 6.2+: an exclusive anon page is upgraded unless soft-dirty tracking wants a fault (VM_SOFTDIRTY
 * clear and the PTE not soft-dirty) or the PTE is uffd-wp protected.
 */
export function upgradeExclusive(world: World, vma: Vma, pte: PresentPte): boolean {
  if (!vma.softDirty && !pte.softDirty) return false;
  if (pte.uffdWp || isZeroPfn(world, pte.pfn)) return false;
  const frame = frameOf(world, pte.pfn);
  return frame.anon && frame.anonExclusive;
}

/** 6.0..6.1 (64fe24a3e05e): as 6.2, and the PTE must also be dirty. */
export function upgradeExclusiveDirty(world: World, vma: Vma, pte: PresentPte): boolean {
  return pte.dirty && upgradeExclusive(world, vma, pte);
}

/** The upgrade test of a policy. */
export function chooseMprotectUpgrade(policy: Policy): MprotectUpgrade {
  switch (policy.mprotectUpgrade) {
    case "none":
      return neverUpgrade;
    case "exclusive-dirty":
      return upgradeExclusiveDirty;
    case "exclusive":
      return upgradeExclusive;
  }
}

/**
 * The write bit of a present PTE of a shared VMA after mprotect. Without soft-dirty tracking
 * vm_page_prot carries the write bit (shmem needs no writenotify); with it, a dirty PTE is made
 * writable: up to 5.19 by the dirty_accountable test, from 6.0 by can_change_pte_writable, which
 * also wants the PTE soft-dirty.
 */
export function sharedPteWritable(policy: Policy, vma: Vma, pte: PresentPte): boolean {
  if (!vma.write) return false;
  if (vma.softDirty) return true;
  if (policy.mprotectUpgrade === "none") return pte.dirty;
  return pte.dirty && pte.softDirty && !pte.uffdWp;
}

type Alternative = PolicyKnobs["mprotectUpgrade"];

function decisionsOf(alt: Alternative): { readonly upgrade: Decision; readonly keep: Decision } {
  return {
    upgrade: { knob: "mprotectUpgrade", choice: `${alt}:upgrade` },
    keep: { knob: "mprotectUpgrade", choice: `${alt}:read-only` },
  };
}

const DECISIONS: Readonly<Record<Alternative, { readonly upgrade: Decision; readonly keep: Decision }>> = {
  none: decisionsOf("none"),
  "exclusive-dirty": decisionsOf("exclusive-dirty"),
  exclusive: decisionsOf("exclusive"),
};

/** The Decision an mprotect event records: "<alternative>:upgrade" or "<alternative>:read-only". */
export function mprotectDecision(policy: Policy, upgraded: boolean): Decision {
  const d = DECISIONS[policy.mprotectUpgrade];
  return upgraded ? d.upgrade : d.keep;
}
