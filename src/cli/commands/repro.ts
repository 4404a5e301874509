// `cowlab repro FILE [-o out.c]`: the scenario as one self-contained C program (raw syscalls,
// one function per process, the scenario's lines as comments, a turn protocol over pipes),
// the file a user builds with gcc and attaches to a bug report.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { emitC } from "../../native/emitC.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { cliError, defaultScenarioFileDeps, loadScenarioFiles, reportLoaded, type ScenarioFileDeps } from "./parse.js";

const DESCRIPTION = `Write a scenario as one self-contained C program for the running kernel: raw system calls
(io_uring without liburing), one function per process with the scenario's lines as comments
above the code that does them, and a controller that hands each line to its process in the
file's order over pipes, every process pinned to CPU 0. Every observation prints as one line
\`line N: observed OUTCOME\`. It builds with \`gcc -O2 -Wall -Werror\`; run it as root for PFNs,
KSM and swap. \`cowlab native\` runs such programs and compares them with the model.`;

const AFTER = `
Exit codes: 0 written, 1 errors in the file or a line no user-space program can do
(a \`migrate\`, a \`pin\` gup_test cannot hold, hugetlb / file / THP mappings), 2 usage error.

Examples:
  cowlab repro scenarios/vmsplice/unmap-in-child.cow -o repro.c
  gcc -O2 -Wall -Werror -o repro repro.c && sudo ./repro
`;

interface ReproOptions {
  readonly output?: string;
}

/** The action of `repro`. */
export function runRepro(file: string, opts: ReproOptions, ctx: CliContext, deps: ScenarioFileDeps = defaultScenarioFileDeps): void {
  const loaded = loadScenarioFiles([file], ctx, deps)[0];
  if (loaded === undefined || !reportLoaded(ctx, loaded) || !loaded.result.ok) return;
  const command = `cowlab repro ${file}${opts.output === undefined ? "" : ` -o ${opts.output}`}`;
  const r = emitC(loaded.result.program, { command });
  if (!r.ok) {
    // No catalog code yet for "cannot run natively" (scenario/diagnostics.ts is not ours to extend).
    ctx.err(`error: ${file}:${r.line}: this line cannot run natively: ${r.reason}\n`);
    ctx.setExitCode(1);
    return;
  }
  if (opts.output === undefined) {
    ctx.out(r.c);
    return;
  }
  try {
    writeFileSync(opts.output, r.c);
  } catch (e) {
    cliError(ctx, "COW305", `Cannot write \`${opts.output}\`: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Registers `repro` on the root command. */
export function registerRepro(root: Command, ctx: CliContext, deps: ScenarioFileDeps = defaultScenarioFileDeps): void {
  root
    .command("repro")
    .summary("write a scenario as a self-contained C program for the real kernel")
    .description(DESCRIPTION)
    .argument("<file>", "the .cow scenario")
    .option("-o, --output <out.c>", "write the C file here instead of stdout")
    .addHelpText("after", AFTER)
    .action((file: string, opts: ReproOptions) => runRepro(file, opts, ctx, deps));
}

export const register: RegisterCommand = (root, ctx) => registerRepro(root, ctx);
