// One part of a level of the search over many kernels, expanded apart from the search (in a
// worker thread): a contiguous run of the level's states, checked against the levels above (a
// table nobody writes during the level) and against itself. What comes back is in step order,
// each item with its step's ordinal in the part, so that the search merges parts exactly as if
// it had expanded them itself.
import type { TableView } from "./fingerprintTable.js";
import { fingerprint } from "./fingerprint.js";
import type { PackedLevel } from "./frontier.js";
import { packBytes } from "./frontier.js";
import type { FindingClass } from "./outcome.js";
import type { PartFinding, PartJob } from "./partExpand.js";
import type { Encoder } from "./renaming.js";
import type { SharedExpansion, SharedSink } from "./sharedExpand.js";
import { expandEntry } from "./sharedExpand.js";
import type { SharedVisited } from "./sharedVisited.js";
import { addKernels, createSharedVisited, kernelsAt, kernelsOf, slotOf } from "./sharedVisited.js";
import { createByteWriter } from "./varint.js";
import { createWordWriter, put } from "./wordStream.js";

/** Which states of which level to expand, for which kernels. */
export interface SharedPartJob extends PartJob {
  /** Kernels still searching when the level began. */
  readonly live: number;
}

/** A level's states and, per state, the kernels that expand it. */
export interface SharedLevelView {
  readonly packed: PackedLevel;
  readonly kernels: Int32Array;
}

/** A finding in a part, the first of its class there for at least one of its kernels. */
export interface SharedPartFinding extends PartFinding {
  readonly kernels: number;
  /** Per kernel, the part's transitions up to and including this step (for a kernel that stops here). */
  readonly transitions: Int32Array;
}

/** Words per candidate in `SharedPartResult.records`: ordinal, parent, k, lo, hi, kernels, end of its bytes. */
export const SHARED_RECORD_WORDS = 7;

export interface SharedPartResult {
  /** Per candidate new to some of its kernels (not in the levels above, nor earlier in the part). */
  readonly records: Int32Array;
  readonly bytes: Uint8Array;
  readonly findings: readonly SharedPartFinding[];
  readonly steps: number;
  /** Per kernel, the part's transitions. */
  readonly transitions: Int32Array;
}

/** Expands states [from, to) of `level` for the kernels live when it began. */
export function expandSharedPart(
  x: SharedExpansion, encoder: Encoder, level: SharedLevelView, job: SharedPartJob, above: TableView,
): SharedPartResult {
  x.steps = 0;
  x.transitions.fill(0);
  x.live = job.live;
  const own = createSharedVisited(1 << 10);
  const bytes = createByteWriter(job.last ? 16 : 1 << 16);
  const records = createWordWriter(1 << 10);
  const findings: SharedPartFinding[] = [];
  const seenClasses = new Map<FindingClass, number>();
  let lo = 0;
  let hi = 0;
  const sink: SharedSink = {
    fresh: (lock, counters, kernels) => {
      [lo, hi] = fingerprint(lock, encoder, counters);
      return kernels & ~kernelsOf(above, lo, hi) & ~kernelsOf(own, lo, hi);
    },
    candidate: (i, k, kernels, lock, counters) => {
      let fresh = kernels & ~kernelsOf(above, lo, hi);
      if (fresh === 0) return;
      const slot = slotOf(own, lo, hi);
      fresh &= ~kernelsAt(own, slot);
      if (fresh === 0) return;
      addKernels(own, slot, fresh);
      if (!job.last) packBytes(bytes, lock, counters);
      for (const w of [x.steps - 1, i, k, lo, hi, fresh, bytes.n]) put(records, w | 0);
    },
    finding: (i, k, kernels, cls, detail) => {
      const had = seenClasses.get(cls) ?? 0;
      if ((kernels & ~had) === 0) return;
      seenClasses.set(cls, had | kernels);
      findings.push({ ordinal: x.steps - 1, parent: i, k, kernels, class: cls, detail, transitions: x.transitions.slice() });
    },
  };
  for (let i = job.from; i < job.to; i++) {
    const kernels = (level.kernels[i] as number) & x.live;
    if (kernels !== 0) expandEntry(x, level.packed, i, kernels, sink);
  }
  return { records: records.buf.slice(0, records.n), bytes: bytes.buf.slice(0, bytes.n), findings, steps: x.steps, transitions: x.transitions.slice() };
}
