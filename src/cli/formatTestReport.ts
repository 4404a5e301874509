// The part of `cowlab test` after the matrix: every failure in detail (file:line, kernels,
// expected vs observed, the divergence on that line and why), skipped groups with their
// reason, and the closing count line.
import type { GroupResult } from "../run/index.js";
import { formatGroup } from "../run/index.js";
import type { ScenarioResult } from "./formatMatrix.js";

/** Scenario x group results by status. */
export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Scenario x group results; a file with errors counts as one failure. */
export function countResults(results: readonly ScenarioResult[]): TestCounts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.report === null) failed++;
    for (const g of r.report?.groups ?? []) {
      if (g.status === "ok") passed++;
      else if (g.status === "fail") failed++;
      else skipped++;
    }
  }
  return { passed, failed, skipped };
}

/** `N passed, N failed, N skipped`. */
export function formatCounts(c: TestCounts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

function groupFailures(path: string, g: GroupResult): string[] {
  const out: string[] = [];
  for (const f of g.failures) {
    out.push(`FAIL ${path}:${f.line} on ${formatGroup(f)} (era ${g.era})`);
    out.push(`  ${f.text}`);
    out.push(`  expected ${f.expected}, observed ${f.observed}`);
    for (const d of g.divergences.filter((x) => x.line === f.line)) out.push(`  ${d.class}: ${d.why}`);
  }
  return out;
}

/** One line per run of consecutive skipped groups with the same reason. */
function skipLines(r: ScenarioResult): string[] {
  const runs: { from: GroupResult["from"]; to: GroupResult["to"]; reason: string }[] = [];
  let prevSkipped = false;
  for (const g of r.report?.groups ?? []) {
    const reason = g.skipReason ?? "unsupported";
    const last = runs[runs.length - 1];
    if (g.status !== "skip") prevSkipped = false;
    else if (prevSkipped && last !== undefined && last.reason === reason) last.to = g.to;
    else {
      runs.push({ from: g.from, to: g.to, reason });
      prevSkipped = true;
    }
  }
  return runs.map((s) => `skip ${r.path} on ${formatGroup(s)}: ${s.reason}`);
}

/** Failures in detail, then skips, then the closing line; ends with a newline. */
export function formatTestReport(results: readonly ScenarioResult[]): string {
  const failures: string[] = [];
  const skips: string[] = [];
  for (const r of results) {
    if (r.report === null) failures.push(`FAIL ${r.path}: the file has errors (printed above); it ran on no kernel`);
    for (const g of r.report?.groups ?? []) {
      if (g.status === "fail") failures.push(...groupFailures(r.path, g), "");
    }
    skips.push(...skipLines(r));
  }
  const parts: string[] = [];
  if (failures.length > 0) parts.push(failures.join("\n").trimEnd());
  if (skips.length > 0) parts.push(skips.join("\n"));
  parts.push(formatCounts(countResults(results)));
  return `${parts.join("\n\n")}\n`;
}
