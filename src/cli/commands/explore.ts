// `cowlab explore`: breadth-first search for the shortest sequence of system calls that makes
// a kernel version diverge from the ideal semantics (design.md §4), or the era x class matrix
// of every distinct policy with `--kernel all`. `--shard I/N` searches one shard of the first
// level (and writes a result for `cowlab merge`); `--workers N` expands each level in N threads.
import { writeFileSync } from "node:fs";
import type { Bounds, ExploreOptions, ExploreResult, Progress, ShardSpec, SharedResult } from "../../checker/index.js";
import {
  MAX_CHECK_STEPS, actionLine, allExplored, checkAbstraction, explore, exploreMatrixOf, exploreShared, policyBatches, replayWitness, shardResultOf, witnessItf,
} from "../../checker/index.js";
import type { Op } from "../../kernel/ops.js";
import type { Policy } from "../../kernel/policy.js";
import { distinctPolicies, formatVersion, policyFor } from "../../history/index.js";
import type { CliContext, RegisterCommand } from "../context.js";
import {
  formatBoundsArgs, formatCoverage, formatExploreMatrix, formatExploredLine, formatNothingFound, formatSharedLine, formatWitness, sumStats,
} from "../formatCheckerResult.js";
import { resolveKernel } from "./run.js";
import { parseVerbs, verbNames } from "../../checker/index.js";
import { exploreSharedWithWorkers, exploreWithWorkers } from "../exploreThreads.js";

const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;

/** The bound options as commander hands them over. */
export interface BoundsOptions {
  readonly procs?: string;
  readonly pages?: string;
  readonly pins?: string;
  readonly depth?: string;
  readonly verbs?: string;
  readonly values?: string;
}

/** Reports a usage error (exit 2). */
export function usage(ctx: CliContext, message: string): void {
  ctx.err(`error: ${message.replace(/[\u0000-\u001f\u007f]/g, "?")}\n`);
  ctx.err("hint: run `cowlab explore --help` for the options and their ranges\n");
  ctx.setExitCode(EXIT_USAGE);
}

/** An integer option in [min, max], its default when absent, or null after a usage error. */
export function intOption(ctx: CliContext, name: string, text: string | undefined, dflt: number, min: number, max: number): number | null {
  if (text === undefined) return dflt;
  const n = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  usage(ctx, `--${name} takes a whole number from ${min} to ${max}, found \`${text}\``);
  return null;
}

/** The search bounds the options give, or null after a usage error. */
export function parseBounds(o: BoundsOptions, ctx: CliContext, depthDefault = 6): Bounds | null {
  const procs = intOption(ctx, "procs", o.procs, 2, 1, 8);
  const pages = procs === null ? null : intOption(ctx, "pages", o.pages, 2, 1, 8);
  const pins = pages === null ? null : intOption(ctx, "pins", o.pins, 1, 0, 8);
  const depth = pins === null ? null : intOption(ctx, "depth", o.depth, depthDefault, 0, 64);
  const values = depth === null ? null : intOption(ctx, "values", o.values, 2, 1, 26);
  if (procs === null || pages === null || pins === null || depth === null || values === null) return null;
  const verbs = parseVerbs(o.verbs ?? "default");
  if (!verbs.ok) {
    usage(ctx, `unknown verb \`${verbs.unknown}\` in --verbs (known: ${verbNames().join(", ")})`);
    return null;
  }
  if (verbs.verbs.length === 0) {
    usage(ctx, "--verbs names no verb the search can use");
    return null;
  }
  return { procs, pages, pins, depth, values, verbs: verbs.verbs };
}

/** A progress line on stderr, redrawn in place: only on a terminal and not under CI. */
export function progressReporter(ctx: CliContext): ((p: Progress) => void) | undefined {
  if (process.stderr.isTTY !== true || process.env["CI"] !== undefined) return undefined;
  return (p) => {
    const rate = p.seconds > 0 ? Math.round(p.states / p.seconds) : 0;
    const mib = Math.round(process.memoryUsage().rss / 1048576);
    ctx.err(`\rdepth ${p.depth}, ${p.states} states, ${rate} states/s, frontier ${p.frontier}, ${mib} MiB   `);
  };
}

const DESCRIPTION = `Search, breadth first, every sequence of the allowed verbs within the bounds, checking the
ideal semantics and the model's internal invariants at every state. The search starts after
\`p: mmap buf N rw\` (one private region of --pages pages); children are named c, d, e...
States are stored by a 64-bit canonical fingerprint (frames, swap slots, logical pages,
pipes and values renamed by first occurrence; processes by their pid order), so symmetric
states count once. Because the search is breadth first, the first divergence found is a
shortest one.`;

const AFTER = `
Verbs (--verbs, comma-separated): write, read, fork, exit, munmap, mprotect, dontneed, dontfork,
  dofork, wipeonfork, pageout, vmsplice, pipe-read, iouring-register, ring-read, ring-write,
  iouring-unregister, force-write, clear-refs, ksm-scan, lru-drain; model-only: pin, pin-read,
  pin-write, unpin, reclaim, migrate. Groups: madvise, iouring, pins, default, all.
  Default: every natively expressible verb (no pins, reclaim or migration).
Defaults: --procs 2 --pages 2 --pins 1 --depth 6 --values 2.

What it prints:
  On the first divergence: its class (missed-cow, wrong-cow, lost-write, bad-fault,
  corruption), the kernel version, the shortest scenario as .cow text (which \`cowlab run\`
  accepts as is), run's explanation of its last line and the command that replays it. With
  --all: one shortest witness per class. With --kernel all: the matrix era x class, giving
  the length of the shortest witness or "-" when none within the bound.
  Whatever the outcome, the last line reads
    explored: S states, T transitions, depth D, X s, R states/s
  On a terminal (not under CI) a progress line on stderr shows depth, states, states/s,
  frontier and memory.

Sharding (--shard I/N, shards numbered 0 to N-1): the start state's successors are numbered
  in the order the search tries them; shard I explores those whose number is I mod N, and
  everything below them, breadth first. Every shard stores the start state. With --json FILE
  a shard writes its result (witnesses as .cow text, counts and every visited fingerprint) for
  \`cowlab merge\`, which counts states over the union of the shards' fingerprints (the start
  state once). A state stands for the ids its path has handed out as well, so the union of
  the shards' fingerprints is the whole search's set, and the shortest witness over the
  shards is as short as the whole search's.

Worker threads (--workers N): the search goes level by level; each level's states are split in
  contiguous parts that N threads expand against the states of the levels above (in shared
  memory), and the parts are merged in order, so duplicates, witnesses, counts and all the
  output but the time are exactly those of --workers 1. With --kernel all likewise: every
  kernel is searched together (a state the kernels reach alike is stored and stepped once)
  and the levels of that one search are split among the threads.

Exit codes:
  0  nothing found within the bound
  1  a divergence (or a broken model invariant) was found
  2  usage error
  3  internal error (a worker thread failed)

Examples:
  cowlab explore --kernel 5.4 --procs 2 --pages 1 --depth 6
  cowlab explore --kernel all --procs 2 --pages 2 --depth 5
  cowlab explore --kernel 5.10 --verbs write,read,pin,mprotect --depth 6
  cowlab explore --kernel 5.4 --depth 7 --shard 0/4 --json shard0.json
  cowlab explore --kernel 6.18 --depth 6 --workers 2
  cowlab explore --kernel all --depth 5 --workers 2
`;

interface ExploreCliOptions extends BoundsOptions {
  readonly kernel?: string;
  readonly all?: boolean;
  readonly coverage?: boolean;
  readonly json?: string;
  readonly itf?: string;
  readonly workers?: string;
  readonly shard?: string;
  readonly raw?: boolean;
  /** true without a number of steps (one). */
  readonly checkAbstraction?: boolean | string;
}

/** The action of `explore`. */
export function runExplore(opts: ExploreCliOptions, ctx: CliContext): void | Promise<void> {
  if (opts.kernel === undefined) return usage(ctx, "`explore` needs --kernel V (a version such as 5.10, or `all`)");
  const bounds = parseBounds(opts, ctx);
  if (bounds === null) return;
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  if (shard === null) return usage(ctx, `--shard takes I/N with 0 <= I < N <= 4096 (shards are numbered from 0), found \`${opts.shard ?? ""}\``);
  const workers = intOption(ctx, "workers", opts.workers, 1, 1, 64);
  if (workers === null) return;
  if (opts.kernel === "all") {
    if (shard !== undefined) return usage(ctx, "--shard needs one kernel version, not `all`");
    if (opts.checkAbstraction !== undefined) return usage(ctx, "--check-abstraction needs one kernel version, not `all`");
    if (opts.workers !== undefined && opts.coverage === true) return usage(ctx, "--workers does not combine with --coverage");
    return runMatrix(bounds, opts, workers, ctx);
  }
  const version = resolveKernel(opts.kernel, ctx);
  if (version === null) return;
  const policy = policyFor(version);
  if (opts.checkAbstraction !== undefined) {
    if (shard !== undefined || opts.workers !== undefined) return usage(ctx, "--check-abstraction runs alone, without --shard or --workers");
    const steps = intOption(ctx, "check-abstraction", typeof opts.checkAbstraction === "string" ? opts.checkAbstraction : undefined, 1, 1, MAX_CHECK_STEPS);
    if (steps === null) return;
    return runAbstractionCheck(bounds, policy, formatVersion(version), steps, ctx);
  }
  if (opts.workers !== undefined && (shard !== undefined || opts.coverage === true)) {
    return usage(ctx, `--workers does not combine with ${shard !== undefined ? "--shard" : "--coverage"}`);
  }
  const report = progressReporter(ctx);
  const o: ExploreOptions = {
    bounds, policy, all: opts.all === true, coverage: opts.coverage === true, canonical: opts.raw !== true,
    now: clock(), onProgress: report, progressEvery: 20000,
    ...(shard === undefined ? {} : { shard, keepVisited: opts.json !== undefined }),
  };
  if (workers > 1) return runWorkers(o, formatVersion(version), workers, opts, ctx);
  const result = explore(o);
  if (report !== undefined) ctx.err("\r\u001b[K");
  printResult(result, opts, ctx);
}

/** `--workers N`: the same search, its levels expanded by N threads. */
async function runWorkers(o: ExploreOptions, kernel: string, n: number, opts: ExploreCliOptions, ctx: CliContext): Promise<void> {
  let result: ExploreResult;
  try {
    result = await exploreWithWorkers(o, kernel, n);
  } catch (e) {
    ctx.err(`error: a worker thread failed: ${(e as Error).message}\n`);
    ctx.setExitCode(EXIT_INTERNAL);
    return;
  }
  if (o.onProgress !== undefined) ctx.err("\r\u001b[K");
  printResult(result, opts, ctx);
}

/**
 * `--check-abstraction`: the search once more, comparing at every merge the successors of the
 * two states one fingerprint stands for (docs/checker.md). Exit 1 with both paths on a mismatch.
 */
function runAbstractionCheck(bounds: Bounds, policy: Policy, kernel: string, steps: number, ctx: CliContext): void {
  const t0 = performance.now();
  const r = checkAbstraction(bounds, policy, undefined, steps);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.mismatch === null) {
    const deep = steps === 1 ? "one step" : `${steps} steps`;
    ctx.out(`abstraction on ${kernel}: ${r.states} states, ${r.merges} merges compared ${deep} deep, no mismatch (${seconds} s)\n`);
    return;
  }
  const m = r.mismatch;
  const path = (p: readonly { op: Op }[]): string => p.map((a) => `  ${actionLine(a.op)}`).join("\n");
  ctx.out(`abstraction on ${kernel}: two paths to one fingerprint whose successors differ (${m.inFirst ? "only the first" : "only the second"} has successor ${m.only})\nfirst:\n${path(m.first)}\nsecond:\n${path(m.second)}\n`);
  ctx.setExitCode(1);
}

const clock = (): (() => number) => () => performance.now();

/** `I/N` with 0 <= I < N as a shard, or null. */
export function parseShard(text: string): ShardSpec | null {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  if (m === null) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && count <= 4096 && index < count ? { index, count } : null;
}

function commandOf(kernel: string, bounds: Bounds, all: boolean, shard: ShardSpec | null): string {
  const sh = shard === null ? "" : ` --shard ${shard.index}/${shard.count}`;
  return `cowlab explore --kernel ${kernel} ${formatBoundsArgs(bounds)}${all ? " --all" : ""}${sh}`;
}

function printResult(result: ExploreResult, opts: ExploreCliOptions, ctx: CliContext): void {
  const v = formatVersion(result.policy.version);
  const replays = result.witnesses.map((w) => replayWitness(w, result.policy, result.bounds.pages, "cowlab explore"));
  const sh = result.shard === null ? "" : `, shard ${result.shard.index}/${result.shard.count} (first-level actions ${result.shard.index} mod ${result.shard.count} and below)`;
  ctx.out(`explore ${v} (era ${result.policy.era}): ${formatBoundsArgs(result.bounds)}${result.canonical ? "" : " (raw fingerprints)"}${sh}\n\n`);
  for (const r of replays) {
    ctx.out(formatWitness(r, result.policy, `explore-${v}-${r.witness.class}.cow`, commandOf(v, result.bounds, opts.all === true, result.shard)));
    ctx.out("\n");
  }
  if (replays.length === 0) ctx.out(formatNothingFound(result));
  if (result.coverage !== null) ctx.out(formatCoverage(result.coverage, result.policy));
  if (opts.json !== undefined && result.shard !== null) {
    writeFileSync(opts.json, `${JSON.stringify(shardResultOf(result, opts.all === true, "cowlab explore"))}\n`);
  } else if (opts.json !== undefined) {
    const traces = replays.map((r) => r.trace);
    writeFileSync(opts.json, `${JSON.stringify(opts.all === true ? traces : (traces[0] ?? null))}\n`);
  }
  if (opts.itf !== undefined) {
    const docs = result.witnesses.map((w) => witnessItf(w, result.policy, result.bounds));
    writeFileSync(opts.itf, `${JSON.stringify(opts.all === true ? docs : (docs[0] ?? null))}\n`);
  }
  ctx.out(formatExploredLine(result.stats));
  if (replays.length > 0) ctx.setExitCode(1);
}

async function runMatrix(bounds: Bounds, opts: ExploreCliOptions, workers: number, ctx: CliContext): Promise<void> {
  if (opts.itf !== undefined) return usage(ctx, "--itf needs one kernel version, not `all` (--json writes the matrix)");
  const report = progressReporter(ctx);
  const o = { bounds, coverage: opts.coverage === true, canonical: opts.raw !== true, now: clock(), onProgress: report, progressEvery: 20000 };
  const groups = distinctPolicies();
  const results: SharedResult[] = [];
  for (const batch of policyBatches(groups)) {
    const policies = batch.map((g) => g.policy);
    if (workers === 1) {
      results.push(exploreShared(o, policies));
      continue;
    }
    try {
      results.push(await exploreSharedWithWorkers(o, policies, batch.map((g) => formatVersion(g.from)), workers));
    } catch (e) {
      ctx.err(`error: a worker thread failed: ${(e as Error).message}\n`);
      ctx.setExitCode(EXIT_INTERNAL);
      return;
    }
  }
  const all = allExplored(groups, results);
  if (report !== undefined) ctx.err("\r\u001b[K");
  // Every witness printed must replay on its own kernel.
  for (const g of all.groups) for (const w of g.result.witnesses) replayWitness(w, g.group.policy, bounds.pages, "cowlab explore");
  ctx.out(`explore all kernels: ${formatBoundsArgs(bounds)}\n\n`);
  ctx.out(formatExploreMatrix(all.groups));
  ctx.out(`\nreplay a cell: cowlab explore --kernel VERSION ${formatBoundsArgs(bounds)} --all\n`);
  if (opts.coverage === true) {
    for (const g of all.groups) if (g.result.coverage !== null) ctx.out(`\n${formatVersion(g.group.from)}: ${formatCoverage(g.result.coverage, g.group.policy)}`);
  }
  if (opts.json !== undefined) writeFileSync(opts.json, `${JSON.stringify(exploreMatrixOf(all, "cowlab explore"))}\n`);
  ctx.out(formatSharedLine(all.stats));
  ctx.out(formatExploredLine({ ...sumStats(all.groups.map((g) => g.result.stats)), seconds: all.stats.seconds }));
  if (all.groups.some((g) => g.result.witnesses.length > 0)) ctx.setExitCode(1);
}

/** Registers `explore`. */
export const register: RegisterCommand = (root, ctx) => {
  root
    .command("explore")
    .summary("search exhaustively for the shortest divergence")
    .description(DESCRIPTION)
    .option("--kernel <V>", 'kernel version to search (e.g. 5.10), or "all" for every distinct policy (required)')
    .option("--procs <N>", "at most N processes alive at once (default 2)")
    .option("--pages <N>", "pages of the region (default 2)")
    .option("--pins <N>", "at most N GUP references and pins held at once (default 1)")
    .option("--depth <N>", "at most N actions after the mmap (default 6)")
    .option("--verbs <LIST>", "comma-separated verbs the search may use (default: every natively expressible base-page verb)")
    .option("--values <N>", "number of distinct letters a write may store (default 2)")
    .option("--all", "keep going after the first divergence: one shortest witness per class")
    .option("--coverage", "report how often each decision alternative of the policy was taken, and flag those never taken")
    .option("--json <FILE>", "write the witness's trace (run's trace JSON; an array with --all); with --shard, the shard result `cowlab merge` reads; with --kernel all, the matrix with every witness as .cow text")
    .option("--itf <FILE>", "write the witness as ITF (the Informal Trace Format of Quint and Apalache)")
    .option("--check-abstraction [K]", `check at every merge that the two states one fingerprint stands for have the same futures, K actions deep (1 to ${MAX_CHECK_STEPS}, default 1; docs/checker.md)`)
    .option("--raw", "store raw fingerprints (no renaming), to measure what canonical renaming saves")
    .option("--workers <N>", "expand each level in N threads, this one and N - 1 worker threads (1 to 64); the result is the one-thread search's")
    .option("--shard <I/N>", "explore only shard I of N (0 <= I < N) of the first level, and everything below it")
    .addHelpText("after", AFTER)
    .action((opts: ExploreCliOptions) => runExplore(opts, ctx));
};

export type { Progress };
