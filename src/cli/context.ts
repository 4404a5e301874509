// What every command gets from main: where to print and how to report its exit code.
// Commands never call process.exit (main does, once).
import type { Command } from "commander";

export interface CliContext {
  /** Writes text to stdout (no newline added). */
  out(text: string): void;
  /** Writes text to stderr (no newline added). */
  err(text: string): void;
  /** The exit code main will use; the highest code set wins (0 ok, 1 failure found, 2 usage or not built, 3 internal error). */
  setExitCode(code: number): void;
}

/** A command module registers its sub-command on the root program. */
export type RegisterCommand = (root: Command, ctx: CliContext) => void;

/** Exit code for a verb that is not built yet. */
export const EXIT_NOT_BUILT = 2;
