import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerParse, countLines, defaultScenarioFileDeps, type ScenarioFileDeps } from "../../src/cli/commands/parse.js";
import { registerFmt, type FmtDeps } from "../../src/cli/commands/fmt.js";
import { formatCliError, formatDiagnostic, formatDiagnostics } from "../../src/cli/formatDiagnostic.js";
import { runCommand } from "../helpers/cli.js";
import { DIAGNOSTICS } from "../../src/scenario/diagnostics.js";
import { loadScenario } from "../../src/scenario/load.js";

const dir = mkdtempSync(join(tmpdir(), "cowlab-parse-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}


const parse = (args: readonly string[], deps?: ScenarioFileDeps) => runCommand((r, c) => registerParse(r, c, deps), ["parse", ...args]);

const GOOD = "p: mmap buf 1 rw\np: write buf[0] A\np: read buf expect A\n";

describe("parse", () => {
  it("prints one ok line per clean file to stdout and exits 0", async () => {
    const a = file("good/a.cow", GOOD);
    const b = file("good/sub/b.cow", "# only a comment\n");
    const r = await parse([join(dir, "good")]);
    expect(r).toEqual({ out: `ok  ${a} (3 lines, 3 steps)\nok  ${b} (1 lines, 0 steps)\n`, err: "", code: 0 });
  });

  it("prints every error of every file to stderr and exits 1", async () => {
    const bad1 = file("bad/1.cow", "p: wrte buf[0] A\np: mmap buf 0 rw\n");
    const bad2 = file("bad/2.cow", "kernel: mmap x 1 rw\n");
    const good = file("bad/3.cow", GOOD);
    const r = await parse([bad1, bad2, good]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`ok  ${good} (3 lines, 3 steps)\n`);
    expect(r.err).toContain(`${bad1}:1:4: error[COW103]: Unknown verb \`wrte\``);
    expect(r.err).toContain(`${bad1}:2:13: error[COW218]`);
    expect(r.err).toContain("2 errors\n");
    expect(r.err).toContain(`${bad2}:1:9: error[COW214]`);
    expect(r.err).toContain("1 error\n");
  });

  it("reports a missing path clearly, without a stack trace, and still checks the others", async () => {
    const good = file("m/ok.cow", GOOD);
    const r = await parse([join(dir, "nope.cow"), good]);
    expect(r.err).toBe(formatCliError("COW301", `No such file or directory: \`${join(dir, "nope.cow")}\``));
    expect(r.out).toContain("ok  ");
    expect(r.code).toBe(1);
  });

  it("reports a directory without scenarios", async () => {
    mkdirSync(join(dir, "empty"), { recursive: true });
    const r = await parse([join(dir, "empty")]);
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toBe(formatCliError("COW303", `No \`.cow\` files under \`${join(dir, "empty")}\``));
  });

  it("reports a path that is not a regular file", async () => {
    const fifo = join(dir, "fifo.cow");
    execFileSync("mkfifo", [fifo]);
    const r = await parse([fifo]);
    expect(r.err).toBe(formatCliError("COW302", `Cannot read \`${fifo}\`: not a regular file`));
    expect(r.code).toBe(1);
  });

  it("reports a crash of the loader as an internal error with exit code 3 and goes on", async () => {
    const a = file("crash/a.cow", GOOD);
    const b = file("crash/b.cow", GOOD);
    const deps: ScenarioFileDeps = {
      ...defaultScenarioFileDeps,
      load: (text, f) => {
        if (f === a) throw new Error("boom");
        return loadScenario(text, f);
      },
    };
    const r = await parse([a, b], deps);
    expect(r.err).toBe(formatCliError("COW900", `internal error while reading \`${a}\`: boom`, "this is a bug in cowlab: please report it with the file"));
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    expect(r.out).toBe(`ok  ${b} (3 lines, 3 steps)\n`);
    expect(r.code).toBe(3);
  });

  it("triggers every command-line code of the catalog, with the message its entry shows", async () => {
    const seen = new Map<string, string>();
    const collect = (text: string): void => {
      for (const m of text.matchAll(/^error\[(COW\d+)\]: (.*)$/gm)) seen.set(m[1] ?? "", m[2] ?? "");
    };
    const failingWrite: FmtDeps = { ...defaultScenarioFileDeps, write: () => { throw new Error("EACCES: permission denied"); } };
    mkdirSync(join(dir, "codes-empty"), { recursive: true });
    const crash: ScenarioFileDeps = { ...defaultScenarioFileDeps, load: () => { throw new Error("boom"); } };
    const fifo = join(dir, "codes.cow");
    execFileSync("mkfifo", [fifo]);
    for (const r of [
      await parse([join(dir, "missing.cow")]),
      await parse([fifo]),
      await parse([join(dir, "codes-empty")]),
      await runCommand((root, c) => registerFmt(root, c), ["fmt", file("codes-bad.cow", "p: wrte x\n")]),
      await runCommand((root, c) => registerFmt(root, c, failingWrite), ["fmt", file("codes-ugly.cow", "p:exit\n")]),
      await parse([file("codes-crash.cow", GOOD)], crash),
    ]) collect(r.err);
    const cliCodes = Object.values(DIAGNOSTICS).filter((i) => i.code >= "COW300");
    expect([...seen.keys()].sort()).toEqual(cliCodes.map((i) => i.code));
    for (const info of cliCodes) {
      // The example's file name and exception text stand for whatever this run used.
      const pattern = (info.exampleMessage ?? "")
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace(/`[^`]*`/g, "`[^`]+`")
        .replace("<the exception>", ".+");
      expect(seen.get(info.code), info.code).toMatch(new RegExp(`^${pattern}$`));
    }
  });

  it("counts lines as an editor does", () => {
    expect([countLines(""), countLines("a"), countLines("a\n"), countLines("a\nb"), countLines("\n\n")]).toEqual([0, 1, 1, 2, 2]);
  });
});

describe("formatDiagnostic", () => {
  const text = "p: mmap buf 2 rw\np: write buf[5] B\n";
  const r = loadScenario(text, "x.cow");
  const d = r.ok ? undefined : r.diagnostics[0];

  it("renders location, code, source line, caret, hint and note", () => {
    if (d === undefined) throw new Error("expected a diagnostic");
    expect(formatDiagnostic(d, text, "x.cow")).toBe([
      "x.cow:2:14: error[COW208]: Page 5 is outside region `buf` of 2 pages",
      "  |",
      "2 | p: write buf[5] B",
      "  |              ^",
      "  = hint: pages are numbered from 0 to 1",
      "  = note: `buf` is defined here with 2 pages x.cow:1:9",
    ].join("\n"));
  });

  it("renders the expected line and a caret at the end of a line that ends early", () => {
    const t = "p: mmap buf 1";
    const r2 = loadScenario(t, "y.cow");
    const e = r2.ok ? undefined : r2.diagnostics[0];
    if (e === undefined) throw new Error("expected a diagnostic");
    expect(formatDiagnostic(e, t, "y.cow").split("\n").slice(0, 5)).toEqual([
      "y.cow:1:14: error[COW105]: Expected a protection (`rw`, `ro`, `none`), found the end of the line",
      "  |",
      "1 | p: mmap buf 1",
      "  |              ^",
      "  = expected: `p: mmap NAME PAGES PROT [shared] [hugetlb] [file=F]`",
    ]);
  });

  it("keeps tabs in the caret line so the caret stays under the token", () => {
    const t = "p:\tmmap\tbuf 1 rwx";
    const r2 = loadScenario(t, "t.cow");
    const e = r2.ok ? undefined : r2.diagnostics[0];
    if (e === undefined) throw new Error("expected a diagnostic");
    expect(formatDiagnostic(e, t, "t.cow").split("\n")[3]).toBe("  |   \t    \t      ^^^");
  });

  it("widens the gutter for multi-digit line numbers and sums up the count", () => {
    const t = "\n".repeat(11) + "p: wrte\np: exit now\n";
    const r2 = loadScenario(t, "g.cow");
    const list = r2.ok ? [] : r2.diagnostics;
    const s = formatDiagnostics(list, t, "g.cow");
    expect(s).toContain("12 | p: wrte\n   |    ^^^^\n");
    expect(s.endsWith("\n\n2 errors\n")).toBe(true);
    expect(formatDiagnostics([], t, "g.cow")).toBe("");
  });
});
