// `cowlab fmt [--check] FILE|DIR...`: rewrites scenarios in canonical form (only files that
// change). With --check it lists the files that would change and exits 1. Files with errors
// are never rewritten: their diagnostics are printed instead.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext, RegisterCommand } from "../context.js";
import { printScenario } from "../../scenario/index.js";
import { cliError, defaultScenarioFileDeps, loadScenarioFiles, reportLoaded, type ScenarioFileDeps } from "./parse.js";

/** The file system and loader of `fmt`; tests replace `write` to make it fail. */
export interface FmtDeps extends ScenarioFileDeps {
  readonly write: (path: string, text: string) => void;
}

const defaultFmtDeps: FmtDeps = { ...defaultScenarioFileDeps, write: (path, text) => writeFileSync(path, text, "utf8") };

/** Adds `fmt` to the root command. */
export function registerFmt(root: Command, ctx: CliContext, deps: FmtDeps = defaultFmtDeps): void {
  root
    .command("fmt")
    .description("rewrite scenario files in canonical form")
    .option("--check", "list files that are not formatted and exit 1, without writing")
    .argument("<paths...>", ".cow files or directories holding them")
    .action((paths: string[], opts: { check?: boolean }) => {
      for (const file of loadScenarioFiles(paths, ctx, deps)) {
        if (!reportLoaded(ctx, file) || !file.result.ok) {
          const n = file.result.ok ? 0 : file.result.diagnostics.length;
          cliError(ctx, "COW304", `Not formatting \`${file.path}\`: it has ${n} error${n === 1 ? "" : "s"}`);
          continue;
        }
        const formatted = printScenario(file.result.ast);
        if (formatted === file.text) continue;
        if (opts.check === true) {
          ctx.out(`${file.path}\n`);
          ctx.setExitCode(1);
          continue;
        }
        writeFormatted(ctx, deps, file.path, formatted);
      }
    });
}

function writeFormatted(ctx: CliContext, deps: FmtDeps, path: string, text: string): void {
  try {
    deps.write(path, text);
    ctx.out(`formatted ${path}\n`);
  } catch (e) {
    cliError(ctx, "COW305", `Cannot write \`${path}\`: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Adds `cowlab fmt`. */
export const register: RegisterCommand = (root, ctx) => registerFmt(root, ctx);
