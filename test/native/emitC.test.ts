import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asPid, asPinId } from "../../src/kernel/ids.js";
import { emitC } from "../../src/native/emitC.js";
import { emitBytecode } from "../../src/native/bytecode.js";
import { C_INTERPRETER } from "../../src/native/cInterpreter.js";
import { A, B, ProgramBuilder, basicCow, cve202029374, iouringFork } from "./programs.js";
import { hasGcc } from "./hostFacts.js";

const dir = mkdtempSync(join(tmpdir(), "cowlab-emitc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPTIONS = { command: "cowlab repro test.cow" };

function c(program = cve202029374()): string {
  const r = emitC(program, OPTIONS);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.c;
}

/** Compiles source with the flags the header names; returns gcc's stderr ("" when clean). */
function compile(name: string, source: string): string {
  const file = join(dir, `${name}.c`);
  writeFileSync(file, source);
  try {
    execFileSync("gcc", ["-O2", "-Wall", "-Werror", "-o", join(dir, name), file], { stdio: ["ignore", "pipe", "pipe"] });
    return "";
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

describe("emitC", () => {
  it("puts every scenario line as a comment above the call that does it", () => {
    for (const program of [cve202029374(), basicCow(), iouringFork()]) {
      const text = c(program);
      for (const step of program.steps) {
        const at = text.indexOf(`\t/* line ${step.line}: ${step.text} */\n\twait_turn(${step.line});\n`);
        expect(at, step.text).toBeGreaterThan(0);
      }
    }
  });

  it("writes a header with the scenario title and the cowlab command that produced it", () => {
    const text = c();
    expect(text.startsWith("/*\n * cowlab scenario: vmsplice + unmap in child must not leak")).toBe(true);
    expect(text).toContain("written by: cowlab repro test.cow");
    expect(text).toContain("gcc -O2 -Wall -Werror");
  });

  it("writes one function per process and starts only independent ones from the controller", () => {
    const text = c(iouringFork());
    expect(text).toContain("static void proc_p(void)\n{");
    expect(text).toContain("static void proc_c(void)\n{");
    expect(text).toContain('{ "p", proc_p, 1 },\n\t{ "c", proc_c, 0 },');
    expect(text).toContain("op_fork(8, P_c, proc_c);");
  });

  it("lists the turns in the scenario's order with fork and exit marked", () => {
    const text = c(basicCow());
    const turns = text.slice(text.indexOf("TURNS[] = {"));
    expect(turns).toContain("{ 7, P_p, TURN_FORK, P_c, NULL }, /* p: fork c */");
    expect(turns).toContain("{ 15, P_c, TURN_EXIT, 0, NULL }, /* c: exit */");
    expect(turns.indexOf("{ 4,")).toBeLessThan(turns.indexOf("{ 16,"));
  });

  it("unregisters a ring before its last holder exits, not while a child still holds it", () => {
    const held = c(iouringFork());
    expect(held).not.toContain("ring_release(RING_ring);");
    const alone = new ProgramBuilder("ring then exit", [], ["ring"])
      .mmap("p", "buf", 1).write("p", "buf", 0, A).register("p", "buf", "ring").fork("p", "c").exit("c").exit("p").build();
    const text = c(alone);
    expect(text).toContain("\tring_release(RING_ring); /* the ring's last holder exits */\n\top_exit(9);");
    expect(text.match(/ring_release\(RING_ring\)/g)).toHaveLength(1);
  });

  it("says which line cannot run natively and why", () => {
    const b = new ProgramBuilder("pin write").mmap("p", "buf", 1);
    const pid = b.pid("p");
    b.add("p: pin buf[0] rw longterm pn", { kind: "pin", pid, vpn: 0, write: true, longterm: true, get: false, pin: asPinId(0) });
    b.add("p: write pn B", { kind: "pin-write", pid, pin: asPinId(0), value: B });
    expect(emitC(b.build(), OPTIONS)).toEqual({ ok: false, line: 6, reason: "gup_test cannot write through a pin" });
    const m = new ProgramBuilder("migrate").mmap("p", "buf", 1);
    m.add("kernel: migrate p buf[0]", { kind: "migrate", pid: asPid(1), vpn: 0 });
    const r = emitC(m.build(), OPTIONS);
    expect(r.ok === false && r.reason.startsWith("kernel: migrate has no native trigger")).toBe(true);
  });

  it("keeps comment text from closing its comment", () => {
    const p = { ...cve202029374(), title: "a */ b" };
    expect(c(p)).toContain(" * cowlab scenario: a * / b\n");
  });

  it("gives the same text for the same program", () => {
    expect(c(basicCow())).toBe(c(basicCow()));
  });

  it("writes bytecode with the same calls as the C", () => {
    const bc = emitBytecode(iouringFork());
    expect(bc.ok).toBe(true);
    if (!bc.ok) return;
    expect(bc.text).toContain("proc p 1\nproc c 0\nregion buf 1\npipes 0\ngup 0\n");
    expect(bc.text).toContain("turn 8 0 TURN_FORK 1\ncall op_fork 8 1\n");
    expect(bc.text).toContain("call op_mmap 4 0 PROT_READ|PROT_WRITE MAP_PRIVATE\n");
    const text = c(iouringFork());
    const cCalls = [...text.matchAll(/\t(op_[a-z_]+)\(/g)].map((m) => m[1]);
    const bcCalls = [...bc.text.matchAll(/^call (op_[a-z_]+)/gm)].map((m) => m[1]);
    expect(bcCalls.sort()).toEqual(cCalls.sort());
  });

  it.skipIf(!hasGcc)("compiles with gcc -O2 -Wall -Werror (gcc present)", () => {
    expect(compile("cve", c(cve202029374()))).toBe("");
    expect(compile("basic", c(basicCow()))).toBe("");
    expect(compile("ring", c(iouringFork()))).toBe("");
    expect(compile("interpreter", C_INTERPRETER)).toBe("");
  });
});
