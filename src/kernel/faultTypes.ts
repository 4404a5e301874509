// Fault requests and results shared by the fault handler and GUP (mm/memory.c
// handle_mm_fault and its FAULT_FLAG_* flags, mm/gup.c faultin_page).

/** What the faulting access asks for. */
export interface FaultRequest {
  /** FAULT_FLAG_WRITE. */
  readonly write: boolean;
  /** FAULT_FLAG_UNSHARE (5.19+): make an anon page exclusive, keep the PTE read-only. */
  readonly unshare: boolean;
  /** The fault comes from GUP with FOLL_FORCE: a write is allowed on a COW mapping without VM_WRITE
   *  (the copy is mapped read-only but dirty). */
  readonly force: boolean;
}

export const READ_FAULT: FaultRequest = { write: false, unshare: false, force: false };
export const WRITE_FAULT: FaultRequest = { write: true, unshare: false, force: false };
export const UNSHARE_FAULT: FaultRequest = { write: false, unshare: true, force: false };

/** The result of handle_mm_fault as GUP and user access need it. */
export type FaultResult =
  /** The fault was handled. `brokeCow` is VM_FAULT_WRITE: a write fault copied or reused the page. */
  | { readonly kind: "ok"; readonly brokeCow: boolean }
  /** No VMA, or the VMA forbids the access: SIGSEGV for user space, -EFAULT for GUP. */
  | { readonly kind: "segv" };
