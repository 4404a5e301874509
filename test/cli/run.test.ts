import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli as cowlab } from "../helpers/cli.js";
import { TraceSchema } from "../../src/run/index.js";
import { S4_TITLED } from "../helpers/s4.js";

const S4 = S4_TITLED;

let dir = "";
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cowlab-run-"));
  writeFileSync(file("s4.cow"), S4);
  writeFileSync(file("wrong.cow"), S4.replace("A, B on ..5.7", "B"));
  writeFileSync(file("bad.cow"), "p: mmap buf 1 rw\np: wirte buf[0] A\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe("cowlab run", () => {
  it("prints every line with its events, changes and verdict, and exits 0 when all is well", async () => {
    const r = await cowlab("run", file("s4.cow"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^.*s4\.cow "vmsplice \+ unmap in child"\nkernel 6\.18 \(era [A-I]\)\n/);
    expect(r.out).toContain("L7    p: write buf[0] B");
    expect(r.out).toMatch(/copy +do_wp_page/);
    expect(r.out).toMatch(/pte    p buf\[0\]: pfn \d+ d sd -> pfn \d+ w d sd/);
    expect(r.out).toContain("holder pipe pipe1: none -> [");
    expect(r.out).toContain("expect A: ok");
    expect(r.out.trimEnd().split("\n").slice(-3)).toEqual([
      "divergences: none",
      expect.stringMatching(/^copies: 1 \(0 unnecessary\), faults: \d+$/),
      "expectations: 1 checked, all held",
    ]);
  });

  it("shows a divergence with its class and why, and exits 1", async () => {
    const r = await cowlab("run", file("s4.cow"), "--kernel", "5.4");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ideal  MISSED-COW: the read of pipe1 showed B, the ideal allows A: do_wp_page.*09854ba94c6a in 5\.9\)/);
    expect(r.out).toContain("divergences: 1 (missed-cow 1)");
  });

  it("exits 1 on a failed expectation and names the first one", async () => {
    const r = await cowlab("run", file("wrong.cow"), "--kernel", "5.10");
    expect(r.code).toBe(1);
    expect(r.out).toContain("expect B: FAILED, observed A");
    expect(r.out).toContain("expectations: 1 of 1 failed; first at line 8: expected B, observed A");
  });

  it("writes the trace as JSON that the trace schema accepts", async () => {
    const r = await cowlab("run", file("s4.cow"), "--kernel", "5.4", "--json");
    expect(r.code).toBe(1);
    const parsed = TraceSchema.safeParse(JSON.parse(r.out));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.summary.divergences["missed-cow"]).toBe(1);
    expect(parsed.data?.kernel).toEqual({ major: 5, minor: 4 });
  });

  it("refuses a kernel version it does not model with exit 2", async () => {
    const r = await cowlab("run", file("s4.cow"), "--kernel", "7.3");
    expect([r.code, r.out]).toEqual([2, ""]);
    expect(r.err).toContain("error: kernel `7.3` is not modelled (cowlab models 4.4..4.20, 5.0..5.19, 6.0..6.18)");
    const junk = await cowlab("run", file("s4.cow"), "--kernel", "five");
    expect(junk.code).toBe(2);
    expect(junk.err).toContain("`five` is not a kernel version");
  });

  it("prints a bad file's diagnostics and runs nothing", async () => {
    const r = await cowlab("run", file("bad.cow"));
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/bad\.cow:2:4: error\[COW\d+\]/);
    const missing = await cowlab("run", file("missing.cow"));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("error[COW301]");
  });

  it("notes a kernel outside the scenario's header and runs it anyway", async () => {
    writeFileSync(file("late.cow"), `kernels 5.5..5.8\n${S4}`);
    const r = await cowlab("run", file("late.cow"), "--kernel", "5.10");
    expect(r.err).toBe("note: 5.10 is outside the scenario's kernels 5.5..5.8\n");
    expect(r.out).toContain("kernel 5.10");
  });
});
