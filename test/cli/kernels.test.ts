// `cowlab kernels` on a root command set up as main.ts sets it up (cowlab's own -V/--version,
// errors thrown instead of exiting): the eras, one version's knobs, JSON, and bad versions.
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { register } from "../../src/cli/commands/kernels.js";
import { ERAS, KNOB_NAMES, RECORDS, policyFor } from "../../src/history/index.js";

interface Run {
  readonly out: string;
  readonly err: string;
  readonly code: number;
}

/** Runs `cowlab <argv>` with only the kernels verb registered. */
async function run(...argv: string[]): Promise<Run> {
  let out = "";
  let err = "";
  let code = 0;
  const ctx: CliContext = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    setExitCode: (c) => void (code = Math.max(code, c)),
  };
  const root = new Command("cowlab").version("9.9.9-cowlab", "-V, --version", "print the version of cowlab");
  register(root, ctx);
  for (const cmd of [root, ...root.commands]) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (t) => void (out += t), writeErr: (t) => void (err += t) });
  }
  try {
    await root.parseAsync(argv, { from: "user" });
  } catch (e) {
    code = Math.max(code, (e as { exitCode?: number }).exitCode === 0 ? 0 : 2);
  }
  return { out, err, code };
}

describe("kernels", () => {
  it("prints every era with its range and every record, and exits 0", async () => {
    const r = await run("kernels");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    for (const e of ERAS) expect(r.out).toContain(`Era ${e.letter}  `);
    for (const rec of RECORDS) expect(r.out).toContain(rec.title);
    for (const rec of RECORDS.filter((x) => x.id !== "")) expect(r.out).toContain(rec.id);
    expect(r.out).toContain("Era D  5.9..5.17  page_count world");
    expect(r.out).toContain("sets: clearRefsSkipsPinned=true");
  });

  it("prints the same bytes on every run", async () => {
    expect((await run("kernels")).out).toBe((await run("kernels")).out);
    expect((await run("kernels", "--json", "--version", "5.10")).out).toBe((await run("kernels", "--json", "--version", "5.10")).out);
  });

  it("shows a version's era and every knob with the record that set it", async () => {
    const r = await run("kernels", "--version", "5.11");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Linux 5\.11: era D \(5\.9\.\.5\.17\), page_count world\n/);
    for (const k of KNOB_NAMES) expect(r.out).toMatch(new RegExp(`^${k} `, "m"));
    expect(r.out).toMatch(/^clearRefsSkipsPinned +true +5\.11 +9348b73c2e1b +mm: don't play games/m);
    expect(r.out).toMatch(/^anonExclusive +false +baseline \(4\.4\)$/m);
  });

  it("takes --version as a kernel, not as cowlab's own version", async () => {
    const r = await run("kernels", "--version", "6.18");
    expect(r.out).not.toContain("9.9.9-cowlab");
    expect(r.out).toContain("Linux 6.18: era I (6.15..)");
    expect((await run("--version")).out).toContain("9.9.9-cowlab");
  });

  it("keeps MAJOR.MINOR of a stable or distribution version", async () => {
    const r = await run("kernels", "--version", "5.10.89-generic");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Linux 5.10: era D (5.9..5.17)");
  });

  it("prints the history as JSON", async () => {
    const r = await run("kernels", "--json");
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out) as { eras: { era: string; records: { id: string }[] }[]; baseline: { version: string } };
    expect(data.eras.map((e) => e.era)).toEqual(ERAS.map((e) => e.letter));
    expect(data.eras.flatMap((e) => e.records)).toHaveLength(RECORDS.length);
    expect(data.baseline.version).toBe("4.4");
  });

  it("prints one version as JSON with each knob's value and setter", async () => {
    const r = await run("kernels", "--json", "--version", "5.10");
    const data = JSON.parse(r.out) as {
      version: string;
      era: { era: string };
      knobs: { knob: string; value: unknown; setBy: { id: string } | null }[];
    };
    expect(data.version).toBe("5.10");
    expect(data.era.era).toBe("D");
    const policy = policyFor({ major: 5, minor: 10 });
    expect(data.knobs.map((k) => k.knob)).toEqual([...KNOB_NAMES]);
    for (const k of data.knobs) expect(k.value).toBe(policy[k.knob as (typeof KNOB_NAMES)[number]]);
    expect(data.knobs.find((k) => k.knob === "smallPageReuse")?.setBy?.id).toBe("09854ba94c6a");
    expect(data.knobs.find((k) => k.knob === "clearRefsSkipsPinned")?.setBy).toBeNull();
  });

  it.each([["9.9"], ["4.3"], ["6.19"], ["foo"], [""], ["5"], ["5.10\u001b[31m"]])(
    "exits 2 with a one-line message and no stack trace for --version %j",
    async (bad) => {
      const r = await run("kernels", "--version", bad);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(/^error: .*\nhint: run `cowlab kernels`/);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.err).not.toContain("\u001b");
    },
  );

  it("names the modelled versions when a version is not modelled", async () => {
    const r = await run("kernels", "--version", "7.1");
    expect(r.err).toContain("kernel `7.1` is not modelled (cowlab models 4.4..4.20, 5.0..5.19, 6.0..6.18)");
  });
});
