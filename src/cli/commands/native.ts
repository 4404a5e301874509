// `cowlab native FILE|DIR...`: runs each scenario on the running kernel as C and holds the
// model at the host's version to every observation; prints agree / disagree / skip per
// scenario, where the time went, and `N passed, N failed, N skipped`. `--random N --seed S`
// fuzzes the model against the kernel over the natively expressible verbs.
import type { Command } from "commander";
import type { KernelVersion } from "../../kernel/policy.js";
import type { Program } from "../../scenario/program.js";
import { formatVersion } from "../../history/index.js";
import type { HostInfo } from "../../native/host.js";
import { detectHost, formatHost } from "../../native/host.js";
import type { NativeResult, Timing } from "../../native/nativeRun.js";
import type { SuiteOptions, SuiteTotals } from "../../native/suite.js";
import { withNativeSession } from "../../native/suite.js";
import { randomCase, shrinkLines } from "../../native/fuzz.js";
import { scenarioText } from "../../native/randomScenario.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { defaultScenarioFileDeps, loadScenarioFiles, reportLoaded, type ScenarioFileDeps } from "./parse.js";
import { resolveKernel, usageError } from "./run.js";

const DESCRIPTION = `Run scenarios on the running kernel and compare every observation with the model at the
host's version: each value, each SIGSEGV, each error, each pagemap flag, and frame identity (which
observations share a frame, which changed frame; never raw PFNs). Prints the host, then per
scenario \`agree\`, \`disagree\` (each line: what the model said, what the kernel said) or \`skip\`
(the reason: a \`pin\` needs CONFIG_GUP_TEST, soft-dirty needs CONFIG_MEM_SOFT_DIRTY, PFNs need
root, a verb with no user-space trigger, ...), where the time went, and
\`N passed, N failed, N skipped\`.

It makes the host setup a scenario needs (a zram swap device for pageout / reclaim, KSM for
ksm-scan) and puts every global setting back afterwards, also when interrupted. Scenarios run
one at a time, every process on CPU 0. By default one compiled interpreter runs every scenario
from bytecode; --compile builds each scenario's own C program instead (what \`cowlab repro\` writes).`;

const AFTER = `
Exit codes: 0 no disagreement, 1 a disagreement (or a scenario that could not be judged, or
errors in a file), 2 usage error.

Examples:
  cowlab native scenarios
  cowlab native scenarios/vmsplice --keep-c --compile
  cowlab native --random 1000 --seed 1
`;

/** The options of `native` as commander hands them over. */
export interface NativeCliOptions {
  readonly keepC?: boolean;
  readonly kernel?: string;
  readonly compile?: boolean;
  readonly timeout?: string;
  readonly random?: string;
  readonly seed?: string;
  readonly maxLines?: string;
  readonly replay?: string;
}

/** Everything `native` needs from outside (tests replace the host). */
export interface NativeDeps {
  readonly files: ScenarioFileDeps;
  readonly detectHost: () => HostInfo;
}

export const defaultNativeDeps: NativeDeps = { files: defaultScenarioFileDeps, detectHost };

/** The model's version: --kernel, else the host's; null after reporting why neither works. */
export function modelVersion(host: HostInfo, opts: NativeCliOptions, ctx: CliContext): KernelVersion | null {
  if (opts.kernel !== undefined) return resolveKernel(opts.kernel, ctx);
  if (host.version !== null && host.modelled) return host.version;
  return usageError(ctx, `the host kernel \`${host.release}\` is not a modelled version; pass --kernel V to choose the model's version`);
}

/** Suite options from the command line; null after a usage error. */
export function suiteOptions(host: HostInfo, opts: NativeCliOptions, ctx: CliContext, command: (file: string) => string): SuiteOptions | null {
  const version = modelVersion(host, opts, ctx);
  if (version === null) return null;
  const timeout = opts.timeout === undefined ? 60 : Number(opts.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) return usageError(ctx, `--timeout takes seconds, not \`${opts.timeout}\``);
  return { host, version, mode: opts.compile === true ? "compile" : "interpret", keepC: opts.keepC === true, timeoutMs: timeout * 1000, command };
}

/** The action of `native`. */
export async function runNativeCommand(paths: readonly string[], opts: NativeCliOptions, ctx: CliContext, deps: NativeDeps = defaultNativeDeps): Promise<void> {
  if (opts.random !== undefined) return runRandom(opts, ctx, deps);
  if (paths.length === 0) {
    usageError(ctx, "give scenario files or directories, or --random N --seed S");
    return;
  }
  const host = deps.detectHost();
  const options = suiteOptions(host, opts, ctx, (file) => `cowlab native${opts.keepC === true ? " --keep-c" : ""} ${file}`);
  if (options === null) return;
  const programs: Program[] = [];
  let failedToLoad = 0;
  for (const file of loadScenarioFiles(paths, ctx, deps.files)) {
    if (reportLoaded(ctx, file) && file.result.ok) programs.push(file.result.program);
    else failedToLoad++;
  }
  ctx.out(`${formatHost(host)}\nmodel: ${formatVersion(options.version)}\n`);
  const totals = await withNativeSession(options, async (session) => {
    for (const [i, program] of programs.entries()) {
      const r = await session.run(program, cFileName(i, program.file));
      session.count(r);
      ctx.out(formatResult(program.file, r));
    }
  });
  reportTotals(ctx, { ...totals, failed: totals.failed + failedToLoad });
}

/** A C file's name for scenario i: its number and the .cow file's base name (`003-unmap-in-child`). */
export function cFileName(i: number, file: string): string {
  const base = (file.split("/").at(-1) ?? "scenario").replace(/\.cow$/, "").replace(/[^A-Za-z0-9_-]/g, "_");
  return `${String(i + 1).padStart(3, "0")}-${base}`;
}

/** One scenario's verdict, with the disagreeing lines under it. */
export function formatResult(file: string, r: NativeResult): string {
  const v = r.verdict;
  switch (v.kind) {
    case "agree": return `agree     ${file}\n`;
    case "skip": return `skip      ${file}: ${v.reason}\n`;
    case "error": return `error     ${file}: ${v.message}\n`;
    case "disagree":
      return [`disagree  ${file}`, ...v.mismatches.map((m) => `  line ${m.line} \`${m.text}\`: model said ${m.model}; kernel said ${m.kernel}`), ""].join("\n");
  }
}

function seconds(s: number): string {
  return `${s.toFixed(2)} s`;
}

/** Where the time went. */
export function formatTiming(count: number, total: number, t: Timing): string {
  const rate = total > 0 ? (count / total).toFixed(1) : "0";
  return `${count} scenarios in ${seconds(total)} (${rate} scenarios/s): model ${seconds(t.model)}, compile ${seconds(t.compile)}, run ${seconds(t.run)}\n`;
}

/** Timing, kept C files, restore problems, then the counts line (always last); sets the exit code. */
export function reportTotals(ctx: CliContext, t: SuiteTotals): void {
  ctx.out(formatTiming(t.passed + t.failed + t.skipped, t.seconds, t.timing));
  if (t.keptDir !== null) ctx.out(`C files kept in ${t.keptDir}\n`);
  for (const f of t.restoreFailures) ctx.err(`warning: could not restore ${f}\n`);
  ctx.out(`${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped\n`);
  if (t.failed > 0) ctx.setExitCode(1);
}

/** A whole number of at least `min` from an option; null after a usage error. */
function intOption(name: string, text: string | undefined, fallback: number | null, min: number, ctx: CliContext): number | null {
  if (text === undefined) {
    if (fallback === null) return usageError(ctx, `--random needs ${name}`);
    return fallback;
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) return usageError(ctx, `${name} takes a whole number of at least ${min}, not \`${text}\``);
  return n;
}

/** `--random N --seed S [--max-lines L] [--replay I]`: differential fuzzing (native/fuzz.ts). */
async function runRandom(opts: NativeCliOptions, ctx: CliContext, deps: NativeDeps): Promise<void> {
  const count = intOption("--random", opts.random, null, 1, ctx);
  const seed = count === null ? null : intOption("--seed", opts.seed, null, 0, ctx);
  const maxLines = seed === null ? null : intOption("--max-lines", opts.maxLines, 12, 2, ctx);
  if (count === null || seed === null || maxLines === null) return;
  const replay = opts.replay === undefined ? null : intOption("--replay", opts.replay, null, 0, ctx);
  if (opts.replay !== undefined && replay === null) return;
  const host = deps.detectHost();
  const options = suiteOptions(host, opts, ctx, () => `cowlab native --random ${count} --seed ${seed}`);
  if (options === null) return;
  ctx.out(`${formatHost(host)}\nmodel: ${formatVersion(options.version)}\n`);
  const replayCommand = (i: number): string => `cowlab native --random ${count} --seed ${seed} --max-lines ${maxLines} --replay ${i}`;
  const totals = await withNativeSession(options, async (session) => {
    for (let i = replay ?? 0; i < (replay === null ? count : replay + 1); i++) {
      const c = randomCase(seed, i, maxLines);
      const r = await session.run(c.program, `r${i}`);
      session.count(r);
      if (r.verdict.kind === "agree") continue;
      ctx.out(formatResult(`random #${i}`, r));
      if (r.verdict.kind !== "disagree") continue;
      const shrunk = await shrinkLines(c.title, c.lines, async (p) => (await session.run(p, "shrink")).verdict.kind === "disagree");
      ctx.out(`shrunk to ${shrunk.length} lines (save as a .cow file and run \`cowlab native FILE\`):\n`);
      ctx.out(scenarioText(c.title, shrunk).split("\n").map((l) => (l === "" ? "" : `  ${l}`)).join("\n"));
      ctx.out(`replay: ${replayCommand(i)}\n`);
    }
  });
  reportTotals(ctx, totals);
}

/** Registers `native` on the root command. */
export function registerNative(root: Command, ctx: CliContext, deps: NativeDeps = defaultNativeDeps): void {
  root
    .command("native")
    .summary("run scenarios on the real kernel and compare every observation with the model")
    .description(DESCRIPTION)
    .argument("[paths...]", ".cow files or directories holding them")
    .option("--keep-c", "keep each scenario's C file (the directory is printed at the end)")
    .option("--kernel <V>", "run the model at version V instead of the host's")
    .option("--compile", "compile each scenario's own C program instead of using the interpreter")
    .option("--timeout <S>", "seconds one scenario may take (default 60)")
    .option("--random <N>", "run N random scenarios of the natively expressible verbs (needs --seed)")
    .option("--seed <S>", "seed of the random scenarios (printed with every disagreement)")
    .option("--max-lines <L>", "at most L action lines in a random scenario (default 12)")
    .option("--replay <I>", "with --random and --seed: run only random scenario I (and shrink it)")
    .addHelpText("after", AFTER)
    .action((paths: string[], opts: NativeCliOptions) => runNativeCommand(paths, opts, ctx, deps));
}

export const register: RegisterCommand = (root, ctx) => registerNative(root, ctx);
