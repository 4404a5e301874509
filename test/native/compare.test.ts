import { describe, expect, it } from "vitest";
import { policyFor } from "../../src/history/index.js";
import { compareRun } from "../../src/native/compare.js";
import { parseRunOutput } from "../../src/native/observation.js";
import { runProgram } from "../../src/run/index.js";
import type { Program } from "../../src/scenario/program.js";
import { A, B, ProgramBuilder, basicCow, cve202029374 } from "./programs.js";

const policy = policyFor({ major: 6, minor: 18 });
const OPTIONS = { softDirty: false };

/** Compares a program's model trace with kernel output given as `line: observation` pairs. */
function compare(program: Program, kernel: readonly (readonly [number, string])[], ended = true) {
  const trace = runProgram(program, policy);
  const stdout = kernel.map(([l, o]) => `line ${l}: observed ${o}`).join("\n") + (ended ? "\nend\n" : "\n");
  return compareRun(program, trace, parseRunOutput(stdout), OPTIONS);
}

const CVE_ON_618: readonly (readonly [number, string])[] = [[4, "ok"], [5, "ok"], [6, "ok"], [7, "ok"], [8, "ok"], [9, "ok"], [10, "A"]];

/** basicCow as this host prints it (PFNs as seen here). */
const BASIC_ON_618: readonly (readonly [number, string])[] = [
  [4, "ok"], [5, "ok"], [6, "frame 1405681"], [7, "ok"], [8, "frame 1405681"], [9, "flags present,!swapped,!exclusive,!soft-dirty"],
  [10, "ok"], [11, "frame 1351350"], [12, "A"], [13, "B"], [14, "0"], [15, "ok"], [16, "flags present,!swapped,exclusive,!soft-dirty"],
];

describe("compare", () => {
  it("agrees when the kernel shows what the model predicts", () => {
    expect(compare(cve202029374(), CVE_ON_618)).toEqual([]);
    expect(compare(basicCow(), BASIC_ON_618)).toEqual([]);
  });

  it("reports a value the model did not predict, with both sides", () => {
    const leaked = CVE_ON_618.map(([l, o]) => [l, l === 10 ? "B" : o] as const);
    expect(compare(cve202029374(), leaked)).toEqual([{ line: 10, text: "c: read pipe1", model: "A", kernel: "B" }]);
  });

  it("compares pagemap flags but not soft-dirty on a host without it", () => {
    const flipped = BASIC_ON_618.map(([l, o]) => [l, l === 9 ? "flags present,!swapped,exclusive,soft-dirty" : o] as const);
    expect(compare(basicCow(), flipped)).toEqual([
      { line: 9, text: "c: pagemap buf[0]", model: "present !swapped !exclusive", kernel: "present !swapped exclusive" },
    ]);
  });

  it("compares frames as a relation, never as raw PFNs", () => {
    const renumbered = BASIC_ON_618.map(([l, o]) => [l, o.replace("1405681", "7").replace("1351350", "9")] as const);
    expect(compare(basicCow(), renumbered)).toEqual([]);
    const noCopy = BASIC_ON_618.map(([l, o]) => [l, l === 11 ? "frame 1405681" : o] as const);
    expect(compare(basicCow(), noCopy)).toEqual([
      { line: 11, text: "p: frame buf[0]", model: "a different frame from line 6", kernel: "the frame of line 6" },
    ]);
    const childCopied = BASIC_ON_618.map(([l, o]) => [l, l === 8 ? "frame 5" : o] as const);
    expect(compare(basicCow(), childCopied)[0]).toMatchObject({ line: 8, model: "the frame of line 6", kernel: "a different frame from line 6" });
  });

  it("lets the kernel reuse a PFN the model released (freed, or held only by the LRU batch)", () => {
    const p = new ProgramBuilder("reuse").mmap("p", "buf", 1).write("p", "buf", 0, A).frame("p", "buf", 0)
      .munmap("p", "buf").mmap("p", "b2", 1).write("p", "b2", 0, B).frame("p", "b2", 0).build();
    const kernel = [[4, "ok"], [5, "ok"], [6, "frame 42"], [7, "ok"], [8, "ok"], [9, "ok"], [10, "frame 42"]] as const;
    expect(compare(p, kernel)).toEqual([]);
  });

  it("reports a segv where the model has access, and lines the program never reached", () => {
    const segv = CVE_ON_618.map(([l, o]) => [l, l === 9 ? "segv buf[0]" : o] as const);
    expect(compare(cve202029374(), segv)).toEqual([{ line: 9, text: "p: write buf[0] B", model: "ok", kernel: "segv at buf[0]" }]);
    const cut = compare(cve202029374(), CVE_ON_618.slice(0, 5), false);
    expect(cut.map((m) => [m.line, m.kernel])).toEqual([
      [9, "nothing (the program stopped before this line)"], [10, "nothing (the program stopped before this line)"],
    ]);
  });
});
