// The swapinWritableOnRead knob: does do_swap_page (mm/memory.c) map an exclusive page writable
// on a read fault too? Present in 6.13, absent in 6.8 (the exact release is unverified).
import type { Policy } from "../policy.js";
import type { SwapPte, Vma } from "../state.js";

/** The PTE bits for an exclusive swapped-in page; `handled` means the write fault is done. */
export interface SwapinWritable {
  readonly writable: boolean;
  readonly dirty: boolean;
  readonly handled: boolean;
  readonly why: string;
}

export type ChooseSwapinWritable = (write: boolean, vma: Vma, swapPte: SwapPte) => SwapinWritable;

/**
 * 5.19..6.8: only a write fault sets the write bit (maybe_mkwrite, so not without VM_WRITE) and
 * dirties the PTE; FAULT_FLAG_WRITE is consumed either way, so no do_wp_page follows.
 */
export function writableOnWriteFault(write: boolean, vma: Vma, swapPte: SwapPte): SwapinWritable {
  if (!write) return { writable: false, dirty: false, handled: false, why: "read fault, map read-only" };
  const writable = vma.write && !swapPte.uffdWp;
  return { writable, dirty: true, handled: true, why: writable ? "write fault, map writable" : "write fault, map dirty read-only" };
}

/**
 * 6.13+: writable on any fault when the VMA has VM_WRITE and no uffd-wp or soft-dirty write fault
 * is pending; dirty only on a write fault. Otherwise a write fault continues into do_wp_page.
 */
export function writableOnAnyFault(write: boolean, vma: Vma, swapPte: SwapPte): SwapinWritable {
  // pte_needs_soft_dirty_wp: tracking is on (VM_SOFTDIRTY clear) and the PTE is not soft-dirty.
  const softDirtyWp = !vma.softDirty && !swapPte.softDirty;
  if (!vma.write || swapPte.uffdWp || softDirtyWp) {
    return { writable: false, dirty: false, handled: false, why: "write bit withheld, map read-only" };
  }
  return { writable: true, dirty: write, handled: write, why: write ? "map writable and dirty" : "read fault, map writable" };
}

/** The rule of a policy. */
export function chooseSwapinWritable(policy: Policy): ChooseSwapinWritable {
  return policy.swapinWritableOnRead ? writableOnAnyFault : writableOnWriteFault;
}
