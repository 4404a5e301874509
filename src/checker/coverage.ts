// Coverage of the policy's decisions: how often each alternative a kernel event recorded
// ({knob, choice}) was taken during a search or a fuzz run, and which expected alternatives
// (reuse / copy, share / copy at fork, upgrade / read-only at mprotect, ...) never were.
import type { KernelEvent } from "../kernel/events.js";
import type { KnobName, Policy } from "../kernel/policy.js";
import { KNOB_NAMES } from "../history/index.js";

/** Counts per `knob` then per `choice`. */
export interface Coverage {
  readonly counts: Map<string, Map<string, number>>;
}

/** One line of the report. */
export interface CoverageRow {
  readonly knob: KnobName;
  readonly choice: string;
  readonly count: number;
}

export function createCoverage(): Coverage {
  return { counts: new Map() };
}

/** Counts the decisions of one step's events. */
export function recordDecisions(cov: Coverage, events: readonly KernelEvent[]): void {
  for (const ev of events) {
    const d = ev.decision;
    if (d === undefined) continue;
    let byChoice = cov.counts.get(d.knob);
    if (byChoice === undefined) {
      byChoice = new Map();
      cov.counts.set(d.knob, byChoice);
    }
    byChoice.set(d.choice, (byChoice.get(d.choice) ?? 0) + 1);
  }
}

/** Adds `from` into `into` (for merging per-group or per-run coverage). */
export function mergeCoverage(into: Coverage, from: Coverage): void {
  for (const [knob, byChoice] of from.counts) {
    for (const [choice, n] of byChoice) {
      let m = into.counts.get(knob);
      if (m === undefined) {
        m = new Map();
        into.counts.set(knob, m);
      }
      m.set(choice, (m.get(choice) ?? 0) + n);
    }
  }
}

/**
 * The verdicts a policy's two-way decisions can reach (kernel/decisions/*: `<alternative>:<verdict>`).
 * fork under "never" only shares, under "always" only copies.
 */
export function expectedAlternatives(p: Policy): CoverageRow[] {
  const rows: [KnobName, string][] = [
    ["smallPageReuse", `${p.smallPageReuse}:reuse`],
    ["smallPageReuse", `${p.smallPageReuse}:copy`],
    ["mprotectUpgrade", `${p.mprotectUpgrade}:upgrade`],
    ["mprotectUpgrade", `${p.mprotectUpgrade}:read-only`],
  ];
  if (p.forkCopiesPinned !== "always") rows.push(["forkCopiesPinned", `${p.forkCopiesPinned}:share`]);
  if (p.forkCopiesPinned !== "never") rows.push(["forkCopiesPinned", `${p.forkCopiesPinned}:copy`]);
  return rows.map(([knob, choice]) => ({ knob, choice, count: 0 }));
}

/** Every alternative taken, and every expected one not taken (count 0), by knob order then choice. */
export function coverageRows(cov: Coverage, policy: Policy): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  for (const r of expectedAlternatives(policy)) rows.set(`${r.knob}\u0000${r.choice}`, r);
  for (const [knob, byChoice] of cov.counts) {
    for (const [choice, count] of byChoice) rows.set(`${knob}\u0000${choice}`, { knob: knob as KnobName, choice, count });
  }
  const order = (k: string): number => (KNOB_NAMES as readonly string[]).indexOf(k);
  return [...rows.values()].sort((a, b) => order(a.knob) - order(b.knob) || (a.choice < b.choice ? -1 : a.choice > b.choice ? 1 : 0));
}

/** Knobs no event named at all: the search never reached the code that consults them. */
export function knobsNeverConsulted(cov: Coverage): KnobName[] {
  return KNOB_NAMES.filter((k) => !cov.counts.has(k));
}
