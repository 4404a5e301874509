// The knobs of the oldest modelled kernel, 4.4 (era A): before the Dirty COW fix 19be0eaffa3a,
// with mapcount-based reuse (reuse_swap_page), no FOLL_PIN, no io_uring, no PG_anon_exclusive.
// Every later version is this object with the records up to it applied (policyFor.ts).
import type { KernelVersion, PolicyKnobs } from "../kernel/policy.js";

/** The version the baseline describes; records start after it. */
export const BASELINE_VERSION: KernelVersion = Object.freeze({ major: 4, minor: 4 });

/**
 * Mainline 4.4 (stable 4.4.26 took the Dirty COW fix; stable kernels are not modelled).
 * Key order is the declaration order of PolicyKnobs and is the order `cowlab kernels` prints.
 */
export const BASELINE_KNOBS: PolicyKnobs = Object.freeze({
  // faultin_page drops FOLL_WRITE once the fault broke COW on a VMA without VM_WRITE (mm/gup.c).
  gupDropsWriteAfterCow: true,
  // FOLL_COW does not exist before 19be0eaffa3a; the value is never consulted while
  // gupDropsWriteAfterCow holds, because the retry after the COW is a plain read lookup.
  forceWriteAcceptance: "follcow-dirty",
  gupForcesCowBreak: false,
  // pin_user_pages arrives in 5.6 (eddb1c228f79).
  follPin: "none",
  // io_uring arrives in 5.1.
  iouringBuffers: "none",
  // do_wp_page: reuse_swap_page, mapcount + swapcount <= 1 (mm/swapfile.c).
  smallPageReuse: "mapcount",
  ksmReuse: "never",
  swapinReuse: "mapcount-swapcount",
  swapinWritableOnRead: false,
  // copy_one_pte shares and write-protects every page, pinned or not (mm/memory.c).
  forkCopiesPinned: "never",
  anonExclusive: false,
  unshareOnRoPin: "none",
  reclaimPinned: "unmap-into-swapcache",
  clearRefsSkipsPinned: false,
  mprotectUpgrade: "none",
  zeroPageNeverPinned: false,
  // PAGEVEC_SIZE is 14 in 4.4 (include/linux/pagevec.h). Until 8f182270dfec (4.7) __lru_cache_add
  // drains a full pagevec before adding, later it adds and then drains a full one; the knob
  // carries the capacity only.
  lruBatchSize: 14,
  lruDrainInWpFault: false,
  // exit_mmap, unmap_region, zap_page_range and free_pages_and_swap_cache call lru_add_drain.
  lruDrainOnZap: true,
  madvisePageout: false,
  madviseWipeOnFork: false,
});
