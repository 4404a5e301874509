// `cowlab fuzz`: seeded random walks over the model, each failure shrunk to a small scenario
// that still diverges in the same class (design.md §4), printed like an explore witness with
// the seed and the one command that replays it (`--seed S --replay PATH`).
import { writeFileSync } from "node:fs";
import type { Bounds, FuzzFailure, FuzzResult, ReplayError, ReplayedWitness } from "../../checker/index.js";
import { DEFAULT_VERBS, formatReplayPath, fuzz, parseReplayPath, parseVerbs, replayFuzz, replayWitness, verbNames } from "../../checker/index.js";
import { formatVersion, policyFor } from "../../history/index.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { formatCoverage } from "../formatCheckerResult.js";
import { resolveKernel } from "./run.js";

const EXIT_USAGE = 2;

const DEFAULTS = { runs: 1000, maxSteps: 16, procs: 2, pages: 2, pins: 2, values: 2 } as const;

interface FuzzCliOptions {
  readonly kernel?: string;
  readonly seed?: string;
  readonly runs?: string;
  readonly maxSteps?: string;
  readonly procs?: string;
  readonly pages?: string;
  readonly pins?: string;
  readonly values?: string;
  readonly verbs?: string;
  readonly replay?: string;
  readonly coverage?: boolean;
  readonly json?: string;
}

/** Reports a usage error (exit 2); returns null for the caller to return. */
function usage(ctx: CliContext, message: string): null {
  ctx.err(`error: ${message.replace(/[\u0000-\u001f\u007f]/g, "?")}\n`);
  ctx.err("hint: run `cowlab fuzz --help` for the options and their ranges\n");
  ctx.setExitCode(EXIT_USAGE);
  return null;
}

/** A whole-number option in [min, max], its default when absent, or null after a usage error. */
function intOption(ctx: CliContext, name: string, text: string | undefined, dflt: number, min: number, max: number): number | null {
  if (text === undefined) return dflt;
  const n = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  return usage(ctx, `--${name} takes a whole number from ${min} to ${max}, found \`${text}\``);
}

/** The walk bounds the options give (`depth` = --max-steps), or null after a usage error. */
function parseFuzzBounds(o: FuzzCliOptions, ctx: CliContext): Bounds | null {
  const depth = intOption(ctx, "max-steps", o.maxSteps, DEFAULTS.maxSteps, 1, 256);
  const procs = depth === null ? null : intOption(ctx, "procs", o.procs, DEFAULTS.procs, 1, 8);
  const pages = procs === null ? null : intOption(ctx, "pages", o.pages, DEFAULTS.pages, 1, 8);
  const pins = pages === null ? null : intOption(ctx, "pins", o.pins, DEFAULTS.pins, 0, 8);
  const values = pins === null ? null : intOption(ctx, "values", o.values, DEFAULTS.values, 1, 26);
  if (depth === null || procs === null || pages === null || pins === null || values === null) return null;
  const verbs = parseVerbs(o.verbs ?? "default");
  if (!verbs.ok) return usage(ctx, `unknown verb \`${verbs.unknown}\` in --verbs (known: ${verbNames().join(", ")})`);
  if (verbs.verbs.length === 0) return usage(ctx, "--verbs names no verb the walks can use");
  return { procs, pages, pins, depth, values, verbs: verbs.verbs };
}

/** The bound options that differ from the defaults, as a replay command must repeat them. */
function boundsArgs(b: Bounds): string {
  const parts: string[] = [];
  const add = (name: string, v: number, d: number): void => void (v !== d && parts.push(`--${name} ${v}`));
  add("max-steps", b.depth, DEFAULTS.maxSteps);
  add("procs", b.procs, DEFAULTS.procs);
  add("pages", b.pages, DEFAULTS.pages);
  add("pins", b.pins, DEFAULTS.pins);
  add("values", b.values, DEFAULTS.values);
  return `${parts.map((p) => ` ${p}`).join("")}${verbsArg(b)}`;
}

/** ` --verbs LIST` unless the verbs are the default ones. */
function verbsArg(b: Bounds): string {
  const same = b.verbs.length === DEFAULT_VERBS.length && b.verbs.every((v, i) => v === DEFAULT_VERBS[i]);
  return same ? "" : ` --verbs ${b.verbs.join(",")}`;
}

const indent = (text: string): string => text.trimEnd().split("\n").map((l) => (l === "" ? "" : `  ${l}`)).join("\n");

/** The failure block: class and kernel, the shrunk scenario, run/'s explanation, the replay commands. */
function formatFailure(f: FuzzFailure, r: ReplayedWitness, result: FuzzResult): string {
  const v = formatVersion(result.policy.version);
  const era = result.policy.era;
  const what = `run ${f.run} failed after ${f.original.path.length} actions; shrunk to ${f.witness.path.length} actions after the mmap`;
  const head = f.witness.class === "invariant"
    ? `model invariant broken on ${v} (era ${era}), a bug in cowlab's model: ${what}`
    : `${f.witness.class} on ${v} (era ${era}): ${what}`;
  const file = `fuzz-${v}-${f.witness.class}.cow`;
  const lines = [head, "", indent(r.text), "", `line ${r.step?.line ?? "?"}: ${r.why}`, "", "replay:"];
  lines.push(`  save the scenario above as ${file}, then: cowlab run ${file} --kernel ${v}`);
  lines.push(`  or: cowlab fuzz --kernel ${v} --seed ${result.seed}${boundsArgs(result.bounds)} --replay ${formatReplayPath(f.path)}`);
  return `${lines.join("\n")}\n`;
}

/** `fuzzed: R runs, S steps, X s, Y runs/s`: the last line of every fuzz. */
function formatFuzzedLine(r: FuzzResult): string {
  const rate = r.seconds > 0 ? Math.round(r.runs / r.seconds) : 0;
  return `fuzzed: ${r.runs} runs, ${r.steps} steps, ${r.seconds.toFixed(1)} s, ${rate} runs/s\n`;
}

/** Prints a fuzz (or replay) result; exit 1 on a failure. */
function printResult(result: FuzzResult, opts: FuzzCliOptions, ctx: CliContext, shrinkLine: string): void {
  const v = formatVersion(result.policy.version);
  const b = result.bounds;
  ctx.out(`fuzz ${v} (era ${result.policy.era}): seed ${result.seed}, walks of at most ${b.depth} actions, --procs ${b.procs} --pages ${b.pages} --pins ${b.pins} --values ${b.values}${verbsArg(b)}\n\n`);
  const f = result.failure;
  const replayed = f === null ? null : replayWitness(f.witness, result.policy, f.pages, `cowlab fuzz --seed ${result.seed}`);
  if (f !== null && replayed !== null) ctx.out(`${formatFailure(f, replayed, result)}\n${shrinkLine}`);
  else ctx.out(`no divergence on ${v} (era ${result.policy.era}) in ${result.runs} runs\n`);
  if (result.coverage !== null) ctx.out(formatCoverage(result.coverage, result.policy));
  if (opts.json !== undefined) writeFileSync(opts.json, `${JSON.stringify(replayed?.trace ?? null)}\n`);
  ctx.out(formatFuzzedLine(result));
  if (f !== null) ctx.setExitCode(1);
}

function replayErrorText(e: ReplayError, seed: number, v: string): string {
  if (e.kind === "no-failure") return `run ${e.run} of seed ${seed} does not fail on ${v} with these options (the replay needs the options the failure printed)`;
  return `shrink step ${e.round + 1} of the replay path (candidate ${e.index}) does not fail the same way on ${v} with seed ${seed} and these options`;
}

/** The action of `fuzz`. */
export function runFuzz(opts: FuzzCliOptions, ctx: CliContext): void {
  if (opts.kernel === undefined) return void usage(ctx, "`fuzz` needs --kernel V (a version such as 5.10)");
  if (opts.seed === undefined) return void usage(ctx, "`fuzz` needs --seed S (a whole number; the same seed gives the same runs)");
  const version = resolveKernel(opts.kernel, ctx);
  if (version === null) return;
  const seed = intOption(ctx, "seed", opts.seed, 0, 0, 4294967295);
  const runs = seed === null ? null : intOption(ctx, "runs", opts.runs, DEFAULTS.runs, 1, 10_000_000);
  const bounds = runs === null ? null : parseFuzzBounds(opts, ctx);
  if (seed === null || runs === null || bounds === null) return;
  const options = { bounds, policy: policyFor(version), seed, runs, coverage: opts.coverage === true, now: () => performance.now() };
  if (opts.replay === undefined) {
    const result = fuzz(options);
    const f = result.failure;
    return printResult(result, opts, ctx, f === null ? "" : `shrunk: ${f.tried} candidates tried, ${f.path.steps.length} kept\n`);
  }
  const path = parseReplayPath(opts.replay);
  if (path === null) return void usage(ctx, `--replay takes RUN:STEP:STEP... (whole numbers, as a failure prints it), found \`${opts.replay}\``);
  const replayed = replayFuzz(options, path);
  if (!replayed.ok) return void usage(ctx, replayErrorText(replayed.error, seed, formatVersion(version)));
  printResult(replayed.result, opts, ctx, `shrunk: replayed ${path.steps.length} recorded steps\n`);
}

const DESCRIPTION = `Run random sequences of system calls, drawn by a seeded generator, against the model of one
kernel version and the ideal semantics in lock-step. Each run starts after \`p: mmap buf N rw\`
and draws one enabled action at a time (a verb first, then one of its actions) from the verbs
explore uses, until the first divergence or broken model invariant, or --max-steps actions.
A failure is shrunk — lines dropped (delta debugging), then processes merged, pages and
letters lowered — for as long as it still diverges in the same class, checked by loading
the scenario text and running it as \`cowlab run\` does. It is printed like an explore result:
the class, the kernel version, the shrunk scenario as .cow text, the seed, and the command that
replays it exactly (--seed S --replay PATH, PATH being the run's index and the shrink steps
kept). The same seed and options give the same runs and the same output; only the timing on
the last line differs.`;

const AFTER = `
Defaults: --runs ${DEFAULTS.runs} --max-steps ${DEFAULTS.maxSteps} --procs ${DEFAULTS.procs} --pages ${DEFAULTS.pages} --pins ${DEFAULTS.pins} --values ${DEFAULTS.values}, the default verbs of explore.
The last line always reads
  fuzzed: R runs, S steps, X s, Y runs/s

Exit codes:
  0  no divergence in any run
  1  a divergence (or a broken model invariant) was found: printed shrunk, with its replay command
  2  usage error (or a replay path that does not fail with these options)

Examples:
  cowlab fuzz --kernel 5.4 --seed 42
  cowlab fuzz --kernel 6.18 --seed 7 --runs 100000 --max-steps 24 --coverage
  cowlab fuzz --kernel 5.4 --seed 42 --replay 317:2:0
`;

/** Registers `fuzz`. */
export const register: RegisterCommand = (root, ctx) => {
  root
    .command("fuzz")
    .summary("seeded random runs, divergences shrunk")
    .description(DESCRIPTION)
    .option("--kernel <V>", "kernel version to fuzz (e.g. 5.10) (required)")
    .option("--seed <S>", "seed of the random generator, 0..4294967295 (required; printed with every failure)")
    .option("--runs <N>", `number of random sequences (default ${DEFAULTS.runs})`)
    .option("--max-steps <N>", `at most N actions in a sequence (default ${DEFAULTS.maxSteps})`)
    .option("--procs <N>", `at most N processes alive at once (default ${DEFAULTS.procs})`)
    .option("--pages <N>", `pages of the region (default ${DEFAULTS.pages})`)
    .option("--pins <N>", `at most N GUP references and pins held at once (default ${DEFAULTS.pins})`)
    .option("--values <N>", `number of distinct letters a write may store (default ${DEFAULTS.values})`)
    .option("--verbs <LIST>", "comma-separated verbs the runs may use, as for explore (default: every natively expressible base-page verb)")
    .option("--replay <PATH>", "rerun exactly the failing run and shrink steps that a failure printed (RUN:STEP:...)")
    .option("--coverage", "report how often each decision alternative of the policy was taken, and flag those never taken")
    .option("--json <FILE>", "write the shrunk witness's trace (run's trace JSON; null when nothing failed)")
    .addHelpText("after", AFTER)
    .action((opts: FuzzCliOptions) => runFuzz(opts, ctx));
};
