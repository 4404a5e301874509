// The closing numbers of a run: divergences by class, unnecessary COWs, copies, faults and
// the first failed expectation.
import type { DivergenceClass } from "../ideal/index.js";
import { DIVERGENCE_CLASSES } from "../ideal/index.js";
import type { LineFailure, TraceStep, TraceSummary } from "./trace.js";

/** The summary of a run's steps and failed expectations. */
export function summarize(steps: readonly TraceStep[], failures: readonly LineFailure[]): TraceSummary {
  const divergences = Object.fromEntries(DIVERGENCE_CLASSES.map((c) => [c, 0])) as Record<DivergenceClass, number>;
  let unnecessaryCows = 0;
  let copies = 0;
  let faults = 0;
  for (const s of steps) {
    if (s.divergence !== null) divergences[s.divergence.class]++;
    unnecessaryCows += s.unnecessaryCows;
    for (const e of s.events) {
      if (e.kind === "copy" || e.kind === "fork-copy") copies++;
      if (e.kind === "fault") faults++;
    }
  }
  return { divergences, unnecessaryCows, copies, faults, firstFailure: failures[0] ?? null };
}

/** Total divergences of a summary. */
export function divergenceCount(summary: TraceSummary): number {
  return DIVERGENCE_CLASSES.reduce((n, c) => n + summary.divergences[c], 0);
}
