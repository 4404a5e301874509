// `cowlab test FILE|DIR...`: runs every scenario on every distinct policy of the kernels in
// range and checks every expectation; prints a scenario x kernel-group matrix, the failures in
// detail and `N passed, N failed, N skipped`. Exit 1 on any failure, 2 on a bad range.
import type { Command } from "commander";
import type { VersionRange } from "../../history/index.js";
import { distinctPolicies, versionsIn } from "../../history/index.js";
import { testProgram } from "../../run/index.js";
import type { CliContext, RegisterCommand } from "../context.js";
import type { MatrixColumn, ScenarioResult } from "../formatMatrix.js";
import { formatMatrix } from "../formatMatrix.js";
import { countResults, formatTestReport } from "../formatTestReport.js";
import { defaultScenarioFileDeps, loadScenarioFiles, reportLoaded, type ScenarioFileDeps } from "./parse.js";
import { resolveKernel, usageError } from "./run.js";

const DESCRIPTION = `Run every scenario on every distinct policy of the kernels in range (versions whose knobs are
identical run once, as one group) and check every expectation on every version. Prints a matrix
of scenarios x kernel groups, then each failure with its file:line, kernels, expected and observed
outcome and the divergence behind it, and ends with \`N passed, N failed, N skipped\`, counting
scenario x group results.`;

const AFTER = `
Exit codes: 0 everything passed or was skipped, 1 a failure (or a file with errors), 2 usage error.

Examples:
  cowlab test scenarios
  cowlab test scenarios/vmsplice --kernel 5.4..5.10
  cowlab test scenarios/iouring/fork.cow --kernel 6.2..
`;

interface TestCliOptions {
  readonly kernel?: string;
}

/** `5.9..5.17`, `..5.7`, `6.2..`, `5.10` or `all`; null after reporting a usage error. */
export function resolveRange(text: string, ctx: CliContext): VersionRange | null {
  if (text === "all" || text === "..") return { from: null, to: null };
  const parts = text.includes("..") ? text.split("..") : [text, text];
  if (parts.length !== 2) {
    return usageError(ctx, `\`${text}\` is not a kernel range (e.g. 5.9..5.17, ..5.7, 6.2.., 5.10)`);
  }
  const end = (t: string | undefined): { v: VersionRange["from"] } | null => {
    if (t === undefined || t === "") return { v: null };
    const v = resolveKernel(t, ctx);
    return v === null ? null : { v };
  };
  const from = end(parts[0]);
  const to = from === null ? null : end(parts[1]);
  if (from === null || to === null) return null;
  const range = { from: from.v, to: to.v };
  if (versionsIn(range).length === 0) return usageError(ctx, `the kernel range \`${text}\` is empty`);
  return range;
}

/** The action of `test`. */
export function runTest(
  paths: readonly string[], opts: TestCliOptions, ctx: CliContext, deps: ScenarioFileDeps = defaultScenarioFileDeps,
): void {
  const range = opts.kernel === undefined ? { from: null, to: null } : resolveRange(opts.kernel, ctx);
  if (range === null) return;
  const results: ScenarioResult[] = [];
  for (const file of loadScenarioFiles(paths, ctx, deps)) {
    const report = reportLoaded(ctx, file) && file.result.ok ? testProgram(file.result.program, { range }) : null;
    results.push({ path: file.path, report });
  }
  if (results.length === 0) return;
  const groups = distinctPolicies(versionsIn(range));
  const columns: MatrixColumn[] = groups.map((g) => ({ from: g.from, to: g.to, era: g.policy.era }));
  ctx.out(`${formatMatrix(results, columns)}\n${formatTestReport(results)}`);
  if (countResults(results).failed > 0) ctx.setExitCode(1);
}

/** Registers `test`; tests pass their own file access. */
export function registerTest(root: Command, ctx: CliContext, deps: ScenarioFileDeps = defaultScenarioFileDeps): void {
  root
    .command("test")
    .summary("check every scenario's expectations on every distinct kernel policy")
    .description(DESCRIPTION)
    .argument("<paths...>", ".cow files or directories holding them")
    .option("--kernel <RANGE>", "only kernels in RANGE: 5.9..5.17, ..5.7, 6.2.., 5.10 or all (default: all)")
    .addHelpText("after", AFTER)
    .action((paths: string[], opts: TestCliOptions) => runTest(paths, opts, ctx, deps));
}

/** Registers `test` on the root command. */
export const register: RegisterCommand = (root, ctx) => registerTest(root, ctx);
