import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli as cowlab } from "../helpers/cli.js";
import { distinctPolicies } from "../../src/history/index.js";
import { S4 } from "../helpers/s4.js";

const CLOSING = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;

let dir = "";
const path = (...parts: string[]): string => join(dir, ...parts);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cowlab-test-"));
  mkdirSync(path("good"));
  writeFileSync(path("good", "s4.cow"), S4);
  writeFileSync(path("good", "late.cow"), `kernels 5.9..\n${S4.replace(", B on ..5.7", "")}`);
  mkdirSync(path("mixed"));
  writeFileSync(path("mixed", "s4.cow"), S4);
  writeFileSync(path("mixed", "wrong.cow"), S4.replace("A, B on ..5.7", "A"));
  writeFileSync(path("mixed", "huge.cow"), "kernels 6.0..\np: mmap buf 512 rw hugetlb\np: write buf[0] A\n");
  writeFileSync(path("mixed", "bad.cow"), "p: mmap buf 1 rw\np: wirte buf[0] A\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const lastLine = (text: string): string => text.trimEnd().split("\n").at(-1) ?? "";

describe("cowlab test", () => {
  it("passes every scenario on every group, ending with the count line, exit 0", async () => {
    const r = await cowlab("test", path("good"));
    const groups = distinctPolicies().length;
    const later = distinctPolicies().filter((g) => g.to.major > 5 || (g.to.major === 5 && g.to.minor >= 9)).length;
    expect(r.code).toBe(0);
    expect(lastLine(r.out)).toBe(`${groups + later} passed, 0 failed, 0 skipped`);
    const rows = r.out.split("\n").filter((l) => /^(late|s4) /.test(l));
    expect(rows[0]).toMatch(/^late +(· +){9}ok/);
    // S4 holds its expectations everywhere, and shows the CVE-2020-29374 leak up to 5.7.
    const leaking = distinctPolicies().filter((g) => g.to.major < 5 || (g.to.major === 5 && g.to.minor <= 7)).length;
    expect(rows[1]?.split(/ +/).slice(1)).toEqual([...Array(leaking).fill("MC"), ...Array(groups - leaking).fill("ok")]);
  });

  it("prints a matrix that fits 100 columns, with a legend for every column", async () => {
    const r = await cowlab("test", path("good"));
    expect(Math.max(...r.out.split("\n").map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(r.out).toMatch(/^columns: A=4\.4\.\.4\.8 +B1=4\.9\.\./);
    expect(r.out).toContain("cells:   ok every expectation held and the kernel agreed with the ideal machine");
    expect(r.out).toContain("F12 failed (first at line 12)");
    expect(r.out).toMatch(/\nscenario +A +B1 +B2 /);
  });

  it("shows failures, skips and files with errors, and exits 1", async () => {
    const r = await cowlab("test", path("mixed"));
    expect(r.code).toBe(1);
    const groups = distinctPolicies();
    const leaking = groups.filter((g) => g.to.major === 4 || (g.to.major === 5 && g.to.minor <= 7)).length;
    const [, passed, failed, skipped] = CLOSING.exec(lastLine(r.out)) ?? [];
    // wrong.cow fails where the kernel leaks; bad.cow counts once; huge.cow skips on 6.x.
    expect([Number(passed), Number(failed), Number(skipped)])
      .toEqual([2 * groups.length - leaking, leaking + 1, groups.filter((g) => g.from.major === 6).length]);
    expect(r.out).toMatch(/\nwrong +F7 +F7 /);
    expect(r.out).toMatch(/\nbad +ERR +ERR /);
    expect(r.out).toMatch(/\nhuge +· .* sk +sk/);
    expect(r.out).toContain([
      `FAIL ${path("mixed", "wrong.cow")}:7 on 4.4..4.8 (era A)`,
      "  c: read pipe1 expect A",
      "  expected A, observed B",
      "  missed-cow: the read of pipe1 showed B",
    ].join("\n"));
    expect(r.out).toContain(`FAIL ${path("mixed", "bad.cow")}: the file has errors`);
    expect(r.out).toContain(`skip ${path("mixed", "huge.cow")} on 6.0..6.18: line 2 needs hugetlb mappings`);
    expect(r.err).toMatch(/bad\.cow:2:4: error\[COW\d+\]/);
  });

  it("tests only the kernels in --kernel and marks the rest out of range", async () => {
    const r = await cowlab("test", path("good"), "--kernel", "5.4..5.10");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nscenario +B1 +B2 +B3 +C +D\n/);
    expect(r.out).toMatch(/^columns: B1=5\.4\.\.5\.5  B2=5\.6  B3=5\.7  C=5\.8  D=5\.9\.\.5\.10\n/);
    expect(r.out).toMatch(/\nlate +· +· +· +· +ok\n/);
    expect(lastLine(r.out)).toBe("6 passed, 0 failed, 0 skipped");
  });

  it("refuses a malformed or empty kernel range with exit 2", async () => {
    for (const range of ["5.9..5.4", "5..6", "5.4...5.9", "9.1.."]) {
      const r = await cowlab("test", path("good"), "--kernel", range);
      expect([range, r.code, r.out]).toEqual([range, 2, ""]);
      expect(r.err).toMatch(/^error: /);
    }
  });
});
