// The nine eras of linux-cow-eras.md §1 (mainline releases; stable trees mix eras): a name,
// the mainline range, a one-line summary and the commits that open (for A: close) each era.
import type { KernelVersion } from "../kernel/policy.js";
import type { EraLetter } from "./record.js";
import type { VersionRange } from "./versions.js";
import { inRange, isModelled, formatVersion } from "./versions.js";

/** One era of linux-cow-eras.md §1. */
export interface Era {
  readonly letter: EraLetter;
  readonly name: string;
  /** The mainline releases of the era; A is open towards the past and I towards the future. */
  readonly range: VersionRange;
  readonly summary: string;
  /** The commits that define the era's boundary (for A, the fix that ends it). */
  readonly commits: readonly string[];
}

const v = (major: number, minor: number): KernelVersion => Object.freeze({ major, minor });

const era = (e: Era): Era => Object.freeze({ ...e, range: Object.freeze({ ...e.range }), commits: Object.freeze([...e.commits]) });

/** The eras, oldest first; their ranges tile every mainline version without overlap. */
export const ERAS: readonly Era[] = Object.freeze([
  era({
    letter: "A",
    name: "FOLL_WRITE games (before the Dirty COW fix)",
    range: { from: null, to: v(4, 8) },
    summary:
      "After a COW on a VMA without VM_WRITE, faultin_page drops FOLL_WRITE and the retry may return the file's page (Dirty COW, CVE-2016-5195); reuse by mapcount.",
    commits: ["19be0eaffa3a"],
  }),
  era({
    letter: "B",
    name: "mapcount world",
    range: { from: v(4, 9), to: v(5, 7) },
    summary:
      "Reuse is decided by mapcount + swapcount (reuse_swap_page): pins stay coherent, but another process's pipe or GUP reference can see later writes (CVE-2020-29374).",
    commits: ["19be0eaffa3a"],
  }),
  era({
    letter: "C",
    name: "forced COW on every GUP",
    range: { from: v(5, 8), to: v(5, 8) },
    summary:
      "Every FOLL_GET or FOLL_PIN on a COW mapping breaks COW first (should_force_cow_break), so GUP always gets an exclusive page; reverted in 5.9.",
    commits: ["17839856fd58"],
  }),
  era({
    letter: "D",
    name: "page_count world",
    range: { from: v(5, 9), to: v(5, 17) },
    summary:
      "A small anon page is reused only if page_count == 1 and fork copies maybe-pinned pages; THP and swap-in writes stay mapcount-based, any extra reference forces a copy.",
    commits: ["09854ba94c6a", "a308c71bf1e6", "1a0cf26323c8", "70e806e4e645"],
  }),
  era({
    letter: "E",
    name: "COW fixes part 1",
    range: { from: v(5, 18), to: v(5, 18) },
    summary:
      "The refcount rule also for THP and swap-in; swap-cache and LRU-batch references are dropped before the test, so they no longer force a copy.",
    commits: ["c145e0b47c77", "d4c470970d45", "53a05ad9f21d"],
  }),
  era({
    letter: "F",
    name: "PG_anon_exclusive",
    range: { from: v(5, 19), to: v(5, 19) },
    summary:
      "Exclusive anon pages are marked and reused at once; an R/O pin of a possibly shared anon page unshares it first; exclusivity survives swap and migration.",
    commits: ["6c287605fd56", "fb3d824d1a46", "a7f226604170", "1493a1913e34"],
  }),
  era({
    letter: "G",
    name: "FOLL_COW removed",
    range: { from: v(6, 0), to: v(6, 1) },
    summary:
      "A FOLL_FORCE write may use a read-only PTE only of an exclusive anon page; mprotect(PROT_WRITE) re-sets the write bit on dirty exclusive anon PTEs.",
    commits: ["5535be309971", "64fe24a3e05e"],
  }),
  era({
    letter: "H",
    name: "reliable R/O long-term pins",
    range: { from: v(6, 2), to: v(6, 14) },
    summary:
      "R/O long-term pins in COW mappings also unshare the zero page and page cache; mprotect upgrades clean exclusive PTEs; the folio conversion.",
    commits: ["84209e87c696"],
  }),
  era({
    letter: "I",
    name: "MM owner tracking for large folios",
    range: { from: v(6, 15), to: null },
    summary:
      "Large anon folios remember which mm maps them and a write fault may reuse a page of one mapped only by this mm; small pages behave as in era H.",
    commits: ["6af8cb80d3a9", "1da190f4d0a6"],
  }),
]);

/**
 * The era letter of a modelled version. Throws a RangeError for a version cowlab does not
 * model: callers validate first (the scenario checker reports such versions as diagnostics).
 */
export function eraOf(version: KernelVersion): EraLetter {
  if (!isModelled(version)) throw new RangeError(`kernel ${formatVersion(version)} is not modelled`);
  const found = ERAS.find((e) => inRange(version, e.range));
  // The ranges tile all versions (A open to the past, I to the future), so a modelled one has an era.
  if (found === undefined) throw new Error(`model bug: no era contains ${formatVersion(version)}`);
  return found.letter;
}

/** The era of a letter. */
export function eraByLetter(letter: EraLetter): Era {
  const found = ERAS.find((e) => e.letter === letter);
  // ERAS lists every EraLetter, so the lookup cannot miss.
  if (found === undefined) throw new Error(`model bug: no era ${letter}`);
  return found;
}
