// The operations the model steps: one per scenario verb, already resolved to ids and
// page numbers by scenario/lower. Each maps to one system call (or kernel event).
import type { Pid, PinId, PipeId, RingId, Vpn } from "./ids.js";

/** mmap/mprotect protection as the scenario language spells it. */
export type Prot = "rw" | "ro" | "none";

/** MADV_* advice values the language accepts. */
export type Advice =
  | "dontneed"
  | "dontfork"
  | "dofork"
  | "wipeonfork"
  | "keeponfork"
  | "pageout"
  | "mergeable"
  | "unmergeable"
  | "hugepage"
  | "nohugepage"
  | "collapse";

/** A half-open run of pages [start, start + pages). */
export interface PageRange {
  readonly start: Vpn;
  readonly pages: number;
}

/** One byte value 0..255; a write fills the whole page with it. */
export type Value = number;

/** Every operation of the model, tagged by `kind` (one per scenario verb). */
export type Op =
  | { readonly kind: "mmap"; readonly pid: Pid; readonly range: PageRange; readonly prot: Prot;
      readonly shared: boolean; readonly hugetlb: boolean; readonly file: string | null }
  | { readonly kind: "munmap"; readonly pid: Pid; readonly range: PageRange }
  | { readonly kind: "mprotect"; readonly pid: Pid; readonly range: PageRange; readonly prot: Prot }
  | { readonly kind: "madvise"; readonly pid: Pid; readonly range: PageRange; readonly advice: Advice }
  | { readonly kind: "write"; readonly pid: Pid; readonly range: PageRange; readonly value: Value }
  | { readonly kind: "read"; readonly pid: Pid; readonly range: PageRange }
  | { readonly kind: "fork"; readonly pid: Pid; readonly child: Pid }
  | { readonly kind: "exit"; readonly pid: Pid }
  /** pwrite to /proc/self/mem: GUP with FOLL_FORCE | FOLL_WRITE on one page. */
  | { readonly kind: "force-write"; readonly pid: Pid; readonly vpn: Vpn; readonly value: Value }
  /** echo 4 > /proc/self/clear_refs: soft-dirty reset of the whole mm. */
  | { readonly kind: "clear-refs"; readonly pid: Pid }
  /** vmsplice: one FOLL_GET read reference per page, queued in the pipe in page order. */
  | { readonly kind: "vmsplice"; readonly pid: Pid; readonly range: PageRange; readonly pipe: PipeId }
  /** read(2) of one page from the pipe: consumes the oldest buffer. */
  | { readonly kind: "pipe-read"; readonly pid: Pid; readonly pipe: PipeId }
  /** IORING_REGISTER_BUFFERS: FOLL_WRITE | FOLL_LONGTERM (FOLL_PIN from 5.6) per page. */
  | { readonly kind: "iouring-register"; readonly pid: Pid; readonly range: PageRange; readonly ring: RingId }
  /** The device reads registered page `index` (IORING_OP_WRITE_FIXED to a file). */
  | { readonly kind: "ring-read"; readonly pid: Pid; readonly ring: RingId; readonly index: number }
  /** The device writes registered page `index` (IORING_OP_READ_FIXED from a file). */
  | { readonly kind: "ring-write"; readonly pid: Pid; readonly ring: RingId; readonly index: number; readonly value: Value }
  | { readonly kind: "iouring-unregister"; readonly pid: Pid; readonly ring: RingId }
  /** gup_test: pin_user_pages (FOLL_PIN) or get_user_pages (`get`) on one page. */
  | { readonly kind: "pin"; readonly pid: Pid; readonly vpn: Vpn; readonly write: boolean;
      readonly longterm: boolean; readonly get: boolean; readonly pin: PinId }
  | { readonly kind: "pin-read"; readonly pid: Pid; readonly pin: PinId }
  | { readonly kind: "pin-write"; readonly pid: Pid; readonly pin: PinId; readonly value: Value }
  | { readonly kind: "unpin"; readonly pid: Pid; readonly pin: PinId }
  /** /proc/self/pagemap entry of one page. */
  | { readonly kind: "pagemap"; readonly pid: Pid; readonly vpn: Vpn }
  /** The pfn backing one page now (pagemap PFN as root), or none. */
  | { readonly kind: "frame"; readonly pid: Pid; readonly vpn: Vpn }
  /** ksmd runs until stable. */
  | { readonly kind: "ksm-scan" }
  /** lru_add_drain() on the one CPU. */
  | { readonly kind: "lru-drain" }
  /** migrate_pages() of the page mapped at pid:vpn. */
  | { readonly kind: "migrate"; readonly pid: Pid; readonly vpn: Vpn }
  /** Reclaim tries to swap out the page mapped at pid:vpn. */
  | { readonly kind: "reclaim"; readonly pid: Pid; readonly vpn: Vpn };

export type OpKind = Op["kind"];

/** Every op kind, in the order the language lists its verbs (for exhaustive tables). */
export const OP_KINDS: readonly OpKind[] = [
  "mmap", "munmap", "mprotect", "madvise", "write", "read", "fork", "exit", "force-write",
  "clear-refs", "vmsplice", "pipe-read", "iouring-register", "ring-read", "ring-write",
  "iouring-unregister", "pin", "pin-read", "pin-write", "unpin", "pagemap", "frame",
  "ksm-scan", "lru-drain", "migrate", "reclaim",
];
