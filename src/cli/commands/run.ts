// `cowlab run FILE`: runs one scenario on one kernel version in lock-step with the ideal
// semantics and prints every line's events, changes, observation and verdict, or the whole
// trace as JSON. Exit 1 on a divergence or a failed expectation, 2 on a bad version.
import type { Command } from "commander";
import type { KernelVersion } from "../../kernel/policy.js";
import {
  NEWEST_VERSION, formatRange, formatVersion, inRange, isModelled, parseVersion, policyFor,
} from "../../history/index.js";
import { divergenceCount, runProgram } from "../../run/index.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { formatModelledVersions } from "../formatKernels.js";
import { formatTrace } from "../formatTrace.js";
import { defaultScenarioFileDeps, loadScenarioFiles, reportLoaded, type ScenarioFileDeps } from "./parse.js";

const EXIT_USAGE = 2;

const DESCRIPTION = `Run a scenario on one kernel version (default ${formatVersion(NEWEST_VERSION)}, the newest
modelled) in lock-step with the ideal semantics. For every line: the kernel's events in kernel vocabulary, what changed
(PTEs, frames with refcount / mapcount / flags, pipes, pins, rings, mm flags), what the line
observed with the ideal machine's verdict (ok, or the divergence class and the kernel decision
that caused it), and the expectation's result. A summary closes the run.`;

const AFTER = `
Reading the changes:
  pte    PROC PAGE: BEFORE -> AFTER   pfn N or swap SLOT; w write, d dirty, sd soft-dirty,
                                      x swp-exclusive; none = no entry
  frame  pfn N: ...                   VALUE rc REFCOUNT mc MAPCOUNT pc PINCOUNT [flags]
  holder pipe|pin|ring NAME: [pfns]   the frames a GUP holder references

Exit codes: 0 every expectation held and no divergence, 1 a divergence, a failed expectation
or errors in the file, 2 usage error (unknown kernel version).

Examples:
  cowlab run scenarios/vmsplice/unmap-in-child.cow --kernel 5.4
  cowlab run scenarios/iouring/mprotect-ro-rw.cow --kernel 5.10 --json > trace.json
`;

interface RunCliOptions {
  readonly kernel?: string;
  readonly json?: boolean;
}

/** The modelled version `text` names, or null after reporting a usage error. */
export function resolveKernel(text: string, ctx: CliContext): KernelVersion | null {
  const version = parseVersion(text);
  const shown = `\`${text.replace(/[\u0000-\u001f\u007f]/g, "?")}\``;
  if (version === null) return usageError(ctx, `${shown} is not a kernel version (expected MAJOR.MINOR, e.g. 5.10)`);
  if (!isModelled(version)) {
    return usageError(ctx, `kernel ${shown} is not modelled (cowlab models ${formatModelledVersions()})`);
  }
  return version;
}

/** Reports a usage error with a hint and sets exit code 2; returns null for the caller to return. */
export function usageError(ctx: CliContext, message: string): null {
  ctx.err(`error: ${message}\n`);
  ctx.err("hint: run `cowlab kernels` to see every era and the versions it covers\n");
  ctx.setExitCode(EXIT_USAGE);
  return null;
}

/** The action of `run`. */
export function runRun(
  file: string, opts: RunCliOptions, ctx: CliContext, deps: ScenarioFileDeps = defaultScenarioFileDeps,
): void {
  const version = opts.kernel === undefined ? NEWEST_VERSION : resolveKernel(opts.kernel, ctx);
  if (version === null) return;
  const loaded = loadScenarioFiles([file], ctx, deps)[0];
  if (loaded === undefined || !reportLoaded(ctx, loaded) || !loaded.result.ok) return;
  const program = loaded.result.program;
  if (program.kernels !== null && !inRange(version, program.kernels)) {
    ctx.err(`note: ${formatVersion(version)} is outside the scenario's kernels ${formatRange(program.kernels)}\n`);
  }
  const trace = runProgram(program, policyFor(version));
  ctx.out(opts.json === true ? `${JSON.stringify(trace)}\n` : formatTrace(trace, program));
  if (trace.failures.length > 0 || divergenceCount(trace.summary) > 0) ctx.setExitCode(1);
}

/** Registers `run`; tests pass their own file access. */
export function registerRun(root: Command, ctx: CliContext, deps: ScenarioFileDeps = defaultScenarioFileDeps): void {
  root
    .command("run")
    .summary("run a scenario on one kernel version and show every step against the ideal semantics")
    .description(DESCRIPTION)
    .argument("<file>", "a .cow scenario")
    .option("--kernel <V>", `kernel version (e.g. 5.10; default ${formatVersion(NEWEST_VERSION)})`)
    .option("--json", "print the trace as JSON (validated by TraceSchema) instead of text")
    .addHelpText("after", AFTER)
    .action((file: string, opts: RunCliOptions) => runRun(file, opts, ctx, deps));
}

/** Registers `run` on the root command. */
export const register: RegisterCommand = (root, ctx) => registerRun(root, ctx);
