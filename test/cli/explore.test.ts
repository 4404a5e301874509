// `cowlab explore` through runCli, as main runs it: a witness printed as a scenario that loads
// and replays, the closing `explored:` line, --json / --itf files, and usage errors (exit 2).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli, expectWitnessReplays } from "../helpers/cli.js";
import { ExploreMatrixSchema } from "../../src/checker/index.js";
import { loadScenario } from "../../src/scenario/index.js";


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
    expectWitnessReplays(text, "5.4", "missed-cow");
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
    expect(r.out).toMatch(/^shared by all kernels: \d+ distinct states stored for \d+ states of single kernels/m);
  });

  it("writes the matrix with every witness as .cow text with --kernel all --json", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "cowlab-matrix-")), "m.json");
    const r = await cli("explore", "--kernel", "all", "--pages", "1", "--depth", "4", "--verbs", "write,fork,iouring", "--json", file);
    expect(r.code).toBe(1);
    const m = ExploreMatrixSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(m.kernels.map((k) => `${k.from}..${k.to}`)).toContain("5.1..5.3");
    const b51 = m.kernels.find((k) => k.from === "5.1");
    expect(b51?.witnesses.map((w) => `${w.class}:${w.length}`)).toEqual(["wrong-cow:4"]);
    const text = b51?.witnesses[0]?.text ?? "";
    const loaded = loadScenario(text, "m.cow");
    expect(loaded.ok).toBe(true);
    expect(m.kernels.find((k) => k.from === "4.4")?.witnesses).toEqual([]);
    expect((await cli("explore", "--kernel", "all", "--itf", file)).err).toContain("--itf needs one kernel version");
  });

  it("prints with --kernel all --workers 2 what one thread prints, apart from the time", async () => {
    const args = ["explore", "--kernel", "all", "--pages", "1", "--depth", "4", "--verbs", "write,fork,iouring,vmsplice"];
    const untimed = (out: string): string => out.replace(/depth (\d+), [\d.]+ s, \d+ states\/s/, "depth $1");
    const one = await cli(...args);
    const two = await cli(...args, "--workers", "2");
    expect(two.err).toBe("");
    expect(untimed(two.out)).toBe(untimed(one.out));
    expect(two.code).toBe(one.code);
  });

  it("prints the coverage of decisions with --coverage", async () => {
    const r = await cli("explore", "--kernel", "5.10", "--pages", "1", "--depth", "2", "--verbs", "write,fork", "--coverage");
    expect(r.out).toMatch(/smallPageReuse refcount-strict:copy\s+\d+/);
    expect(r.out).toContain("never taken");
  });

  it("checks the fingerprint at every merge with --check-abstraction; exit 0 when nothing differs", async () => {
    const r = await cli("explore", "--kernel", "5.8", "--pages", "1", "--depth", "3", "--verbs", "write,fork,vmsplice", "--check-abstraction");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^abstraction on 5\.8: \d+ states, [1-9]\d* merges compared one step deep, no mismatch/);
    const deeper = await cli("explore", "--kernel", "5.8", "--pages", "1", "--depth", "2", "--verbs", "write,fork,vmsplice", "--check-abstraction", "2");
    expect(deeper.code).toBe(0);
    expect(deeper.out).toMatch(/merges compared 2 steps deep, no mismatch/);
    expect((await cli("explore", "--kernel", "5.8", "--check-abstraction", "4")).err).toContain("--check-abstraction takes a whole number from 1 to 3, found `4`");
    expect((await cli("explore", "--kernel", "all", "--check-abstraction")).err).toContain("--check-abstraction needs one kernel version");
    expect((await cli("explore", "--kernel", "5.8", "--check-abstraction", "--workers", "2")).code).toBe(2);
  });

  it("rejects bad options with exit 2", async () => {
    expect((await cli("explore", "--kernel", "5.4", "--depth", "x")).code).toBe(2);
    expect((await cli("explore", "--kernel", "5.4", "--verbs", "frobnicate")).err).toContain("unknown verb `frobnicate`");
    expect((await cli("explore", "--kernel", "9.9")).code).toBe(2);
    expect((await cli("explore")).code).toBe(2);
    expect((await cli("explore", "--kernel", "5.4", "--workers", "0")).err).toContain("--workers takes a whole number from 1 to 64");
    expect((await cli("explore", "--kernel", "5.4", "--workers", "2", "--shard", "0/2")).err).toContain("--workers does not combine with --shard");
    expect((await cli("explore", "--kernel", "all", "--workers", "2", "--coverage")).err).toContain("--workers does not combine with --coverage");
    for (const bad of ["2/2", "1", "-1/2", "a/b", "0/0"]) {
      const r = await cli("explore", "--kernel", "5.4", "--shard", bad);
      expect(r.code).toBe(2);
      expect(r.err).toContain("--shard takes I/N with 0 <= I < N");
    }
    expect((await cli("explore", "--kernel", "all", "--shard", "0/2")).err).toContain("--shard needs one kernel version");
  });

  it("says it is a shard, and explores only that shard's first-level actions", async () => {
    const args = ["--kernel", "5.10", "--pages", "1", "--depth", "1", "--verbs", "write,read,fork"];
    const whole = await cli("explore", ...args);
    const transitions = (out: string): number => Number(/(\d+) transitions/.exec(out)?.[1]);
    const parts = [await cli("explore", ...args, "--shard", "0/2"), await cli("explore", ...args, "--shard", "1/2")];
    expect(parts[1]?.out).toMatch(/^explore 5\.10 .*, shard 1\/2 \(first-level actions 1 mod 2 and below\)$/m);
    expect(parts[1]?.out).toContain("no divergence on 5.10 (era D) in shard 1/2 within depth 1");
    // At the start: p writes A (the one letter in use so far), p reads, p forks; shard 0 takes 0 and 2.
    expect(parts.map((p) => transitions(p.out))).toEqual([2, 1]);
    expect(transitions(whole.out)).toBe(3);
  });

  // Worker threads load the built module: this runs the bin (`npm test` builds it first).
  const BIN = join(resolve(dirname(fileURLToPath(import.meta.url)), "../.."), "dist/cli/main.js");
  const bin = (...args: string[]): { code: number | null; out: string } => {
    if (!existsSync(BIN)) throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does it first)");
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 30_000, env: { ...process.env, CI: "1" } });
    return { code: r.status, out: r.stdout };
  };
  const body = (out: string): string => out.split("\n").filter((l) => !l.startsWith("explore ") && !l.startsWith("explored: ")).join("\n");
  const states = (out: string): string | undefined => /^explored: (\d+) states/m.exec(out)?.[1];

  it("prints with --workers 3 what the single-threaded search prints, apart from the time", () => {
    const one = bin("explore", ...vmsplice);
    const three = bin("explore", ...vmsplice, "--workers", "3");
    expect(three.code).toBe(1);
    const untimed = (out: string): string => out.replace(/^(explored: \d+ states, \d+ transitions, depth \d+), .*$/m, "$1");
    expect(untimed(three.out)).toBe(untimed(one.out));
    expect(states(three.out)).toBe(states(one.out));
  });

  it("counts with --workers 2 the union of the shards' states, equal here to the single-threaded count; exit 0", () => {
    const args = ["explore", "--kernel", "5.10", "--pages", "1", "--depth", "4", "--verbs", "write,fork,exit,munmap,vmsplice"];
    const one = bin(...args);
    const two = bin(...args, "--workers", "2");
    expect(two.code).toBe(0);
    expect(two.out).toContain("no divergence on 5.10");
    expect(states(two.out)).toBe(states(one.out));
  });
});
