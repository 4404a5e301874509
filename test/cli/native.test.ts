// The native command's options, usage errors and output format, on a fake host without gcc
// (every scenario skips, nothing runs on the kernel: real runs live in test/native/native.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import type { NativeDeps } from "../../src/cli/commands/native.js";
import { cFileName, defaultNativeDeps, formatResult, formatTiming, registerNative } from "../../src/cli/commands/native.js";
import type { CliContext } from "../../src/cli/context.js";
import type { HostInfo } from "../../src/native/host.js";
import { HOST_INFO_618 } from "../native/hostFacts.js";

const dir = mkdtempSync(join(tmpdir(), "cowlab-native-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const NO_GCC: HostInfo = { ...HOST_INFO_618, gcc: null };

async function native(args: readonly string[], host: HostInfo = NO_GCC): Promise<{ out: string; err: string; code: number }> {
  let out = "";
  let err = "";
  let code = 0;
  const ctx: CliContext = { out: (t) => void (out += t), err: (t) => void (err += t), setExitCode: (c) => void (code = Math.max(code, c)) };
  const deps: NativeDeps = { ...defaultNativeDeps, detectHost: () => host };
  const root = new Command("cowlab").exitOverride();
  registerNative(root, ctx, deps);
  await root.parseAsync(["native", ...args], { from: "user" });
  return { out, err, code };
}

const lastLine = (text: string): string => text.trimEnd().split("\n").at(-1) ?? "";

describe("native command", () => {
  it("prints the host, a verdict per scenario, the timing, and the counts line last", async () => {
    const a = file("a.cow", "p: mmap buf 1 rw\np: write buf[0] A\np: read buf[0] expect A\n");
    const r = await native([a]);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^host: Linux 6\.18\.44-fc-v657 x86_64 \(modelled as 6\.18\), root, no gcc,/);
    expect(lines[1]).toBe("model: 6.18");
    expect(lines[2]).toBe(`skip      ${a}: gcc is not installed`);
    expect(lines[3]).toMatch(/^1 scenarios in \d+\.\d\d s \([\d.]+ scenarios\/s\): model 0\.00 s, compile 0\.00 s, run 0\.00 s$/);
    expect(lastLine(r.out)).toBe("0 passed, 0 failed, 1 skipped");
    expect(r.code).toBe(0);
  });

  it("counts a file with errors as failed and exits 1", async () => {
    const bad = file("bad.cow", "p: mmapp buf 1 rw\n");
    const r = await native([bad]);
    expect(r.err).toContain("error[COW103]");
    expect(lastLine(r.out)).toBe("0 passed, 1 failed, 0 skipped");
    expect(r.code).toBe(1);
  });

  it("asks for --kernel when the host's version is not modelled", async () => {
    const a = file("b.cow", "p: mmap buf 1 rw\n");
    const r = await native([a], { ...NO_GCC, release: "7.3.1", version: { major: 7, minor: 3 }, modelled: false });
    expect(r.code).toBe(2);
    expect(r.err).toContain("the host kernel `7.3.1` is not a modelled version; pass --kernel V");
    const ok = await native([a, "--kernel", "6.12"], { ...NO_GCC, release: "7.3.1", version: { major: 7, minor: 3 }, modelled: false });
    expect(ok.out).toContain("model: 6.12\n");
    expect(ok.code).toBe(0);
  });

  it("rejects --random without --seed, and no paths without --random", async () => {
    expect((await native(["--random", "10"])).code).toBe(2);
    expect((await native(["--random", "10"])).err).toContain("--random needs --seed");
    expect((await native(["--random", "x", "--seed", "1"])).err).toContain("--random takes a whole number of at least 1");
    expect((await native([])).err).toContain("give scenario files or directories, or --random N --seed S");
  });

  it("runs random scenarios by seed and prints the counts line", async () => {
    const r = await native(["--random", "3", "--seed", "7"]);
    expect(lastLine(r.out)).toBe("0 passed, 0 failed, 3 skipped");
    expect(r.code).toBe(0);
  });

  it("names kept C files after the scenario", () => {
    expect(cFileName(2, "scenarios/vmsplice/unmap-in-child.cow")).toBe("003-unmap-in-child");
    expect(cFileName(0, "odd name!.cow")).toBe("001-odd_name_");
  });

  it("formats a disagreement with each line's two sides, and the timing with a rate", () => {
    const text = formatResult("x.cow", {
      verdict: { kind: "disagree", mismatches: [{ line: 9, text: "c: read pipe1", model: "A", kernel: "B" }] },
      timing: { model: 0, compile: 0, run: 0 }, cFile: null,
    });
    expect(text).toBe("disagree  x.cow\n  line 9 `c: read pipe1`: model said A; kernel said B\n");
    expect(formatTiming(10, 2, { model: 0.1, compile: 1, run: 0.5 })).toBe(
      "10 scenarios in 2.00 s (5.0 scenarios/s): model 0.10 s, compile 1.00 s, run 0.50 s\n");
  });
});
