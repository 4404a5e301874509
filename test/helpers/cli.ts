// Harnesses for CLI tests: run cowlab in-process as main does, or one command on a fresh
// commander root, collecting stdout, stderr and the exit code.
import { Command } from "commander";
import type { CliContext } from "../../src/cli/context.js";
import { expect } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import { runProgram } from "../../src/run/index.js";
import { loadScenario, parseScenario, printScenario } from "../../src/scenario/index.js";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `cowlab ARGV...` through runCli, the way the bin does. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let out = "";
  let err = "";
  const ctx: CliContext = { out: (t) => void (out += t), err: (t) => void (err += t), setExitCode: () => undefined };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

/** Runs one registered command on a fresh commander root; the code is the highest one it set. */
export async function runCommand(
  register: (root: Command, ctx: CliContext) => void,
  args: readonly string[],
): Promise<CliRun> {
  let out = "";
  let err = "";
  let code = 0;
  const ctx: CliContext = { out: (t) => void (out += t), err: (t) => void (err += t), setExitCode: (c) => void (code = Math.max(code, c)) };
  const root = new Command("cowlab").exitOverride();
  register(root, ctx);
  await root.parseAsync([...args], { from: "user" });
  return { out, err, code };
}

/** Asserts that a printed witness loads, prints back unchanged, and replays with `cls` at its last line. */
export function expectWitnessReplays(text: string, version: string, cls: string): void {
  const loaded = loadScenario(text, "w.cow");
  expect(loaded.ok).toBe(true);
  if (!loaded.ok) return;
  expect(printScenario(parseScenario(text, "w.cow").ast)).toBe(text);
  const v = parseVersion(version);
  if (v === null) throw new Error(`bad version ${version}`);
  const trace = runProgram(loaded.program, policyFor(v));
  expect(trace.steps[trace.steps.length - 1]?.divergence?.class).toBe(cls);
}
