#!/usr/bin/env node
// The cowlab bin: builds the command tree, turns usage errors into exit 2 with a one-line
// message, and any unexpected exception into error[COW900] without a stack trace. The only
// place in the project that calls process.exit.
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import type { CliContext, RegisterCommand } from "./context.js";
import { register as registerParse } from "./commands/parse.js";
import { register as registerFmt } from "./commands/fmt.js";
import { register as registerErrors } from "./commands/errors.js";
import { register as registerKernels } from "./commands/kernels.js";
import { register as registerRun } from "./commands/run.js";
import { register as registerTest } from "./commands/test.js";
import { register as registerNative } from "./commands/native.js";
import { register as registerRepro } from "./commands/repro.js";
import { register as registerExplore } from "./commands/explore.js";
import { register as registerFuzz } from "./commands/fuzz.js";
import { register as registerMerge } from "./commands/merge.js";
import { register as registerView } from "./commands/view.js";

/** Every verb, in the order `cowlab --help` lists them. */
const COMMANDS: readonly RegisterCommand[] = [
  registerParse, registerFmt, registerErrors, registerKernels, registerRun, registerTest,
  registerNative, registerRepro, registerExplore, registerFuzz, registerMerge, registerView,
];

/** Exit code for a usage error (unknown verb or option, missing argument). */
export const EXIT_USAGE = 2;
/** Exit code for a bug in cowlab itself (error[COW900]); 0, 1 and 2 are the only others. */
export const EXIT_INTERNAL = 3;

/** Fixed so that help text is the same byte for byte on any terminal. */
const HELP_WIDTH = 110;

const ROOT_AFTER = `
Run \`cowlab <command> --help\` for what a command does and its options.
Exit codes: 0 ok, 1 a failure found (diagnostic, failed expectation, divergence), 2 usage
error or a verb not built yet, 3 internal error (a bug in cowlab: please report it).
`;

/** A commander exit intercepted on the command it happened in, so the hint can name that command. */
class CommandExit {
  constructor(readonly error: CommanderError, readonly commandPath: string) {}
}

/**
 * Runs cowlab on `argv` (the arguments after the program name), writing through `ctx`.
 * Never throws and never exits the process; returns the highest exit code any part set.
 * `commands` replaces the verbs (tests use it to plant a failing one).
 */
export async function runCli(
  argv: readonly string[],
  ctx: CliContext,
  commands: readonly RegisterCommand[] = COMMANDS,
): Promise<number> {
  let code = 0;
  const tracked: CliContext = {
    out: (text) => ctx.out(text),
    err: (text) => ctx.err(text),
    setExitCode: (c) => {
      code = Math.max(code, c);
      ctx.setExitCode(c);
    },
  };
  try {
    await createProgram(tracked, commands).parseAsync([...argv], { from: "user" });
  } catch (e) {
    tracked.setExitCode(reportThrown(e, argv, tracked));
  }
  return code;
}

/** The root command with every verb registered and configured to report through `ctx`. */
function createProgram(ctx: CliContext, commands: readonly RegisterCommand[]): Command {
  const root = new Command("cowlab")
    .description(
      "An executable model of Linux copy-on-write, fork and GUP pins on anonymous memory,\n" +
        "kernel version by kernel version (4.4 to 6.18).",
    )
    .version(readVersion(), "-V, --version", "print the version of cowlab")
    .addHelpText("after", ROOT_AFTER);
  for (const register of commands) register(root, ctx);
  configureTree(root, ctx, "cowlab");
  // Verb names only, so each verb's summary fits on one line; `cowlab VERB --help` has its usage.
  root.configureHelp({ ...root.configureHelp(), subcommandTerm: (cmd) => cmd.name() });
  return root;
}

/** Applies output, width and exit handling to a command and all its sub-commands, however they were added. */
function configureTree(cmd: Command, ctx: CliContext, path: string): void {
  cmd.configureOutput({
    writeOut: (text) => ctx.out(text),
    writeErr: (text) => ctx.err(text),
    // Usage errors are printed by reportThrown, as one line plus a hint.
    outputError: () => undefined,
    getOutHelpWidth: () => HELP_WIDTH,
    getErrHelpWidth: () => HELP_WIDTH,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  });
  cmd.showSuggestionAfterError(true);
  cmd.exitOverride((error) => {
    throw new CommandExit(error, path);
  });
  for (const sub of cmd.commands) configureTree(sub, ctx, `${path} ${sub.name()}`);
}

/** Reports what escaped parseAsync and returns the exit code it stands for. */
function reportThrown(thrown: unknown, argv: readonly string[], ctx: CliContext): number {
  if (thrown instanceof CommandExit) return reportCommanderExit(thrown.error, thrown.commandPath, ctx);
  if (thrown instanceof CommanderError) return reportCommanderExit(thrown, "cowlab", ctx);
  reportInternal(thrown, argv, ctx);
  return EXIT_INTERNAL;
}

/** Help and version exit as commander says (help shown for a missing verb is a usage error); the rest is usage. */
function reportCommanderExit(error: CommanderError, commandPath: string, ctx: CliContext): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return error.exitCode;
  if (error.code === "commander.help") return error.exitCode === 0 ? 0 : EXIT_USAGE;
  ctx.err(`error: ${formatUsageMessage(error.message)}\n`);
  const hint = commandPath === "cowlab" ? "to see every command" : "for its usage";
  ctx.err(`hint: run \`${commandPath} --help\` ${hint}\n`);
  return EXIT_USAGE;
}

/**
 * Commander's message on one line: "error: unknown command 'explor'\n(Did you mean explore?)"
 * becomes "unknown command `explor` (did you mean `explore`?)".
 */
function formatUsageMessage(message: string): string {
  let text = message.replace(/^error: /, "");
  let suggestion = "";
  const did = /\n\(Did you mean (.+)\?\)\s*$/.exec(text);
  if (did !== null) {
    text = text.slice(0, did.index);
    suggestion = ` (did you mean \`${did[1] ?? ""}\`?)`;
  }
  text = text.replace(/'([^'\n]*)'/g, "`$1`");
  return escapeControl(text + suggestion);
}

/** Keeps a message on one line whatever the user typed: control characters become escapes. */
function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** error[COW900] and a request to report it; the stack only with COWLAB_DEBUG=1. */
function reportInternal(thrown: unknown, argv: readonly string[], ctx: CliContext): void {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  ctx.err(`error[COW900]: internal error: ${escapeControl(message.trim())}\n`);
  ctx.err(`note: this is a bug in cowlab; please report it with the command line: ${formatCommandLine(argv)}\n`);
  if (process.env["COWLAB_DEBUG"] === "1" && thrown instanceof Error && thrown.stack !== undefined) {
    ctx.err(`${thrown.stack}\n`);
  } else {
    ctx.err("note: set COWLAB_DEBUG=1 to print the stack\n");
  }
}

/** The command line as a shell would need it typed again. */
function formatCommandLine(argv: readonly string[]): string {
  const quote = (a: string): string => (/^[\w./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  return escapeControl(["cowlab", ...argv.map(quote)].join(" "));
}

/** The version field of package.json, two levels up from both src/cli and dist/cli. */
function readVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const pkg = JSON.parse(text) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

/** The process's own context: stdout, stderr, and the exit code main will use. */
function createProcessContext(): CliContext {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    setExitCode: () => undefined,
  };
}

/** Resolves once everything written so far has been handed to the OS. */
function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const ctx = createProcessContext();
  const internal = (e: unknown): never => {
    reportInternal(e, argv, ctx);
    process.exit(EXIT_INTERNAL);
  };
  process.on("uncaughtException", internal);
  process.on("unhandledRejection", internal);
  // `cowlab kernels | head -1`: a closed pipe ends the run quietly, not with an EPIPE stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" ? process.exit(0) : internal(e)));
  }
  const code = await runCli(argv, ctx);
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

/** True when this file is the program node was started with (also through the npm bin symlink). */
function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) void main();
