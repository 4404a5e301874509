// The clearRefsSkipsPinned knob: does clear_refs' soft-dirty reset leave a writable
// maybe-pinned PTE alone? (fs/proc/task_mmu.c clear_soft_dirty; pte_is_pinned, 9348b73c2e1b, 5.11.)
import { frameOf, isZeroPfn, pageMaybeDmaPinned } from "../frame.js";
import type { Policy } from "../policy.js";
import type { Mm, PresentPte, Vma, World } from "../state.js";
import { isCowMapping } from "../vma.js";

/** True when clear_soft_dirty must skip the PTE (no write-protect, soft-dirty kept). */
export type ClearRefsSkip = (world: World, policy: Policy, mm: Mm, vma: Vma, pte: PresentPte) => boolean;

/** ..5.10: every present PTE is write-protected and loses soft-dirty, pinned or not. */
export function neverSkip(_world: World, _policy: Policy, _mm: Mm, _vma: Vma, _pte: PresentPte): boolean {
  return false;
}

/** 5.11+: pte_is_pinned: writable, COW mapping, mm has pinned, and the page may be DMA-pinned. */
export function skipIfPinned(world: World, policy: Policy, mm: Mm, vma: Vma, pte: PresentPte): boolean {
  if (!pte.write || !isCowMapping(vma) || !mm.hasPinned || isZeroPfn(world, pte.pfn)) return false;
  return pageMaybeDmaPinned(frameOf(world, pte.pfn), policy);
}

/** The skip test of a policy. */
export function chooseClearRefsSkip(policy: Policy): ClearRefsSkip {
  return policy.clearRefsSkipsPinned ? skipIfPinned : neverSkip;
}
