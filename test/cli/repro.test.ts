import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerRepro } from "../../src/cli/commands/repro.js";
import { runCommand } from "../helpers/cli.js";
import { S4_TITLED } from "../helpers/s4.js";

const dir = mkdtempSync(join(tmpdir(), "cowlab-repro-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const repro = (args: readonly string[]) => runCommand(registerRepro, ["repro", ...args]);

const CVE = S4_TITLED;

describe("repro command", () => {
  it("prints the C program with the scenario's lines as comments and the command in its header", async () => {
    const path = file("cve.cow", CVE);
    const r = await repro([path]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain(`written by: cowlab repro ${path}`);
    expect(r.out).toContain("/* line 8: c: read pipe1 expect A, B on ..5.7 */\n\twait_turn(8);\n\top_pipe_read(8, PIPE_pipe1);");
    expect(r.out).toContain("int main(void)");
  });

  it("writes the file given with -o and prints nothing", async () => {
    const path = file("cve2.cow", CVE);
    const out = join(dir, "repro.c");
    const r = await repro([path, "-o", out]);
    expect(r).toEqual({ out: "", err: "", code: 0 });
    expect(readFileSync(out, "utf8")).toContain(`written by: cowlab repro ${path} -o ${out}`);
  });

  it("refuses a line no user-space program can do, naming it", async () => {
    const path = file("huge.cow", "p: mmap huge 512 rw hugetlb\np: write huge[0] A\n");
    const r = await repro([path]);
    expect(r).toEqual({ out: "", err: `error: ${path}:1: this line cannot run natively: hugetlb mappings are not modelled\n`, code: 1 });
  });

  it("reports a missing file and a file with errors like the other commands", async () => {
    const missing = await repro([join(dir, "nope.cow")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("error[COW301]");
    const bad = await repro([file("bad.cow", "p: mmapp buf 1 rw\n")]);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe("");
    expect(existsSync(join(dir, "bad.c"))).toBe(false);
  });
});
