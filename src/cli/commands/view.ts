// `cowlab view [FILE] [--trace T]`: serves the web viewer (design.md §6) on 127.0.0.1 only and
// prints the URL that opens the scenario (or the scenario a trace was recorded from) on the
// chosen kernel; serves until interrupted.
import { basename } from "node:path";
import type { Command } from "commander";
import { formatVersion } from "../../history/index.js";
import { TraceSchema } from "../../run/index.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { readText } from "../io.js";
import { DEFAULT_WEB_ROOT, isWebBuilt, startViewServer, viewHash, type ViewServer, type ViewTarget } from "../viewServer.js";
import { resolveKernel } from "./run.js";

const EXIT_USAGE = 2;

const DESCRIPTION = `Serve the viewer page on 127.0.0.1 only and print its URL. The page runs the same model in the
browser: processes -> VMAs -> PTEs -> frames -> holders (pipes, io_uring rings, pins), the
changes of each step highlighted, the ideal machine's value beside the kernel's, a divergence
marked at its step; step forward and back, pick the kernel version on a slider, compare two
versions side by side. With FILE the page opens that scenario; with --trace it opens the
scenario and kernel of a trace written by \`cowlab run --json\` (or any JSON with a \`scenario\`
text field) and runs it again in the browser. Without either it opens the corpus.
Serves until interrupted (Ctrl-C). The built page also works opened from disk: dist/web/index.html.`;

const AFTER = `
Keys in the page: ArrowRight/j next step, ArrowLeft/k back, Home/End, d first divergence.

Examples:
  cowlab view scenarios/vmsplice/unmap-in-child.cow --kernel 5.4
  cowlab run scenarios/iouring/mprotect-ro-rw.cow --kernel 5.10 --json > run.json
  cowlab view --trace run.json --port 8080
`;

interface ViewOptions {
  readonly kernel?: string;
  readonly port?: string;
  readonly trace?: string;
}

/** What `view` needs from outside (tests replace parts). */
export interface ViewDeps {
  readonly webRoot: string;
  readonly read: (path: string) => string | null;
  /** Resolves when the user wants the server stopped. */
  readonly untilStopped: () => Promise<void>;
}

export const defaultViewDeps: ViewDeps = { webRoot: DEFAULT_WEB_ROOT, read: readText, untilStopped: untilSignal };

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function fail(ctx: CliContext, message: string, hint?: string): null {
  ctx.err(`error: ${message}\n${hint === undefined ? "" : `hint: ${hint}\n`}`);
  ctx.setExitCode(EXIT_USAGE);
  return null;
}

/** The scenario text of a trace: each step's line text at its line number, under the title. */
export function scenarioOfTrace(json: unknown): { text: string; version: string; name: string | null } | null {
  const t = TraceSchema.safeParse(json);
  if (t.success) {
    const lines: string[] = [];
    const title = t.data.title;
    if (title !== null && !title.includes('"')) lines[0] = `scenario "${title}"`;
    for (const s of t.data.steps) lines[s.line - 1] = s.text;
    return { text: `${Array.from(lines, (l) => l ?? "").join("\n")}\n`, version: formatVersion(t.data.kernel), name: t.data.file };
  }
  const o = json as { scenario?: unknown; kernel?: unknown } | null;
  if (o !== null && typeof o === "object" && typeof o.scenario === "string") {
    return { text: o.scenario, version: typeof o.kernel === "string" ? o.kernel : "", name: null };
  }
  return null;
}

/** What the page should open for FILE or --trace, or null after reporting why not. */
function targetOf(file: string | undefined, opts: ViewOptions, ctx: CliContext, deps: ViewDeps): ViewTarget | null {
  const version = opts.kernel === undefined ? null : resolveKernel(opts.kernel, ctx);
  if (opts.kernel !== undefined && version === null) return null;
  const v = version === null ? null : formatVersion(version);
  if (file !== undefined && opts.trace !== undefined) return fail(ctx, "give a scenario FILE or --trace, not both");
  if (opts.trace !== undefined) {
    const raw = deps.read(opts.trace);
    if (raw === null) return fail(ctx, `cannot read \`${opts.trace}\``);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return fail(ctx, `\`${opts.trace}\` is not JSON`, "write a trace with `cowlab run FILE --json > run.json`");
    }
    const s = scenarioOfTrace(json);
    if (s === null) return fail(ctx, `\`${opts.trace}\` is neither a trace of \`cowlab run --json\` nor has a \`scenario\` text`);
    return { text: s.text, name: `${basename(opts.trace)}${s.name === null ? "" : ` (${s.name})`}`, version: v ?? (s.version === "" ? null : s.version), step: null };
  }
  if (file === undefined) return { text: null, name: null, version: v, step: null };
  const text = deps.read(file);
  if (text === null) return fail(ctx, `cannot read \`${file}\``);
  return { text, name: basename(file), version: v, step: null };
}

/** The action of `view`: serves until `deps.untilStopped` resolves. */
export async function runView(file: string | undefined, opts: ViewOptions, ctx: CliContext, deps: ViewDeps = defaultViewDeps): Promise<void> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(ctx, `\`${opts.port ?? ""}\` is not a TCP port (0..65535)`);
    return;
  }
  const target = targetOf(file, opts, ctx, deps);
  if (target === null) return;
  if (!isWebBuilt(deps.webRoot)) {
    fail(ctx, `the viewer is not built (no ${deps.webRoot}/index.html)`, "run `npm run build` first");
    return;
  }
  let server: ViewServer;
  try {
    server = await startViewServer(deps.webRoot, port);
  } catch (e) {
    fail(ctx, `cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  ctx.out(`cowlab viewer: ${server.url}${viewHash(target)}\n`);
  ctx.out("serving on 127.0.0.1 only; press Ctrl-C to stop\n");
  await deps.untilStopped();
  await server.close();
}

export function registerView(root: Command, ctx: CliContext, deps: ViewDeps = defaultViewDeps): void {
  root
    .command("view")
    .summary("step through a scenario in the browser (serves the viewer on 127.0.0.1)")
    .description(DESCRIPTION)
    .argument("[file]", "a .cow scenario to open")
    .option("--kernel <V>", "kernel version to show first (e.g. 5.4; default: the newest)")
    .option("--port <P>", "TCP port on 127.0.0.1 (default: a free one)")
    .option("--trace <FILE>", "open the scenario and kernel of a trace from `cowlab run --json`")
    .addHelpText("after", AFTER)
    .action((file: string | undefined, opts: ViewOptions) => runView(file, opts, ctx, deps));
}

/** Registers `view`. */
export const register: RegisterCommand = (root, ctx) => registerView(root, ctx);
