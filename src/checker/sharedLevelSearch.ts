// The search over many kernels with its levels expanded in parts elsewhere (worker threads):
// level by level, the level's states and the visited table go to shared memory, the parts come
// back and are merged in order, so the kernels' states, witnesses, counts and stops fall as in
// the search run in one thread. (One difference: a kernel that finds every class stops at once
// in one thread, while parts already running still step it, so the count of model steps, not
// any kernel's result, can differ then.)
import type { TableView } from "./fingerprintTable.js";
import { reserve } from "./fingerprintTable.js";
import type { Policy } from "../kernel/policy.js";
import { frontierSize, packedLevel } from "./frontier.js";
import { createEncoder } from "./renaming.js";
import type { SharedCore, SharedOptions, SharedResult } from "./sharedCore.js";
import { beginSharedLevel, createSharedCore, endSharedLevel, reportSharedProgress, sharedFinding, sharedResult } from "./sharedCore.js";
import { bits, createSharedExpansion } from "./sharedExpand.js";
import type { SharedLevel } from "./sharedLevel.js";
import { createSharedLevel } from "./sharedLevel.js";
import type { SharedLevelView, SharedPartFinding, SharedPartJob, SharedPartResult } from "./sharedPart.js";
import { SHARED_RECORD_WORDS, expandSharedPart } from "./sharedPart.js";
import { addToLevel, startSharedLevel, visitKernels } from "./sharedSearch.js";
import type { SharedVisited } from "./sharedVisited.js";
import { addKernels, createSharedVisited, forEachVisited, slotOf } from "./sharedVisited.js";
import type { Allocate } from "./wordStream.js";
import { MAX_TRACED_POLICIES } from "./policyTracer.js";

export interface SharedLevelSearch {
  readonly core: SharedCore;
  readonly alloc: Allocate;
  level: SharedLevel;
  next: SharedLevel;
  /** Kernels per fingerprint first reached on the level being expanded (the shared table holds the levels above). */
  seen: SharedVisited;
  steps: number;
  readonly transitions: Int32Array;
  last: boolean;
}

/** One level's work: its states and the table of the levels above, in shared memory, and its parts in order. */
export interface SharedLevelJob {
  readonly level: SharedLevelView;
  readonly above: TableView;
  readonly parts: readonly SharedPartJob[];
}

/** A search at its start. `alloc` gives the memory worker threads share (SharedArrayBuffer). */
export function startSharedLevelSearch(o: SharedOptions, policies: readonly Policy[], alloc: Allocate): SharedLevelSearch {
  if (o.coverage === true || o.checkClasses === true) throw new Error("checker bug: a level-parallel search takes no coverage or class check");
  const core = createSharedCore(o, policies, alloc);
  const level = startSharedLevel(core, alloc);
  return {
    core, alloc, level, next: createSharedLevel(alloc), seen: createSharedVisited(16), steps: 0,
    transitions: new Int32Array(MAX_TRACED_POLICIES), last: false,
  };
}

/** The next level split in up to `parts` contiguous parts, or null when the search is over. */
export function nextSharedLevelJob(s: SharedLevelSearch, parts: number): SharedLevelJob | null {
  if (!beginSharedLevel(s.core, s.level)) return null;
  s.next = createSharedLevel(s.alloc);
  s.seen = createSharedVisited(1 << 12);
  s.last = s.core.depth + 1 >= s.core.o.bounds.depth;
  const count = frontierSize(s.level.states);
  const n = Math.max(1, Math.min(parts, count));
  const jobs: SharedPartJob[] = [];
  for (let p = 0; p < n; p++) {
    jobs.push({ depth: s.core.depth, last: s.last, from: Math.floor((count * p) / n), to: Math.floor((count * (p + 1)) / n), live: s.core.live });
  }
  const level = { packed: packedLevel(s.level.states), kernels: s.level.kernels.buf.subarray(0, count) };
  return { level, above: { table: s.core.visited.table, mask: s.core.visited.mask, words: s.core.visited.words }, parts: jobs };
}

/** Merges the next part (parts must come in order). */
export function mergeSharedPart(s: SharedLevelSearch, r: SharedPartResult, left: number): void {
  const liveBefore = s.core.live;
  const rec = r.records;
  let f = 0;
  let start = 0;
  for (let j = 0; j < rec.length; j += SHARED_RECORD_WORDS) {
    const ordinal = rec[j] as number;
    for (; f < r.findings.length && (r.findings[f] as SharedPartFinding).ordinal < ordinal; f++) mergeFinding(s, r.findings[f] as SharedPartFinding);
    const end = rec[j + 6] as number;
    mergeCandidate(s, rec, j, start, end, r.bytes);
    start = end;
  }
  for (; f < r.findings.length; f++) mergeFinding(s, r.findings[f] as SharedPartFinding);
  // Kernels that stopped in this part took their count at the finding.
  for (const g of bits(liveBefore & s.core.live)) s.transitions[g] = (s.transitions[g] as number) + (r.transitions[g] as number);
  s.steps += r.steps;
  reportSharedProgress(s.core, s.steps, s.core.visited.size + s.seen.size, left, frontierSize(s.next.states));
}

function mergeCandidate(s: SharedLevelSearch, rec: Int32Array, j: number, start: number, end: number, bytes: Uint8Array): void {
  const kernels = (rec[j + 5] as number) & s.core.live;
  if (kernels === 0) return;
  const slot = slotOf(s.seen, rec[j + 3] as number, rec[j + 4] as number);
  const fresh = visitKernels(s.core, s.seen, slot, kernels);
  if (fresh === 0 || s.last) return;
  addToLevel(s.next, s.seen, slot, s.core.depth + 1, fresh, bytes, start, end, rec[j + 1] as number, rec[j + 2] as number);
}

function mergeFinding(s: SharedLevelSearch, f: SharedPartFinding): void {
  const stopped = sharedFinding(s.core, f.parent, f.k, f.kernels, f.class, f.detail);
  for (const g of bits(stopped)) s.transitions[g] = (s.transitions[g] as number) + (f.transitions[g] as number);
}

/** Ends the level: its fingerprints join the table; the next level becomes current. */
export function finishSharedLevel(s: SharedLevelSearch): void {
  reserve(s.core.visited, s.core.visited.size + s.seen.size);
  forEachVisited(s.seen, (lo, hi, kernels) => addKernels(s.core.visited, slotOf(s.core.visited, lo, hi), kernels));
  endSharedLevel(s.core, s.next);
  s.level = s.next;
}

export function sharedLevelSearchResult(s: SharedLevelSearch): SharedResult {
  return sharedResult(s.core, s.steps, s.transitions, null);
}

/** The level-parallel search with every part expanded here, in order: what worker threads do, without threads. */
export function exploreSharedInParts(o: SharedOptions, policies: readonly Policy[], parts: number): SharedResult {
  const s = startSharedLevelSearch(o, policies, (bytes) => new ArrayBuffer(bytes));
  const x = createSharedExpansion(o, policies);
  const encoder = createEncoder(o.canonical ?? true);
  for (let job = nextSharedLevelJob(s, parts); job !== null; job = nextSharedLevelJob(s, parts)) {
    for (let p = 0; p < job.parts.length; p++) expandAndMerge(s, x, encoder, job, p);
    finishSharedLevel(s);
  }
  return sharedLevelSearchResult(s);
}

function expandAndMerge(s: SharedLevelSearch, x: ReturnType<typeof createSharedExpansion>, encoder: ReturnType<typeof createEncoder>, job: SharedLevelJob, p: number): void {
  mergeSharedPart(s, expandSharedPart(x, encoder, job.level, job.parts[p] as SharedPartJob, job.above), job.parts.length - p);
}
