// The scenario x kernel-group matrix of `cowlab test`: one row per scenario, one column per
// distinct policy, cells abbreviated so that 19 groups fit in 100 columns, with a legend
// naming each column's versions.
import type { GroupResult, TestReport } from "../run/index.js";
import { formatGroup } from "../run/index.js";
import type { KernelVersion } from "../kernel/policy.js";
import { compareVersions } from "../history/index.js";

/** One column: a distinct policy of the kernels tested. */
export interface MatrixColumn {
  readonly from: KernelVersion;
  readonly to: KernelVersion;
  readonly era: string;
}

/** A scenario's result: its report, or null when the file has errors and ran nowhere. */
export interface ScenarioResult {
  readonly path: string;
  readonly report: TestReport | null;
}

/** Default width: fixed, so the output is the same on any terminal. */
export const MATRIX_WIDTH = 100;

/** `A`, `B1`..`B7`, `H1`..: the era letter, numbered when the era has several columns. */
export function columnLabels(columns: readonly MatrixColumn[]): string[] {
  const total = new Map<string, number>();
  for (const c of columns) total.set(c.era, (total.get(c.era) ?? 0) + 1);
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c.era) ?? 0) + 1;
    seen.set(c.era, n);
    return (total.get(c.era) ?? 1) > 1 ? `${c.era}${n}` : c.era;
  });
}

/** The scenario's group inside a column, if the column holds one of its kernels. */
export function groupIn(report: TestReport, col: MatrixColumn): GroupResult | undefined {
  return report.groups.find((g) => compareVersions(g.from, col.from) >= 0 && compareVersions(g.from, col.to) <= 0);
}

/** Two letters per divergence class, so a passing cell still shows where the kernel broke a guarantee. */
const CLASS_CODE: Readonly<Record<string, string>> = {
  "missed-cow": "MC", "wrong-cow": "WC", "lost-write": "LW", "bad-fault": "BF", "corruption": "CO",
};

/** `ok`, `MC`/`WC`/... (held, with the kernel diverging from the ideal), `F12` (failed, first at
 *  line 12), `sk`, `·` (out of range) or `ERR` (the file has errors). */
export function cellText(report: TestReport | null, col: MatrixColumn): string {
  if (report === null) return "ERR";
  const g = groupIn(report, col);
  if (g === undefined) return "·";
  if (g.status === "ok") {
    const first = g.divergences[0];
    return first === undefined ? "ok" : (CLASS_CODE[first.class] ?? "DV");
  }
  if (g.status === "skip") return "sk";
  return `F${g.failures[0]?.line ?? "?"}`;
}

/** Row names: paths without their common directory and without `.cow`. */
export function rowNames(paths: readonly string[]): string[] {
  const dirs = paths.map((p) => p.split("/").slice(0, -1));
  const first = dirs[0] ?? [];
  let common = 0;
  while (common < first.length && dirs.every((d) => d[common] === first[common])) common++;
  return paths.map((p) => p.split("/").slice(common).join("/").replace(/\.cow$/, ""));
}

function fit(name: string, width: number): string {
  return name.length <= width ? name.padEnd(width) : `${name.slice(0, width - 1)}…`;
}

/** Wraps `items` into lines of at most `width` characters, each after `lead`. */
function wrap(lead: string, items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = lead;
  for (const item of items) {
    if (line.length + item.length + 2 > width && line !== lead) {
      lines.push(line.trimEnd());
      line = " ".repeat(lead.length);
    }
    line += `${item}  `;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** The legend, the header row and one row per scenario; ends with a newline. */
export function formatMatrix(
  results: readonly ScenarioResult[], columns: readonly MatrixColumn[], width = MATRIX_WIDTH,
): string {
  const labels = columnLabels(columns);
  const cells = results.map((r) => columns.map((c) => cellText(r.report, c)));
  const widthOf = (i: number): number =>
    Math.max((labels[i] ?? "").length, ...cells.map((row) => (row[i] ?? "").length));
  const colWidth = columns.map((_, i) => widthOf(i));
  const cellsWidth = colWidth.reduce((n, w) => n + w + 1, 0);
  const names = rowNames(results.map((r) => r.path));
  const nameWidth = Math.max(8, Math.min(Math.max(...names.map((n) => n.length), 8), width - cellsWidth - 1));
  const row = (name: string, texts: readonly string[]): string =>
    `${fit(name, nameWidth)} ${texts.map((t, i) => t.padEnd(colWidth[i] ?? 0)).join(" ")}`.trimEnd();
  const legend = [
    ...wrap("columns: ", columns.map((c, i) => `${labels[i] ?? ""}=${formatGroup(c)}`), width),
    "cells:   ok every expectation held and the kernel agreed with the ideal machine; MC WC LW BF CO",
    "         every expectation held and the kernel showed a missed-cow, wrong-cow, lost-write,",
    "         bad-fault or corruption (the first one); F12 failed (first at line 12); sk skipped (needs",
    "         what the model lacks); · outside the scenario's kernels; ERR the file has errors",
  ];
  const rows = results.map((r, i) => row(names[i] ?? r.path, cells[i] ?? []));
  return `${[...legend, "", row("scenario", labels), ...rows].join("\n")}\n`;
}
