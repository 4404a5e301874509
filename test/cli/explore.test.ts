// `cowlab explore` through runCli, as main runs it: a witness printed as a scenario that loads
// and replays, the closing `explored:` line, --json / --itf files, and usage errors (exit 2).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import { runProgram } from "../../src/run/index.js";
import { loadScenario, parseScenario, printScenario } from "../../src/scenario/index.js";


const EXPLORED = /^explored: \d+ states, \d+ transitions, depth \d+, \d+\.\d s, \d+ states\/s$/;

/** The indented scenario block of a witness, unindented. */
function scenarioOf(out: string): string {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith("  scenario "));
  const end = lines.findIndex((l, i) => i > start && l.startsWith("line "));
  return `${lines.slice(start, end).map((l) => l.slice(2)).join("\n").trim()}\n`;
}

describe("explore", () => {
  const vmsplice = ["--kernel", "5.4", "--pages", "1", "--verbs", "write,fork,exit,munmap,vmsplice"];

  it("prints a shortest witness that loads, prints unchanged and replays with the same class; exit 1", async () => {
    const r = await cli("explore", ...vmsplice);
    expect(r.code).toBe(1);
    expect(r.out).toContain("missed-cow on 5.4");
    const lines = r.out.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toMatch(EXPLORED);
    const text = scenarioOf(r.out);
    const loaded = loadScenario(text, "w.cow");
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(printScenario(parseScenario(text, "w.cow").ast)).toBe(text);
    const trace = runProgram(loaded.program, policyFor(parseVersion("5.4")!));
    expect(trace.steps[trace.steps.length - 1]?.divergence?.class).toBe("missed-cow");
    expect(r.out).toContain("cowlab run explore-5.4-missed-cow.cow --kernel 5.4");
  });

  it("exits 0 with the explored line when nothing diverges", async () => {
    const r = await cli("explore", "--kernel", "5.10", "--pages", "1", "--depth", "3", "--verbs", "write,read,fork");
    expect(r.code).toBe(0);
    expect(r.out).toContain("no divergence on 5.10");
    expect(r.out.trimEnd().split("\n").pop()).toMatch(EXPLORED);
  });

  it("writes the witness trace as JSON and as ITF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cowlab-explore-"));
    const r = await cli("explore", ...vmsplice, "--json", join(dir, "t.json"), "--itf", join(dir, "t.itf.json"));
    expect(r.code).toBe(1);
    const trace = JSON.parse(readFileSync(join(dir, "t.json"), "utf8")) as { steps: unknown[] };
    expect(trace.steps.length).toBe(7);
    const itf = JSON.parse(readFileSync(join(dir, "t.itf.json"), "utf8")) as { vars: string[]; states: { "#meta": { index: number } }[] };
    expect(itf.vars).toContain("frames");
    expect(itf.states.map((s) => s["#meta"].index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("prints the era x class matrix with --kernel all", async () => {
    const r = await cli("explore", "--kernel", "all", "--pages", "1", "--depth", "4", "--verbs", "write,fork,iouring");
    expect(r.out).toMatch(/^era kernels\s+missed-cow\s+wrong-cow/m);
    expect(r.out).toMatch(/^A 4\.4\.\.\S+\s+-\s+-/m);
    expect(r.out).toMatch(/^B 5\.1\.\.5\.3\s+-\s+4/m);
    expect(r.out).toMatch(/^D 5\.9\.\.5\.10\s+-\s+-/m);
    expect(r.code).toBe(1);
  });

  it("prints the coverage of decisions with --coverage", async () => {
    const r = await cli("explore", "--kernel", "5.10", "--pages", "1", "--depth", "2", "--verbs", "write,fork", "--coverage");
    expect(r.out).toMatch(/smallPageReuse refcount-strict:copy\s+\d+/);
    expect(r.out).toContain("never taken");
  });

  it("rejects bad options with exit 2", async () => {
    expect((await cli("explore", "--kernel", "5.4", "--depth", "x")).code).toBe(2);
    expect((await cli("explore", "--kernel", "5.4", "--verbs", "frobnicate")).err).toContain("unknown verb `frobnicate`");
    expect((await cli("explore", "--kernel", "9.9")).code).toBe(2);
    expect((await cli("explore")).code).toBe(2);
    expect((await cli("explore", "--kernel", "5.4", "--workers", "2")).err).toContain("not built yet");
  });
});
