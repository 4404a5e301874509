// Text of the checker's results: a witness (class, kernel, the scenario as .cow text, what
// run/ says about its last line, the replay command), the --kernel all matrix, coverage, and
// the closing `explored:` line that every explore run ends with.
import type { Bounds, Coverage, ExploreResult, FindingClass, GroupExplored, ReplayedWitness, SearchStats, SharedStats } from "../checker/index.js";
import { DEFAULT_VERBS, coverageRows, knobsNeverConsulted } from "../checker/index.js";
import { formatVersion } from "../history/index.js";
import type { Policy } from "../kernel/policy.js";
import { formatGroup } from "../run/index.js";

/** The classes in matrix order: the five divergence classes, then model bugs. */
export const FINDING_CLASSES: readonly FindingClass[] = ["missed-cow", "wrong-cow", "lost-write", "bad-fault", "corruption", "invariant"];

/** `--procs 2 --pages 2 --pins 1 --depth 6 --values 2 [--verbs ...]`: the bounds as options. */
export function formatBoundsArgs(b: Bounds): string {
  const same = b.verbs.length === DEFAULT_VERBS.length && b.verbs.every((v, i) => v === DEFAULT_VERBS[i]);
  const verbs = same ? "" : ` --verbs ${b.verbs.join(",")}`;
  return `--procs ${b.procs} --pages ${b.pages} --pins ${b.pins} --depth ${b.depth} --values ${b.values}${verbs}`;
}

const indent = (text: string): string => text.trimEnd().split("\n").map((l) => (l === "" ? "" : `  ${l}`)).join("\n");

/** One witness: class and kernel, the scenario, run/'s explanation, and how to replay it. */
export function formatWitness(r: ReplayedWitness, policy: Policy, fileHint: string, extraReplay: string | null): string {
  return formatWitnessText(r.witness.class, r.witness.path.length, r.text, r.step?.line ?? null, r.why, policy, fileHint, extraReplay);
}

/** A witness given as its class, length, `.cow` text and run/'s explanation of its last line (explore and merge). */
export function formatWitnessText(
  cls: FindingClass, length: number, text: string, line: number | null, why: string, policy: Policy, fileHint: string, extraReplay: string | null,
): string {
  const v = formatVersion(policy.version);
  const head = cls === "invariant"
    ? `model invariant broken on ${v} (era ${policy.era}) after ${length} actions: a bug in cowlab's model`
    : `${cls} on ${v} (era ${policy.era}): shortest witness, ${length} actions after the mmap`;
  const lines = [head, "", indent(text), "", `line ${line ?? "?"}: ${why}`, "", "replay:"];
  lines.push(`  save the scenario above as ${fileHint}, then: cowlab run ${fileHint} --kernel ${v}`);
  if (extraReplay !== null) lines.push(`  or: ${extraReplay}`);
  return `${lines.join("\n")}\n`;
}

/** `explored: S states, T transitions, depth D, X s, R states/s`. */
export function formatExploredLine(s: SearchStats): string {
  const rate = s.seconds > 0 ? Math.round(s.states / s.seconds) : 0;
  return `explored: ${s.states} states, ${s.transitions} transitions, depth ${s.depth}, ${s.seconds.toFixed(1)} s, ${rate} states/s\n`;
}

/** How much searching every kernel at once saved over one search per kernel. */
export function formatSharedLine(s: SharedStats): string {
  const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(1) : "0.0");
  return `shared by all kernels: ${s.states} distinct states stored for ${s.kernelStates} states of single kernels (${ratio(s.kernelStates, s.states)}x), `
    + `${s.steps} model steps for ${s.kernelTransitions} transitions (${ratio(s.kernelTransitions, s.steps)}x)\n`;
}

/** What a search that found nothing says before the explored line. */
export function formatNothingFound(r: ExploreResult): string {
  const v = formatVersion(r.policy.version);
  const why = r.stop === "exhausted" ? `every reachable state explored (depth ${r.stats.depth} adds nothing new)` : `within depth ${r.bounds.depth}`;
  const shard = r.shard === null ? "" : ` in shard ${r.shard.index}/${r.shard.count}`;
  return `no divergence on ${v} (era ${r.policy.era})${shard} ${why}\n`;
}

/** Sums the stats of several searches (the matrix's closing line). */
export function sumStats(all: readonly SearchStats[]): SearchStats {
  return all.reduce((a, s) => ({
    states: a.states + s.states, transitions: a.transitions + s.transitions, depth: Math.max(a.depth, s.depth),
    seconds: a.seconds + s.seconds, tableBytes: Math.max(a.tableBytes, s.tableBytes),
  }), { states: 0, transitions: 0, depth: 0, seconds: 0, tableBytes: 0 });
}

/** The era x class matrix: the shortest witness's length, or `-` when none within the bound. */
export function formatExploreMatrix(groups: readonly GroupExplored[]): string {
  const classes = FINDING_CLASSES.filter((c) => c !== "invariant" || groups.some((g) => g.result.witnesses.some((w) => w.class === c)));
  const rows = groups.map((g) => {
    const cells = classes.map((c) => {
      const w = g.result.witnesses.find((x) => x.class === c);
      return w === undefined ? "-" : String(w.path.length);
    });
    return [`${g.group.policy.era} ${formatGroup(g.group)}`, ...cells];
  });
  const header = ["era kernels", ...classes];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const legend = "cells: length of the shortest witness (actions after `p: mmap buf N rw`), - none within the bound";
  return `${[fmt(header), ...rows.map(fmt), "", legend].join("\n")}\n`;
}

/** The coverage report: every alternative taken with its count, and those never taken flagged. */
export function formatCoverage(cov: Coverage, policy: Policy): string {
  const rows = coverageRows(cov, policy);
  const width = Math.max(4, ...rows.map((r) => `${r.knob} ${r.choice}`.length));
  const lines = ["coverage of the policy's decisions:"];
  for (const r of rows) {
    const name = `${r.knob} ${r.choice}`.padEnd(width);
    lines.push(`  ${name}  ${String(r.count).padStart(9)}${r.count === 0 ? "  never taken" : ""}`);
  }
  const never = knobsNeverConsulted(cov);
  if (never.length > 0) lines.push(`  knobs no event consulted: ${never.join(", ")}`);
  return `${lines.join("\n")}\n`;
}
