// One part of a level expanded apart from the search (in a worker thread): a contiguous run of
// the level's states, checked only against the levels above (a table nobody writes during the
// level) and against itself. What comes back is in (parent, action) order, each item with its
// transition's ordinal in the part, so the search can merge parts exactly as if it had expanded
// them itself, and stop where it would have stopped.
import type { TableView } from "./fingerprintTable.js";
import type { PackedLevel } from "./frontier.js";
import type { Expansion, ExpansionSink } from "./levelExpand.js";
import { expandState } from "./levelExpand.js";
import type { FindingClass } from "./outcome.js";
import { packBytes } from "./frontier.js";
import { ALL_CLASSES } from "./searchCore.js";
import type { VisitedSet } from "./visitedSet.js";
import { addFingerprint, createVisitedSet, hasFingerprint } from "./visitedSet.js";
import { createByteWriter } from "./varint.js";
import { createWordWriter, put } from "./wordStream.js";

/** Which states of which level to expand. */
export interface PartJob {
  /** The level's depth (0: the start state). */
  readonly depth: number;
  /** The children are on the last level: they are counted, never expanded, so not packed. */
  readonly last: boolean;
  readonly from: number;
  readonly to: number;
}

/** A finding in a part: the first of its class there. */
export interface PartFinding {
  readonly ordinal: number;
  readonly parent: number;
  readonly k: number;
  readonly class: FindingClass;
  readonly detail: string;
}

/** Words per candidate in `PartResult.records`. */
export const RECORD_WORDS = 6;

/** What a part found, in order. */
export interface PartResult {
  /**
   * Per new candidate (not in the levels above, first of its fingerprint in the part):
   * ordinal, parent, k, lo, hi, and the end of its packed bytes in `bytes` (its start is the
   * previous record's end, or 0).
   */
  readonly records: Int32Array;
  readonly bytes: Uint8Array;
  readonly findings: readonly PartFinding[];
  /** Transitions taken, up to and including the one that stopped the part, if one did. */
  readonly transitions: number;
}

/**
 * Expands states [from, to) of `level`. A part stops at its first finding (without `all`) or
 * when it has seen every class: the search, merging in order, stops there or earlier.
 */
export function expandPart(x: Expansion, level: PackedLevel, job: PartJob, above: TableView, all: boolean): PartResult {
  x.transitions = 0;
  const own = createVisitedSet(1 << 10);
  const bytes = createByteWriter(job.last ? 16 : 1 << 16);
  const records = createWordWriter(1 << 10);
  const findings: PartFinding[] = [];
  const classes = new Set<FindingClass>();
  const sink: ExpansionSink = {
    isNew: (lo, hi) => !hasFingerprint(above, lo, hi) && !hasFingerprint(own, lo, hi),
    candidate: (parent, k, lo, hi, lock, counters) => {
      if (hasFingerprint(above, lo, hi) || !addFingerprint(own, lo, hi)) return;
      if (!job.last) packBytes(bytes, lock, counters);
      put(records, x.transitions - 1);
      put(records, parent);
      put(records, k);
      put(records, lo);
      put(records, hi);
      put(records, bytes.n);
    },
    finding: (parent, k, cls, detail) => {
      // A later finding of a class already seen here changes nothing the search keeps.
      if (classes.has(cls)) return false;
      classes.add(cls);
      findings.push({ ordinal: x.transitions - 1, parent, k, class: cls, detail });
      return !all || classes.size >= ALL_CLASSES;
    },
  };
  for (let i = job.from; i < job.to; i++) if (expandState(x, level, i, job.depth, sink)) break;
  return { records: records.buf.slice(0, records.n), bytes: bytes.buf.slice(0, bytes.n), findings, transitions: x.transitions };
}
