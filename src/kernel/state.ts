// The model's state: mms with VMAs and PTEs, frames (struct page), swap, and the
// holders of GUP references (pipes, io_uring rings, gup_test pins) on one CPU.
// Mutable plain data: `step` changes a World in place; `cloneWorld` copies one.
import type { Pfn, Pid, PinId, PipeId, RingId, SwapSlot, Vpn } from "./ids.js";

/** struct page / folio of a base page, with the counters the kernel keeps. */
export interface Frame {
  readonly pfn: Pfn;
  /** The byte every byte of the page holds. */
  value: number;
  /** page_count(): mappings + FOLL_GET refs + pins (x bias from 5.7) + swap cache + LRU batch. */
  refcount: number;
  /** Number of PTEs that map the page (page_mapcount). */
  mapcount: number;
  /** FOLL_PIN pins held, counted apart so invariants can check the refcount sum. */
  pincount: number;
  /** PageAnon: the page belongs to an anon_vma (false for the shared zero page). */
  anon: boolean;
  /** PageKsm: a KSM stable-tree page. */
  ksm: boolean;
  /** PG_anon_exclusive (5.19+ only; always false in earlier eras). */
  anonExclusive: boolean;
  /** PageSwapCache: the slot whose swap cache holds this page, or null. */
  swapCache: SwapSlot | null;
  /** Sitting in the CPU's LRU add batch (holds one reference, not yet PageLRU). */
  inLruBatch: boolean;
  /** PageLRU: on an LRU list (drained from the batch). */
  onLru: boolean;
  /** PageDirty (content not yet written to swap). */
  dirty: boolean;
}

/** A present page-table entry. `pfn` is the zero page's pfn for a zero-page mapping. */
export interface PresentPte {
  readonly present: true;
  pfn: Pfn;
  write: boolean;
  dirty: boolean;
  softDirty: boolean;
  uffdWp: boolean;
}

/** A swap entry in a non-present PTE. */
export interface SwapPte {
  readonly present: false;
  slot: SwapSlot;
  softDirty: boolean;
  uffdWp: boolean;
  /** swp-exclusive bit (5.19+): the page was PG_anon_exclusive when swapped out. */
  exclusive: boolean;
}

export type Pte = PresentPte | SwapPte;

/** vm_area_struct: a run of pages with one set of flags. */
export interface Vma {
  start: Vpn;
  /** Exclusive end. */
  end: Vpn;
  /** VM_READ / VM_WRITE from the current protection. */
  read: boolean;
  write: boolean;
  /** VM_MAYWRITE (private anon and rw-opened shared mappings). */
  mayWrite: boolean;
  /** VM_SHARED | VM_MAYSHARE. */
  shared: boolean;
  /** VM_DONTCOPY (MADV_DONTFORK). */
  dontCopy: boolean;
  /** VM_WIPEONFORK. */
  wipeOnFork: boolean;
  /** VM_SOFTDIRTY: set at creation, cleared by clear_refs 4. */
  softDirty: boolean;
  /** VM_MERGEABLE (MADV_MERGEABLE). */
  mergeable: boolean;
  /** vma->anon_vma exists (set by the first anonymous page in it); fork copies no PTEs without it (§10.1). */
  anonVma: boolean;
  /** For a MAP_SHARED anonymous mapping: the shmem object id whose pages back it. */
  shmem: number | null;
}

/** mm_struct of one process. */
export interface Mm {
  readonly pid: Pid;
  /** Sorted by start, non-overlapping. */
  vmas: Vma[];
  ptes: Map<Vpn, Pte>;
  /** mm->has_pinned (5.9..5.13) / MMF_HAS_PINNED (5.14+): set by the first FOLL_PIN, never cleared. */
  hasPinned: boolean;
}

/** A swap slot on the one swap device. */
export interface SwapEntry {
  /** Swap PTEs referring to the slot (swap_map count). */
  count: number;
  /** The content written to the slot. */
  value: number;
  /** The page in the swap cache for this slot, or null. */
  cache: Pfn | null;
}

/** A page-sized buffer in a pipe: a FOLL_GET reference taken by vmsplice. */
export interface PipeBuf {
  readonly pfn: Pfn;
}

/** A GUP reference or pin held by gup_test on behalf of a process. */
export interface Pin {
  readonly pfn: Pfn;
  /** FOLL_PIN (counted with the bias) or FOLL_GET (a plain reference). */
  readonly foll: "pin" | "get";
  readonly write: boolean;
  readonly longterm: boolean;
  readonly owner: Pid;
}

/** An io_uring instance with registered fixed buffers. */
export interface Ring {
  /** Processes holding the ring's fd (the registrant and children forked after). */
  owners: Pid[];
  /** The registered pages, in order; null before registration or after unregister. */
  pfns: Pfn[] | null;
  /** How the pages are held (FOLL_GET in 5.1..5.5, FOLL_PIN from 5.6). */
  foll: "pin" | "get";
}

/** The whole machine: one CPU, one swap device. */
export interface World {
  mms: Map<Pid, Mm>;
  frames: Map<Pfn, Frame>;
  /** The shared zero page; never freed, its counters are not tracked. */
  readonly zeroPfn: Pfn;
  /** Next pfn to allocate (deterministic, never reused). */
  nextPfn: number;
  swap: Map<SwapSlot, SwapEntry>;
  nextSlot: number;
  /** shmem pages of MAP_SHARED anonymous mappings: object id -> page index -> pfn. */
  shmem: Map<number, Map<number, Pfn>>;
  /**
   * shmem pages written to swap: object id -> page index -> slot (the swap entry shmem keeps in
   * its page cache in place of the page). Each entry holds one swap count of its slot.
   */
  shmemSwap: Map<number, Map<number, SwapSlot>>;
  nextShmem: number;
  pipes: Map<PipeId, PipeBuf[]>;
  pins: Map<PinId, Pin>;
  rings: Map<RingId, Ring>;
  /** The CPU's LRU add batch (pagevec / folio_batch), oldest first. */
  lruBatch: Pfn[];
}
