// The closed set of decisions in which kernel versions differ (linux-cow-eras.md §7,
// corrected by its §10). history/ folds commit records into one Policy per version;
// kernel/ implements each alternative once, as a small named decision function.

/** A mainline kernel version MAJOR.MINOR. */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
}

/** The knobs, each a closed union of the alternatives some kernel version took. */
export interface PolicyKnobs {
  /** Era A: faultin_page drops FOLL_WRITE after COW on a VMA without VM_WRITE (Dirty COW); fixed by 19be0eaffa3a (4.9). */
  readonly gupDropsWriteAfterCow: boolean;
  /** can_follow_write_pte: when a FOLL_FORCE write may use a read-only PTE.
   *  "follcow-dirty": FOLL_FORCE && FOLL_COW && pte_dirty (4.9..5.7, 5.9..5.19);
   *  "follcow-dirty-noforce": 5.8 (17839856fd58) dropped the FOLL_FORCE requirement;
   *  "anon-exclusive": 5535be309971 (6.0) accepts only a PG_anon_exclusive anon page. */
  readonly forceWriteAcceptance: "follcow-dirty" | "follcow-dirty-noforce" | "anon-exclusive";
  /** 5.8 only (17839856fd58, reverted by a308c71bf1e6 in 5.9): every FOLL_GET/FOLL_PIN on a COW mapping walks as a write. */
  readonly gupForcesCowBreak: boolean;
  /** FOLL_PIN accounting: "none" before 5.6 (pins are plain references), "plain-ref" in 5.6
   *  (pin_user_pages, +1), "bias" from 5.7 (GUP_PIN_COUNTING_BIAS = 1024 on small pages). */
  readonly follPin: "none" | "plain-ref" | "bias";
  /** io_uring fixed buffers: absent before 5.1; get_user_pages (FOLL_GET) 5.1..5.5; pin_user_pages (FOLL_PIN) from 5.6. */
  readonly iouringBuffers: "none" | "foll-get" | "foll-pin";
  /** do_wp_page reuse test for a small anon page.
   *  "mapcount": reuse_swap_page, mapcount + swapcount <= 1 (..5.8);
   *  "refcount-strict": page_count == 1, swap cache and LRU batch references count (09854ba94c6a, 5.9..5.17);
   *  "refcount": drain the LRU batch if not on LRU, free the swap cache, then page_count == 1 (5.18);
   *  "exclusive-or-refcount": PG_anon_exclusive reuses at once, else the 5.18 test (6c287605fd56, 5.19+). */
  readonly smallPageReuse: "mapcount" | "refcount-strict" | "refcount" | "exclusive-or-refcount";
  /** Write fault on a KSM page: "never" copies; "sole-ref" reuses a KSM page whose only reference is this mapping
   *  (reuse_ksm_page, 52d1e606ee73 in 5.1; removed by 1a0cf26323c8 in 5.9). */
  readonly ksmReuse: "never" | "sole-ref";
  /** do_swap_page: when a swapped-in page is mapped exclusive/writable.
   *  "mapcount-swapcount": reuse_swap_page on write faults (..5.17);
   *  "fresh-or-rc1": write fault and (fresh page or refcount == 1) (5.18);
   *  "exclusive-or-fresh-or-rc1": swp_exclusive bit, fresh page, or refcount == 1 (5.19+). */
  readonly swapinReuse: "mapcount-swapcount" | "fresh-or-rc1" | "exclusive-or-fresh-or-rc1";
  /** do_swap_page maps an exclusive page writable on read faults too (c18160dba5ff, 6.11; absent in 6.8). */
  readonly swapinWritableOnRead: boolean;
  /** copy_present_pte at fork for a maybe-DMA-pinned page: "never" (..5.8); "maybe-pinned" any page of a COW
   *  mapping when the mm has_pinned (70e806e4e645, 5.9); "maybe-pinned-exclusive" only PG_anon_exclusive anon
   *  pages (page_try_dup_anon_rmap, fb3d824d1a46, 5.19). "always" is no kernel: a test-only policy that copies
   *  every private page at fork (no COW at all), used to check the ideal semantics. */
  readonly forkCopiesPinned: "never" | "maybe-pinned" | "maybe-pinned-exclusive" | "always";
  /** PG_anon_exclusive and the swp-exclusive PTE bit exist (6c287605fd56, 1493a1913e34; 5.19). */
  readonly anonExclusive: boolean;
  /** R/O FOLL_PIN unsharing (gup_must_unshare): "none" (..5.18); "anon": non-exclusive anon pages
   *  (a7f226604170, 5.19); "anon-and-longterm-non-anon": also zero page and page cache for
   *  FOLL_LONGTERM in COW mappings (84209e87c696, 6.2). */
  readonly unshareOnRoPin: "none" | "anon" | "anon-and-longterm-non-anon";
  /** Reclaim of a maybe-pinned anon page: "unmap-into-swapcache" (..5.10); "skip-if-not-in-swapcache"
   *  (feb889fb40fa, 5.11); "skip-then-refuse-exclusive": the 5.11 rule, and try_to_unmap_one refuses an
   *  exclusive pinned page already in the swap cache (5.19). */
  readonly reclaimPinned: "unmap-into-swapcache" | "skip-if-not-in-swapcache" | "skip-then-refuse-exclusive";
  /** clear_refs leaves a writable maybe-pinned PTE alone (pte_is_pinned, 9348b73c2e1b, 5.11). */
  readonly clearRefsSkipsPinned: boolean;
  /** mprotect(PROT_WRITE) sets the write bit at once (can_change_pte_writable): "none" (..5.19);
   *  "exclusive-dirty" (64fe24a3e05e, 6.0); "exclusive" (clean too, 6.2). */
  readonly mprotectUpgrade: "none" | "exclusive-dirty" | "exclusive";
  /** try_grab_folio never pins the shared zero page (6.5; absent in 6.4). */
  readonly zeroPageNeverPinned: boolean;
  /** Pages the per-CPU LRU add batch holds before it drains itself: PAGEVEC_SIZE 14 (..4.15), 15 (4.16),
   *  folio_batch 31 (9cecde80aae0, 6.9). */
  readonly lruBatchSize: number;
  /** do_wp_page / do_swap_page drain the local LRU batch for a page not on the LRU (5.18, "COW fixes part 1"). */
  readonly lruDrainInWpFault: boolean;
  /** exit_mmap, unmap_region and the zap paths drain the LRU batch (until 6.13; removed in 6.14). */
  readonly lruDrainOnZap: boolean;
  /** MADV_PAGEOUT exists (5.4); before it `madvise pageout` fails with EINVAL. */
  readonly madvisePageout: boolean;
  /** MADV_WIPEONFORK / MADV_KEEPONFORK exist (4.14). */
  readonly madviseWipeOnFork: boolean;
}

export type KnobName = keyof PolicyKnobs;

/** One kernel version's behaviour: its knobs and where they came from. */
export interface Policy extends PolicyKnobs {
  readonly version: KernelVersion;
  /** The era letter of linux-cow-eras.md §1 ("A".."I"), or "custom" for a hypothetical policy. */
  readonly era: string;
}

/** The alternative a decision function took, recorded in events for traces and coverage. */
export interface Decision {
  readonly knob: KnobName;
  readonly choice: string;
}
