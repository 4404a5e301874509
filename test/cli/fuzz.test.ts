// `cowlab fuzz` through runCli, as main runs it: a shrunk failure printed as a scenario that
// loads and replays, the same output for the same seed, --replay, --json, --coverage, and
// usage errors (exit 2).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, expectWitnessReplays } from "../helpers/cli.js";


const FUZZED = /^fuzzed: \d+ runs, \d+ steps, \d+\.\d s, \d+ runs\/s$/;
const lastLine = (out: string): string => out.trimEnd().split("\n").pop() ?? "";
/** The output with the timing of the last line blanked: all that may differ between two runs. */
const untimed = (out: string): string => out.replace(/, \d+\.\d s, \d+ runs\/s\n$/, ", T s, R runs/s\n");

/** The indented scenario block of a failure, unindented. */
function scenarioOf(out: string): string {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith("  scenario "));
  const end = lines.findIndex((l, i) => i > start && l.startsWith("line "));
  return `${lines.slice(start, end).map((l) => l.slice(2)).join("\n").trim()}\n`;
}

/** From the class line to the replay command: what a failure and its replay share. */
const failureBlock = (out: string): string => out.slice(out.indexOf("missed-cow on"), out.indexOf("\nshrunk:"));

describe("fuzz", () => {
  const found = ["fuzz", "--kernel", "5.4", "--seed", "1"];

  it("prints a shrunk missed-cow on 5.4 that loads, prints unchanged and replays; exit 1", async () => {
    const r = await cli(...found);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^missed-cow on 5\.4 \(era B\): run \d+ failed after \d+ actions; shrunk to \d+ actions after the mmap$/m);
    expect(lastLine(r.out)).toMatch(FUZZED);
    const text = scenarioOf(r.out);
    expectWitnessReplays(text, "5.4", "missed-cow");
    expect(r.out).toContain("cowlab run fuzz-5.4-missed-cow.cow --kernel 5.4");
    expect(r.out).toMatch(/^ {2}or: cowlab fuzz --kernel 5\.4 --seed 1 --replay \d+(:\d+)*$/m);
  });

  it("prints the same output byte for byte for the same seed (timing aside)", async () => {
    const a = await cli(...found);
    const b = await cli(...found);
    expect(untimed(b.out)).toBe(untimed(a.out));
    expect(untimed(a.out)).not.toBe(a.out);
  });

  it("reproduces the same failure with the printed --replay command", async () => {
    const r = await cli(...found);
    const command = /^ {2}or: cowlab (fuzz .*)$/m.exec(r.out)?.[1];
    expect(command).toBeDefined();
    const again = await cli(...(command ?? "").split(" "));
    expect(again.code).toBe(1);
    expect(failureBlock(again.out)).toBe(failureBlock(r.out));
    expect(again.out).toContain("shrunk: replayed");
    expect(lastLine(again.out)).toMatch(/^fuzzed: 1 runs, /);
  });

  it("repeats non-default bounds in the replay command", async () => {
    const r = await cli(...found, "--max-steps", "12", "--procs", "3", "--runs", "3000");
    expect(r.code).toBe(1);
    const command = /^ {2}or: cowlab (fuzz .*)$/m.exec(r.out)?.[1] ?? "";
    expect(command).toMatch(/ --max-steps 12 --procs 3 --replay /);
    const again = await cli(...command.split(" "));
    expect(scenarioOf(again.out)).toBe(scenarioOf(r.out));
  });

  it("exits 0 on 6.18 with the fuzzed line last, and reports coverage", async () => {
    const r = await cli("fuzz", "--kernel", "6.18", "--seed", "2", "--runs", "300", "--coverage");
    expect(r.code).toBe(0);
    expect(r.out).toContain("no divergence on 6.18 (era I) in 300 runs");
    expect(r.out).toMatch(/^ {2}smallPageReuse \S+:reuse\s+\d+$/m);
    expect(lastLine(r.out)).toMatch(/^fuzzed: 300 runs, 4800 steps, /);
  });

  it("writes the shrunk witness's trace as JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cowlab-fuzz-"));
    const r = await cli(...found, "--json", join(dir, "t.json"));
    expect(r.code).toBe(1);
    const trace = JSON.parse(readFileSync(join(dir, "t.json"), "utf8")) as { steps: { divergence?: { class: string } | null }[] };
    expect(trace.steps[trace.steps.length - 1]?.divergence?.class).toBe("missed-cow");
    expect(trace.steps.length).toBe(scenarioOf(r.out).split("\n").filter((l) => /^\w+: /.test(l)).length);
  });

  it("rejects bad options and replay paths that do not fail with exit 2", async () => {
    const cases: [string[], string][] = [
      [["fuzz", "--kernel", "5.4"], "needs --seed"],
      [["fuzz", "--seed", "1"], "needs --kernel"],
      [["fuzz", "--kernel", "9.9", "--seed", "1"], "not modelled"],
      [["fuzz", "--kernel", "5.4", "--seed", "-1"], "--seed takes"],
      [["fuzz", "--kernel", "5.4", "--seed", "4294967296"], "--seed takes"],
      [["fuzz", "--kernel", "5.4", "--seed", "1", "--max-steps", "0"], "--max-steps takes"],
      [["fuzz", "--kernel", "5.4", "--seed", "1", "--verbs", "frobnicate"], "unknown verb `frobnicate`"],
      [["fuzz", "--kernel", "5.4", "--seed", "1", "--replay", "1/2"], "--replay takes"],
      [["fuzz", "--kernel", "6.18", "--seed", "1", "--replay", "0"], "does not fail"],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toContain(message);
    }
  });
});
