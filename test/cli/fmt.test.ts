import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerFmt } from "../../src/cli/commands/fmt.js";
import { defaultScenarioFileDeps } from "../../src/cli/commands/parse.js";
import { runCommand } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "cowlab-fmt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UGLY = "# keep me\n\n\np:mmap  buf 1 rw   # map\np:  write buf[0]  0x41\n\n";
const PRETTY = "# keep me\n\np: mmap buf 1 rw  # map\np: write buf[0] 0x41\n";

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}


const fmt = (args: readonly string[]) => runCommand((root, ctx) => registerFmt(root, ctx), ["fmt", ...args]);

describe("fmt", () => {
  it("rewrites files that are not canonical and reports each", async () => {
    const path = file("ugly.cow", UGLY);
    const r = await fmt([path]);
    expect(r).toEqual({ out: `formatted ${path}\n`, err: "", code: 0 });
    expect(readFileSync(path, "utf8")).toBe(PRETTY);
  });

  it("leaves canonical files untouched", async () => {
    const path = file("pretty.cow", PRETTY);
    const before = statSync(path).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const r = await fmt([path]);
    expect(r).toEqual({ out: "", err: "", code: 0 });
    expect(statSync(path).mtimeMs).toBe(before);
  });

  it("lists files that would change with --check, writes nothing and exits 1", async () => {
    const ugly = file("check-ugly.cow", UGLY);
    const pretty = file("check-pretty.cow", PRETTY);
    const r = await fmt(["--check", ugly, pretty]);
    expect(r).toEqual({ out: `${ugly}\n`, err: "", code: 1 });
    expect(readFileSync(ugly, "utf8")).toBe(UGLY);
  });

  it("refuses to format a file with errors and prints them", async () => {
    const bad = "p:  wrte buf[0] A\n";
    const path = file("bad.cow", bad);
    const r = await fmt([path]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path}:1:5: error[COW103]`);
    expect(r.err).toContain(`error[COW304]: Not formatting \`${path}\`: it has 1 error`);
    expect(readFileSync(path, "utf8")).toBe(bad);
  });

  it("reports a file it cannot write", async () => {
    const path = file("readonly.cow", UGLY);
    const r = await runCommand(
      (root, ctx) => registerFmt(root, ctx, { ...defaultScenarioFileDeps, write: () => { throw new Error("EACCES: permission denied"); } }),
      ["fmt", path],
    );
    expect(r.err).toBe(`error[COW305]: Cannot write \`${path}\`: EACCES: permission denied\n`);
    expect(r.code).toBe(1);
  });

  it("reports missing paths like parse", async () => {
    const r = await fmt([join(dir, "missing.cow")]);
    expect(r.err).toContain("error[COW301]");
    expect(r.code).toBe(1);
  });
});
