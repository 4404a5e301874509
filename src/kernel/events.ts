// What a step did and what it observed, as data. Events say why (the kernel function
// and the policy decision); the outcome is what user space (or the device) saw.
import type { Pfn, Pid, Vpn } from "./ids.js";
import type { Decision } from "./policy.js";
import type { World } from "./state.js";

/** The kinds of thing a step can do to the state. */
export type EventKind =
  | "fault" // a page fault was taken (read / write / unshare / swap-in)
  | "zero-map" // a read fault mapped the shared zero page
  | "alloc" // a new frame was allocated
  | "copy" // wp_page_copy / copy for child / unshare copy: `pfn` -> `to`
  | "reuse" // wp_page_reuse: the page stays, the PTE becomes writable (or exclusive)
  | "unshare" // FAULT_FLAG_UNSHARE made a page exclusive without copying
  | "fork-share" // fork shared the page write-protected in parent and child
  | "fork-copy" // fork gave the child its own copy (maybe-pinned page)
  | "wrprotect" // a PTE lost its write bit
  | "upgrade" // a PTE gained its write bit without a fault (mprotect, swap-in)
  | "zap" // a PTE was cleared (munmap, exit, MADV_DONTNEED)
  | "free" // a frame's refcount reached 0
  | "gup" // a FOLL_GET reference or FOLL_PIN pin was taken
  | "put" // a reference or pin was dropped
  | "swap-out" // a page was added to the swap cache / unmapped to a swap PTE
  | "swap-in" // a swap PTE was replaced by a present one
  | "swap-free" // a page left the swap cache or a slot was freed
  | "lru-add" // a page entered the LRU add batch
  | "lru-drain" // the batch was drained
  | "ksm-merge" // pages were merged into one KSM page
  | "migrate" // a page moved to a new frame
  | "refuse" // the kernel declined (pinned page not migrated / reclaimed / merged ...)
  | "segv" // SIGSEGV delivered
  | "error" // the system call failed with an errno
  | "flag"; // an mm/VMA flag changed (has_pinned, VM_DONTCOPY, VM_SOFTDIRTY, ...)

/** One thing a step did, in kernel vocabulary. */
export interface KernelEvent {
  readonly kind: EventKind;
  readonly pid?: Pid;
  readonly vpn?: Vpn;
  readonly pfn?: Pfn;
  /** For copies and migrations: the new frame. */
  readonly to?: Pfn;
  /** The policy alternative that decided it, if a knob did. */
  readonly decision?: Decision;
  /** One line: the kernel function and the reason, e.g. "do_wp_page: page_count 2 != 1, copy". */
  readonly text: string;
}

/** Flags of /proc/pid/pagemap the language can observe. */
export interface PagemapFlags {
  readonly present: boolean;
  readonly swapped: boolean;
  /** PM_MMAP_EXCLUSIVE: present and page_mapcount == 1. */
  readonly exclusive: boolean;
  readonly softDirty: boolean;
}

/** Errors a system call of the model can return. */
export type Errno = "EFAULT" | "EIO" | "EINVAL" | "ENOMEM" | "EBUSY" | "ENOSYS" | "ENOENT";

/** What the operation showed to user space or the device. */
export type Outcome =
  /** Completed; nothing to observe. */
  | { readonly kind: "done" }
  /** Values read, one per page (region read, pipe read, ring read, pin read). */
  | { readonly kind: "values"; readonly values: readonly number[] }
  /** SIGSEGV on the access to `vpn` (pages before it were accessed). */
  | { readonly kind: "segv"; readonly vpn: Vpn }
  /** The system call failed. */
  | { readonly kind: "error"; readonly errno: Errno; readonly why: string }
  | { readonly kind: "pagemap"; readonly flags: PagemapFlags }
  /** The frame backing the page, or null when not present. */
  | { readonly kind: "frame"; readonly pfn: Pfn | null }
  /** The operation cannot complete (e.g. reading an empty pipe would block): the run stops. */
  | { readonly kind: "blocked"; readonly why: string }
  /** The operation needs what this model does not have yet (hugetlb, file mappings, THP). */
  | { readonly kind: "unsupported"; readonly feature: string };

/** The result of one step: the same World object, changed in place. */
export interface StepResult {
  readonly world: World;
  readonly events: readonly KernelEvent[];
  readonly outcome: Outcome;
}
