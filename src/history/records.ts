// Every mainline change that moves a knob of PolicyKnobs, or opens an era, oldest first
// (linux-cow-eras.md §1 and §7, corrected by its §10 and linux-cow-eras-review.md).
// Ids were checked against upstream references (Fixes: tags, merge and release logs, blame of
// release trees); `note` says how a version the era document left open was settled.
import type { KernelVersion } from "../kernel/policy.js";
import type { HistoryRecord } from "./record.js";

const v = (major: number, minor: number): KernelVersion => Object.freeze({ major, minor });

/** Freezes a record and its `decides`, so no caller can change history for the others. */
function frozen(r: HistoryRecord): HistoryRecord {
  return Object.freeze({ ...r, decides: Object.freeze({ ...r.decides }) });
}

const LIST: HistoryRecord[] = [
  // ---- Era B: the mapcount world -------------------------------------------------------
  {
    id: "19be0eaffa3a",
    title: "mm: remove gup_flags FOLL_WRITE games from __get_user_pages()",
    version: v(4, 9),
    era: "B",
    decides: { gupDropsWriteAfterCow: false, forceWriteAcceptance: "follcow-dirty" },
    why: "GUP keeps FOLL_WRITE after a COW and sets FOLL_COW; a FOLL_FORCE write may use a read-only PTE only if it is dirty (Dirty COW fix).",
  },
  {
    id: "d2cd9ede6e19",
    title: "mm,fork: introduce MADV_WIPEONFORK",
    version: v(4, 14),
    era: "B",
    decides: { madviseWipeOnFork: true },
    why: "madvise(MADV_WIPEONFORK) gives the child a zero-filled mapping instead of a COW copy.",
  },
  {
    id: "",
    title: "mm: get 7% more pages in a pagevec",
    version: v(4, 16),
    era: "B",
    decides: { lruBatchSize: 15 },
    why: "PAGEVEC_SIZE grows from 14 to 15, so the LRU add batch holds one more fresh page before it drains.",
    idNote: "Matthew Wilcox's patch of 2017-12-05, in the mmotm since-4.15 branch; its upstream id was not found.",
    note: "PAGEVEC_SIZE is 14 in 4.4.1 and 15 in 4.16.13 (include/linux/pagevec.h); the patch postdates the 4.15 merge window.",
  },
  {
    id: "52d1e606ee73",
    title: "mm: reuse only-pte-mapped KSM page in do_wp_page()",
    version: v(5, 1),
    era: "B",
    decides: { ksmReuse: "sole-ref" },
    why: "A write fault reuses a KSM page outside the swap cache whose only reference is this mapping (reuse_ksm_page).",
    note: "Committed 2019-03-05, two days after the 5.0 release: 5.1 merge window.",
  },
  {
    id: "edafccee56ff",
    title: "io_uring: add support for pre-mapped user IO buffers",
    version: v(5, 1),
    era: "B",
    decides: { iouringBuffers: "foll-get" },
    why: "IORING_REGISTER_BUFFERS takes long-term get_user_pages references with FOLL_WRITE on the buffer pages (plain FOLL_GET).",
  },
  {
    id: "1a4e58cce84e",
    title: "mm: introduce MADV_PAGEOUT",
    version: v(5, 4),
    era: "B",
    decides: { madvisePageout: true },
    why: "madvise(MADV_PAGEOUT) reclaims the range at once: anon pages mapped by one process go to swap.",
    note: "Committed 2019-09-25, after the 5.3 release: 5.4 merge window.",
  },
  {
    id: "eddb1c228f79",
    title: "mm/gup: introduce pin_user_pages*() and FOLL_PIN",
    version: v(5, 6),
    era: "B",
    decides: { follPin: "plain-ref" },
    why: "pin_user_pages exists, but a pin is still a plain +1 reference that nothing can tell from FOLL_GET.",
  },
  {
    id: "",
    title: "fs/io_uring: set FOLL_PIN via pin_user_pages()",
    version: v(5, 6),
    era: "B",
    decides: { iouringBuffers: "foll-pin" },
    why: "io_uring fixed buffers are pinned with pin_user_pages (FOLL_PIN | FOLL_WRITE | FOLL_LONGTERM).",
    idNote: "Patch 16/22 of John Hubbard's FOLL_PIN series whose head is eddb1c228f79 (5.6-rc1); its own upstream id was not found.",
    note: "io_uring uses get_user_pages in 5.4.59 and pin_user_pages in 5.6.4 (5.5 not read).",
  },
  {
    id: "3faa52c03f44",
    title: "mm/gup: track FOLL_PIN pages",
    version: v(5, 7),
    era: "B",
    decides: { follPin: "bias" },
    why: "A FOLL_PIN adds GUP_PIN_COUNTING_BIAS (1024) to a small page's refcount, so page_maybe_dma_pinned can see it.",
    note: "Queued in mmotm in March 2020, after 5.6-rc1; 5.6.4 has no bias, 5.7.14 has it.",
  },
  // ---- Era C: forced COW on every GUP ---------------------------------------------------
  {
    id: "17839856fd58",
    title: 'gup: document and work around "COW can break either way" issue',
    version: v(5, 8),
    era: "C",
    decides: { gupForcesCowBreak: true, forceWriteAcceptance: "follcow-dirty-noforce" },
    why: "Every FOLL_GET or FOLL_PIN on a COW mapping walks as a write (should_force_cow_break); can_follow_write_pte drops the FOLL_FORCE test.",
  },
  // ---- Era D: the page_count world -----------------------------------------------------
  {
    id: "a308c71bf1e6",
    title: "mm/gup: Remove enfornced COW mechanism",
    version: v(5, 9),
    era: "D",
    decides: { gupForcesCowBreak: false, forceWriteAcceptance: "follcow-dirty" },
    why: "Reverts the forced COW of 5.8: read GUP references whatever is mapped, FOLL_FORCE is required again.",
  },
  {
    id: "1a0cf26323c8",
    title: "mm/ksm: Remove reuse_ksm_page()",
    version: v(5, 9),
    era: "D",
    decides: { ksmReuse: "never" },
    why: "A write fault on a KSM page always copies.",
  },
  {
    id: "09854ba94c6a",
    title: "mm: do_wp_page() simplification",
    version: v(5, 9),
    era: "D",
    decides: { smallPageReuse: "refcount-strict" },
    why: "A small anon page is reused only if page_count == 1, so swap-cache, LRU-batch, pipe and pin references all force a copy.",
  },
  {
    id: "70e806e4e645",
    title: "mm: Do early cow for pinned pages during fork() for ptes",
    version: v(5, 9),
    era: "D",
    decides: { forkCopiesPinned: "maybe-pinned" },
    why: "fork gives the child a copy of every maybe-DMA-pinned page of a COW mapping when the parent mm has_pinned; the parent PTE stays writable.",
  },
  {
    id: "feb889fb40fa",
    title: "mm: don't put pinned pages into the swap cache",
    version: v(5, 11),
    era: "D",
    decides: { reclaimPinned: "skip-if-not-in-swapcache" },
    why: "shrink_page_list keeps a maybe-pinned anon page that is not yet in the swap cache: it is neither added nor unmapped.",
  },
  {
    id: "9348b73c2e1b",
    title: "mm: don't play games with pinned pages in clear_page_refs",
    version: v(5, 11),
    era: "D",
    decides: { clearRefsSkipsPinned: true },
    why: "clear_refs leaves a writable maybe-pinned PTE of an mm that has_pinned alone (pte_is_pinned): it stays writable and soft-dirty.",
  },
  // ---- Era E: COW fixes part 1 ---------------------------------------------------------
  {
    id: "c145e0b47c77",
    title: "mm: streamline COW logic in do_swap_page()",
    version: v(5, 18),
    era: "E",
    decides: { swapinReuse: "fresh-or-rc1" },
    why: "A swap-in write fault maps the page writable only if it is a fresh copy or its refcount is 1; reuse_swap_page is gone from do_swap_page.",
  },
  {
    id: "d4c470970d45",
    title: "mm: optimize do_wp_page() for fresh pages in local LRU pagevecs",
    version: v(5, 18),
    era: "E",
    decides: { lruDrainInWpFault: true },
    why: "do_wp_page drains the local LRU add batch for a page not yet on the LRU before testing its refcount.",
  },
  {
    id: "53a05ad9f21d",
    title: "mm: optimize do_wp_page() for exclusive pages in the swapcache",
    version: v(5, 18),
    era: "E",
    decides: { smallPageReuse: "refcount" },
    why: "do_wp_page frees the swap cache of a page whose refcount allows it, then reuses if page_count == 1.",
  },
  // ---- Era F: PG_anon_exclusive ----------------------------------------------------------
  {
    id: "6c287605fd56",
    title: "mm: remember exclusively mapped anonymous pages with PG_anon_exclusive",
    version: v(5, 19),
    era: "F",
    decides: {
      anonExclusive: true,
      smallPageReuse: "exclusive-or-refcount",
      reclaimPinned: "skip-then-refuse-exclusive",
    },
    why: "Exclusive anon pages carry PG_anon_exclusive and are reused at once; try_to_unmap_one refuses to unmap an exclusive pinned page.",
    note: "The try_to_unmap_one refusal (page_try_share_anon_rmap) is present in 5.19.0; it is attributed to this commit of the series.",
  },
  {
    id: "fb3d824d1a46",
    title: "mm/rmap: split page_dup_rmap() into page_dup_file_rmap() and page_try_dup_anon_rmap()",
    version: v(5, 19),
    era: "F",
    decides: { forkCopiesPinned: "maybe-pinned-exclusive" },
    why: "fork copies only exclusive anon pages that may be pinned; other pages, page cache included, are shared.",
  },
  {
    id: "a7f226604170",
    title: "mm/gup: trigger FAULT_FLAG_UNSHARE when R/O-pinning a possibly shared anonymous page",
    version: v(5, 19),
    era: "F",
    decides: { unshareOnRoPin: "anon" },
    why: "An R/O FOLL_PIN of an anon page that is not exclusive first takes an unshare fault, which makes the page exclusive.",
  },
  {
    id: "1493a1913e34",
    title: "mm/swap: remember PG_anon_exclusive via a swp pte bit",
    version: v(5, 19),
    era: "F",
    decides: { swapinReuse: "exclusive-or-fresh-or-rc1" },
    why: "Exclusivity survives swap-out in the swap PTE, so swap-in maps an exclusive page exclusive again.",
  },
  // ---- Era G: FOLL_COW removed -----------------------------------------------------------
  {
    id: "5535be309971",
    title: "mm/gup: fix FOLL_FORCE COW security issue and remove FOLL_COW",
    version: v(6, 0),
    era: "G",
    decides: { forceWriteAcceptance: "anon-exclusive" },
    why: "A FOLL_FORCE write may use a read-only PTE only if it maps an exclusive anon page.",
  },
  {
    id: "64fe24a3e05e",
    title: "mm/mprotect: try avoiding write faults for exclusive anonymous pages when changing protection",
    version: v(6, 0),
    era: "G",
    decides: { mprotectUpgrade: "exclusive-dirty" },
    why: "mprotect(PROT_WRITE) sets the write bit at once on dirty PTEs of exclusive anon pages (can_change_pte_writable).",
  },
  // ---- Era H: reliable R/O long-term pins ------------------------------------------------
  {
    id: "84209e87c696",
    title: "mm/gup: reliable R/O long-term pinning in COW mappings",
    version: v(6, 2),
    era: "H",
    decides: { unshareOnRoPin: "anon-and-longterm-non-anon" },
    why: "An R/O FOLL_LONGTERM pin in a COW mapping also unshares the zero page and page-cache pages into an anon copy.",
  },
  {
    id: "",
    title: "mm/mprotect: allow clean exclusive anon pages to be writable",
    version: v(6, 2),
    era: "H",
    decides: { mprotectUpgrade: "exclusive" },
    why: "can_change_pte_writable no longer needs a dirty PTE for an exclusive anon page of a private mapping.",
    idNote: "Nadav Amit's patch (series of 2022-11-08); akpm's branches show several pre-merge ids and the mainline one was not confirmed.",
  },
  {
    id: "c8070b787519",
    title: "mm: Don't pin ZERO_PAGE in pin_user_pages()",
    version: v(6, 5),
    era: "H",
    decides: { zeroPageNeverPinned: true },
    why: "try_grab_folio takes no pin, and no reference, on the shared zero page.",
  },
  {
    id: "9cecde80aae0",
    title: "mm: increase folio batch size",
    version: v(6, 9),
    era: "H",
    decides: { lruBatchSize: 31 },
    why: "PAGEVEC_SIZE grows from 15 to 31, so the folio_batch holds twice as many fresh pages before it drains.",
    note: "Listed in the Linux 6.9-rc2 shortlog; the era document only knew 15 in 6.8 and 31 in 6.13.",
  },
  {
    id: "c18160dba5ff",
    title: "mm: swap: reuse exclusive folio directly instead of wp page faults",
    version: v(6, 11),
    era: "H",
    decides: { swapinWritableOnRead: true },
    why: "do_swap_page maps an exclusive page writable even on a read fault when the VMA is writable and no uffd-wp or soft-dirty fault is needed.",
    note: "Barry Song, 2024-06-02, merged for 6.11-rc1 (blame of do_swap_page); the era document only knew absent in 6.8, present in 6.13.",
  },
  {
    id: "",
    title: "mm: remove unnecessary calls to lru_add_drain",
    version: v(6, 14),
    era: "H",
    decides: { lruDrainOnZap: false },
    why: "exit_mmap, unmap_region, the zap paths and free_pages_and_swap_cache stop draining the LRU add batch.",
    idNote: "Rik van Riel, posted 2024-12-19; akpm's mm branches carry it under several pre-merge ids and the mainline id was not confirmed.",
    note: "The drains are in 6.13.7 and gone in 6.14.0 (linux-cow-eras-review.md §6).",
  },
  // ---- Era I: MM owner tracking for large folios (no knob: large folios are not modelled) ----
  {
    id: "6af8cb80d3a9",
    title: "mm/rmap: basic MM owner tracking for large folios (!hugetlb)",
    version: v(6, 15),
    era: "I",
    decides: {},
    why: "Large anon folios remember up to two mms that map them; none of the small-page knobs changes.",
  },
  {
    id: "1da190f4d0a6",
    title: "mm: Copy-on-Write (COW) reuse support for PTE-mapped THP",
    version: v(6, 15),
    era: "I",
    decides: {},
    why: "A write fault may reuse a non-exclusive page of a large folio mapped only by this mm; small pages behave as in 6.14.",
  },
];

/** The records, sorted by version; records of one version keep upstream merge order. */
export const RECORDS: readonly HistoryRecord[] = Object.freeze(LIST.map(frozen));
