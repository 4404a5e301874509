// `cowlab kernels`: the kernel history as data (design.md §2), era by era with the commits
// that moved each knob; with --version, one version's era and every knob with the record that
// set it. A version that is not modelled is a usage error (exit 2), never a stack trace.
import type { KernelVersion } from "../../kernel/policy.js";
import { isModelled, parseVersion } from "../../history/index.js";
import type { CliContext, RegisterCommand } from "../context.js";
import {
  formatJson,
  formatKernelText,
  formatKernelsText,
  formatModelledVersions,
  kernelJson,
  kernelsJson,
} from "../formatKernels.js";

/** Exit code for a kernel version that cowlab cannot show. */
const EXIT_USAGE = 2;

const DESCRIPTION = `Print the kernel history cowlab models: the nine eras of Linux anonymous-memory COW
(4.4 to 6.18), each with its range, a summary and the commits that changed a policy knob.
With --version, print that version's era and every knob's value with the commit that set it.`;

const AFTER = `
Examples:
  cowlab kernels
  cowlab kernels --version 5.10
  cowlab kernels --json --version 6.18
`;

interface KernelsOptions {
  readonly json?: boolean;
  readonly version?: string;
}

/** Registers `kernels`. */
export const register: RegisterCommand = (root, ctx) => {
  // `--version` names a kernel here; without positional options the root's own -V/--version
  // (cowlab's version) would take it wherever it appears on the command line.
  root.enablePositionalOptions();
  root
    .command("kernels")
    .summary("print the kernel eras, the commits and the knobs they set")
    .description(DESCRIPTION)
    .option("--json", "print JSON instead of text")
    .option("--version <V>", "show one kernel version (e.g. 5.10): its era and every knob with the commit that set it")
    .addHelpText("after", AFTER)
    .action((opts: KernelsOptions) => runKernels(opts, ctx));
};

/** The action: prints the history, or one version's knobs; a bad version sets exit code 2. */
export function runKernels(opts: KernelsOptions, ctx: CliContext): void {
  const json = opts.json === true;
  if (opts.version === undefined) {
    ctx.out(json ? formatJson(kernelsJson()) : formatKernelsText());
    return;
  }
  const version = resolveVersion(opts.version, ctx);
  if (version === null) return;
  ctx.out(json ? formatJson(kernelJson(version)) : formatKernelText(version));
}

/** The modelled version `text` names, or null after reporting why it names none. */
function resolveVersion(text: string, ctx: CliContext): KernelVersion | null {
  const version = parseVersion(text);
  const shown = `\`${escapeControl(text)}\``;
  if (version === null) {
    return usageError(ctx, `${shown} is not a kernel version (expected MAJOR.MINOR, e.g. 5.10)`);
  }
  if (!isModelled(version)) {
    return usageError(ctx, `kernel ${shown} is not modelled (cowlab models ${formatModelledVersions()})`);
  }
  return version;
}

function usageError(ctx: CliContext, message: string): null {
  ctx.err(`error: ${message}\n`);
  ctx.err("hint: run `cowlab kernels` to see every era and the versions it covers\n");
  ctx.setExitCode(EXIT_USAGE);
  return null;
}

/** Keeps the echoed version on one line whatever was typed. */
function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
