// The action of a verb whose issue has not landed: it says so on stderr and exits 2, never
// pretends to have done the work.
import { EXIT_NOT_BUILT } from "./context.js";
import type { CliContext } from "./context.js";

/** Prints `cowlab VERB: not built yet (see issue N)` to stderr and sets exit code 2. */
export function reportNotBuilt(ctx: CliContext, verb: string, issue: number): void {
  ctx.err(`cowlab ${verb}: not built yet (see issue ${issue})\n`);
  ctx.setExitCode(EXIT_NOT_BUILT);
}
