// The breadth-first search with its levels expanded in parts elsewhere (worker threads): level
// by level, the level's states and the visited table go to shared memory, the parts come back,
// and they are merged in (parent, action) order, so duplicates within a level resolve, witnesses
// are chosen and a stop falls exactly as in the search run in one thread (`explore`).
import type { TableView } from "./fingerprintTable.js";
import { reserve } from "./fingerprintTable.js";
import { expansionOf } from "./explore.js";
import type { Frontier, PackedLevel } from "./frontier.js";
import { createFrontier, frontierSize, packedLevel, pushPacked } from "./frontier.js";
import type { ExploreResult } from "./outcome.js";
import type { PartFinding, PartJob, PartResult } from "./partExpand.js";
import { RECORD_WORDS, expandPart } from "./partExpand.js";
import { createEncoder } from "./renaming.js";
import type { ExploreOptions, SearchCore } from "./searchCore.js";
import { beginLevel, createSearchCore, endLevel, recordFinding, reportProgress, searchResult } from "./searchCore.js";
import type { VisitedSet } from "./visitedSet.js";
import type { Allocate } from "./wordStream.js";
import { addFingerprint, createVisitedSet, fingerprints } from "./visitedSet.js";

/** A search whose levels are expanded in parts. */
export interface LevelSearch {
  readonly core: SearchCore;
  readonly alloc: Allocate;
  level: Frontier;
  next: Frontier;
  /** Fingerprints first seen on the level being expanded (the shared table holds the levels above). */
  seen: VisitedSet;
  /** Transitions of the levels and parts merged so far. */
  transitions: number;
  last: boolean;
}

/** One level's work: its states and the table of the levels above, in shared memory, and its parts in order. */
export interface LevelJob {
  readonly level: PackedLevel;
  readonly above: TableView;
  readonly parts: readonly PartJob[];
}

/** A search at its start. `alloc` gives the memory worker threads share (SharedArrayBuffer). */
export function startLevelSearch(o: ExploreOptions, alloc: Allocate): LevelSearch {
  if (o.coverage === true || o.shard !== undefined || o.keepVisited === true) {
    // The CLI refuses these with --workers: coverage and shards are counted by one thread.
    throw new Error("checker bug: a level-parallel search takes no coverage, shard or kept table");
  }
  const { core, level } = createSearchCore(o, createEncoder(o.canonical ?? true), alloc);
  return { core, alloc, level, next: createFrontier(alloc), seen: createVisitedSet(), transitions: 0, last: false };
}

/** The next level split in up to `parts` contiguous parts, or null when the search is over. */
export function nextLevelJob(s: LevelSearch, parts: number): LevelJob | null {
  if (!beginLevel(s.core, s.level)) return null;
  s.next = createFrontier(s.alloc);
  s.seen = createVisitedSet(1 << 12);
  s.last = s.core.depth + 1 >= s.core.o.bounds.depth;
  const count = frontierSize(s.level);
  const n = Math.max(1, Math.min(parts, count));
  const jobs: PartJob[] = [];
  for (let p = 0; p < n; p++) {
    jobs.push({ depth: s.core.depth, last: s.last, from: Math.floor((count * p) / n), to: Math.floor((count * (p + 1)) / n) });
  }
  return { level: packedLevel(s.level), above: { table: s.core.visited.table, mask: s.core.visited.mask, words: s.core.visited.words }, parts: jobs };
}

/** Merges the next part (parts must come in order); true when the search stopped in it. */
export function mergePart(s: LevelSearch, r: PartResult, left: number): boolean {
  const rec = r.records;
  let f = 0;
  let start = 0;
  for (let j = 0; j < rec.length; j += RECORD_WORDS) {
    const ordinal = rec[j] as number;
    for (; f < r.findings.length && (r.findings[f] as PartFinding).ordinal < ordinal; f++) {
      if (mergeFinding(s, r.findings[f] as PartFinding)) return true;
    }
    const end = rec[j + 5] as number;
    if (addFingerprint(s.seen, rec[j + 3] as number, rec[j + 4] as number) && !s.last) {
      pushPacked(s.next, r.bytes, start, end, rec[j + 1] as number, rec[j + 2] as number);
    }
    start = end;
  }
  for (; f < r.findings.length; f++) if (mergeFinding(s, r.findings[f] as PartFinding)) return true;
  s.transitions += r.transitions;
  reportProgress(s.core, s.transitions, s.core.visited.size + s.seen.size, left, frontierSize(s.next));
  return false;
}

function mergeFinding(s: LevelSearch, f: PartFinding): boolean {
  if (!recordFinding(s.core, f.class, f.parent, f.k, f.detail)) return false;
  s.transitions += f.ordinal + 1;
  return true;
}

/** Ends the level: its fingerprints join the table; the next level becomes current. */
export function finishLevel(s: LevelSearch): void {
  reserve(s.core.visited, s.core.visited.size + s.seen.size);
  for (const [lo, hi] of fingerprints(s.seen)) addFingerprint(s.core.visited, lo, hi);
  endLevel(s.core, frontierSize(s.next));
  s.level = s.next;
}

export function levelSearchResult(s: LevelSearch): ExploreResult {
  return searchResult(s.core, s.transitions, null);
}

/**
 * The level-parallel search with every part expanded here, in order: what worker threads do,
 * without threads (for tests, and to measure the cost of parts and merging).
 */
export function exploreInParts(o: ExploreOptions, parts: number): ExploreResult {
  const s = startLevelSearch(o, (bytes) => new ArrayBuffer(bytes));
  const x = expansionOf(o);
  for (let job = nextLevelJob(s, parts); job !== null; job = nextLevelJob(s, parts)) {
    for (let p = 0; p < job.parts.length; p++) {
      const r = expandPart(x, job.level, job.parts[p] as PartJob, job.above, o.all === true);
      if (mergePart(s, r, job.parts.length - p)) break;
    }
    finishLevel(s);
  }
  return levelSearchResult(s);
}
