// `cowlab merge`: combines the results of `explore --shard I/N --json FILE` runs (made on one
// machine or several) into the result of one search (design.md §4), printed as explore prints it.
import { violationText } from "../../kernel/invariants.js";
import { readFileSync, writeFileSync } from "node:fs";
import type { MergedResult, MergedWitness, NamedShard } from "../../checker/index.js";
import { mergeShards, parseShardResult } from "../../checker/index.js";
import { formatVersion, parseVersion, policyFor } from "../../history/index.js";
import type { Policy } from "../../kernel/policy.js";
import type { Trace } from "../../run/index.js";
import { runProgram } from "../../run/index.js";
import { loadScenario } from "../../scenario/index.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { formatBoundsArgs, formatExploredLine, formatWitnessText } from "../formatCheckerResult.js";

const EXIT_USAGE = 2;

const DESCRIPTION = `Combine the result files written by \`cowlab explore --shard I/N --json FILE\` into the result
of one unsharded search. States merge by fingerprint, so a state reached by two shards counts
once: every shard stores the start state, and the union counts it once. When no shard stopped
early on a finding, the merged count has been, in every case measured, that of the unsharded
search with the same bounds or more: a shard may reach a state first by another path, and a fingerprint leaves out the ids
(next pid, pipe, ring, pin numbers) the path handed out, so its successors can be stored under
fingerprints the unsharded search never produces. Transitions and seconds are summed over the
shards. Per divergence class the shortest witness over all shards is kept (ties: the lowest
shard index); without --all in the shards, only the single shortest witness is printed. The
shards must come from the same search (same kernel, bounds, verbs and --all) and cover every I
from 0 to N-1 exactly once.`;

const AFTER = `
What it prints: as explore does, each witness as .cow text with the command that replays it
(or "no divergence"), and as last line
  explored: S states, T transitions, depth D, X s, R states/s
with S the distinct states over all shards, T the sum of transitions, D the deepest level of
any shard and X the sum of the shards' times.

Exit codes:
  0  no shard found a divergence
  1  a divergence was found (printed as explore prints it)
  2  usage error (a file that is not a shard result, a shard missing or given twice, or
     shards of different searches)

Examples:
  cowlab explore --kernel 5.4 --depth 7 --shard 0/2 --json shard0.json
  cowlab explore --kernel 5.4 --depth 7 --shard 1/2 --json shard1.json
  cowlab merge shard0.json shard1.json
`;

function usage(ctx: CliContext, message: string): void {
  ctx.err(`error: ${message.replace(/[\u0000-\u001f\u007f]/g, "?")}\n`);
  ctx.err("hint: run `cowlab merge --help` for what it reads\n");
  ctx.setExitCode(EXIT_USAGE);
}

/** Reads and validates every file; null after a usage error. */
function readShards(files: readonly string[], ctx: CliContext): NamedShard[] | null {
  const out: NamedShard[] = [];
  for (const name of files) {
    let text: string;
    try {
      text = readFileSync(name, "utf8");
    } catch (e) {
      usage(ctx, `cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return null;
    }
    const r = parseShardResult(text);
    if (!r.ok) {
      usage(ctx, `${name} is not a shard result of \`cowlab explore --shard I/N --json FILE\`: ${r.why}`);
      return null;
    }
    out.push({ name, result: r.result });
  }
  return out;
}

/** Loads and runs a merged witness; null when it does not show its class (a stale or edited file). */
function replayMerged(w: MergedWitness, policy: Policy): { trace: Trace; line: number | null; why: string } | null {
  const loaded = loadScenario(w.text, `${w.class}.cow`);
  if (!loaded.ok) return null;
  const trace = runProgram(loaded.program, policy, { changes: false });
  const step = trace.steps[trace.steps.length - 1];
  if (w.class === "invariant") {
    return trace.stopped?.kind === "invariant" ? { trace, line: step?.line ?? null, why: violationText(trace.stopped) } : null;
  }
  return step?.divergence?.class === w.class ? { trace, line: step.line, why: step.divergence.why } : null;
}

function printMerged(m: MergedResult, policy: Policy, opts: { json?: string }, ctx: CliContext): void {
  const v = m.kernel;
  const bounds = formatBoundsArgs(m.bounds);
  ctx.out(`merge ${v} (era ${policy.era}): ${m.count} shards, ${bounds}${m.bounds.canonical ? "" : " (raw fingerprints)"}${m.bounds.all ? " --all" : ""}\n\n`);
  const traces: Trace[] = [];
  for (const w of m.witnesses) {
    const r = replayMerged(w, policy);
    if (r === null) return usage(ctx, `the ${w.class} witness of shard ${w.shard}/${m.count} does not replay on ${v}: the file was edited or comes from another cowlab`);
    traces.push(r.trace);
    const extra = `cowlab explore --kernel ${v} ${bounds}${m.bounds.all ? " --all" : ""} --shard ${w.shard}/${m.count}`;
    ctx.out(formatWitnessText(w.class, w.length, w.text, r.line, r.why, policy, `merge-${v}-${w.class}.cow`, extra));
    ctx.out("\n");
  }
  if (m.witnesses.length === 0) ctx.out(`no divergence on ${v} (era ${policy.era}) in any of the ${m.count} shards within depth ${m.bounds.depth}\n`);
  if (opts.json !== undefined) writeFileSync(opts.json, `${JSON.stringify(m.bounds.all ? traces : (traces[0] ?? null))}\n`);
  ctx.out(formatExploredLine({ states: m.states, transitions: m.transitions, depth: m.depth, seconds: m.seconds, tableBytes: 0 }));
  if (m.witnesses.length > 0) ctx.setExitCode(1);
}

/** The action of `merge`. */
export function runMerge(files: readonly string[], opts: { json?: string }, ctx: CliContext): void {
  const shards = readShards(files, ctx);
  if (shards === null) return;
  const merged = mergeShards(shards);
  if (!merged.ok) return usage(ctx, merged.why);
  const version = parseVersion(merged.merged.kernel);
  if (version === null) return usage(ctx, `${shards[0]?.name ?? ""} names kernel \`${merged.merged.kernel}\`, which this cowlab does not model`);
  const policy = policyFor(version);
  if (formatVersion(version) !== merged.merged.kernel) return usage(ctx, `kernel \`${merged.merged.kernel}\` is not written as cowlab writes it`);
  printMerged(merged.merged, policy, opts, ctx);
}

/** Registers `merge`. */
export const register: RegisterCommand = (root, ctx) => {
  root
    .command("merge")
    .summary("combine the results of `explore --shard I/N --json FILE` runs")
    .description(DESCRIPTION)
    .argument("<files...>", "shard results written by `cowlab explore --shard I/N --json FILE`")
    .option("--json <FILE>", "write the merged witness's trace (run's trace JSON; an array when the shards ran with --all)")
    .addHelpText("after", AFTER)
    .action((files: string[], opts: { json?: string }) => runMerge(files, opts, ctx));
};
