// `cowlab parse FILE|DIR...`: parses and checks scenarios, printing every diagnostic of every
// file to stderr and `ok  path (N lines, N steps)` to stdout for each clean one.
import type { Command } from "commander";
import type { CliContext, RegisterCommand } from "../context.js";
import { expandCowPaths, readText } from "../io.js";
import { formatCliError, formatDiagnostics } from "../formatDiagnostic.js";
import { loadScenario, type LoadResult } from "../../scenario/index.js";

/** What the scenario commands need from the outside world (tests replace parts). */
export interface ScenarioFileDeps {
  readonly read: (path: string) => string | null;
  readonly load: (text: string, file: string) => LoadResult;
}

/** main.ts's exit code for a bug in cowlab (error[COW900]). */
const EXIT_INTERNAL = 3;

/** The real file system and loader. */
export const defaultScenarioFileDeps: ScenarioFileDeps = { read: readText, load: loadScenario };

/** One readable scenario file and what loading it gave. */
export interface LoadedFile {
  readonly path: string;
  readonly text: string;
  readonly result: LoadResult;
}

/**
 * Expands paths to .cow files and loads each, reporting COW301 (missing), COW302 (unreadable),
 * COW303 (empty directory) and COW900 (a crash of the loader, exit code 3) itself; the others set exit code 1.
 */
export function loadScenarioFiles(paths: readonly string[], ctx: CliContext, deps: ScenarioFileDeps): LoadedFile[] {
  const loaded: LoadedFile[] = [];
  for (const p of paths) {
    const { files, missing } = expandCowPaths([p]);
    if (missing.length > 0) cliError(ctx, "COW301", `No such file or directory: \`${p}\``);
    else if (files.length === 0) cliError(ctx, "COW303", `No \`.cow\` files under \`${p}\``);
    for (const path of files) {
      const text = deps.read(path);
      if (text === null) {
        cliError(ctx, "COW302", `Cannot read \`${path}\`: not a regular file`);
        continue;
      }
      const result = safeLoad(ctx, deps, text, path);
      if (result !== null) loaded.push({ path, text, result });
    }
  }
  return loaded;
}

function safeLoad(ctx: CliContext, deps: ScenarioFileDeps, text: string, path: string): LoadResult | null {
  try {
    return deps.load(text, path);
  } catch (e) {
    // A throw here is a cowlab bug (user errors are diagnostics): report it as main does, without
    // a stack trace, and go on with the other files.
    const why = e instanceof Error ? e.message : String(e);
    ctx.err(formatCliError("COW900", `internal error while reading \`${path}\`: ${why}`, "this is a bug in cowlab: please report it with the file"));
    ctx.setExitCode(EXIT_INTERNAL);
    return null;
  }
}

/** Prints an error that has no place in a scenario and sets exit code 1. */
export function cliError(ctx: CliContext, code: string, message: string, hint?: string): void {
  ctx.err(formatCliError(code, message, hint));
  ctx.setExitCode(1);
}

/** Lines of a file as an editor counts them (a final newline ends the last line). */
export function countLines(text: string): number {
  if (text === "") return 0;
  const n = text.split("\n").length;
  return text.endsWith("\n") ? n - 1 : n;
}

/** Prints a file's diagnostics to stderr; returns true when it had none. */
export function reportLoaded(ctx: CliContext, file: LoadedFile): boolean {
  if (file.result.ok) return true;
  ctx.err(formatDiagnostics(file.result.diagnostics, file.text, file.path));
  ctx.setExitCode(1);
  return false;
}

/** Adds `parse` to the root command; `deps` replaces the file system or loader in tests. */
export function registerParse(root: Command, ctx: CliContext, deps: ScenarioFileDeps = defaultScenarioFileDeps): void {
  root
    .command("parse")
    .description("parse and check scenario files, reporting every error")
    .argument("<paths...>", ".cow files or directories holding them")
    .action((paths: string[]) => {
      for (const file of loadScenarioFiles(paths, ctx, deps)) {
        if (!reportLoaded(ctx, file) || !file.result.ok) continue;
        ctx.out(`ok  ${file.path} (${countLines(file.text)} lines, ${file.result.program.steps.length} steps)\n`);
      }
    });
}

/** Adds `cowlab parse`. */
export const register: RegisterCommand = (root, ctx) => registerParse(root, ctx);
