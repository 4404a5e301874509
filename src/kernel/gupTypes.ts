// The flags a get_user_pages caller passes and the ones __get_user_pages adds while it
// walks one page (mm/gup.c FOLL_*), and what a GUP returns.
import type { Errno } from "./events.js";
import type { Pfn } from "./ids.js";

/** How a reference is held: FOLL_PIN (pin_user_pages) or FOLL_GET (get_user_pages). */
export type Foll = "pin" | "get";

/** The caller's FOLL_* flags. */
export interface GupFlags {
  /** FOLL_WRITE: the caller will write the page (the device or the kernel stores into it). */
  readonly write: boolean;
  /** FOLL_FORCE: override VM_WRITE / VM_READ on a COW mapping (ptrace, /proc/pid/mem). */
  readonly force: boolean;
  readonly foll: Foll;
  /** FOLL_LONGTERM: the reference outlives the system call (io_uring, RDMA, VFIO). */
  readonly longterm: boolean;
}

/**
 * The flags of one page's walk: the caller's, with FOLL_WRITE possibly forced on (5.8) or
 * dropped (era A), and FOLL_COW once faultin_page broke COW on a VMA without VM_WRITE.
 */
export interface WalkFlags extends GupFlags {
  readonly cow: boolean;
}

/**
 * The caller's flags with FOLL_WRITE and FOLL_COW as given, every field spelled out in one
 * order: a spread would give walk flags other hidden classes, and every read of them would go
 * polymorphic on the explorer's path.
 */
export function walkFlags(flags: GupFlags, write: boolean, cow: boolean): WalkFlags {
  return { write, force: flags.force, foll: flags.foll, longterm: flags.longterm, cow };
}

/** A page GUP returned, with the reference or pin already taken, or the errno it failed with. */
export type GupResult =
  | { readonly kind: "ok"; readonly pfn: Pfn; readonly held: Foll }
  | { readonly kind: "error"; readonly errno: Errno; readonly why: string };

/** The read-only FOLL_GET reference vmsplice takes (iov_iter_get_pages → get_user_pages_fast). */
export const FOLL_GET_READ: GupFlags = { write: false, force: false, foll: "get", longterm: false };
