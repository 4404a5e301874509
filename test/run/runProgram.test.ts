import { describe, expect, it } from "vitest";
import { policyFor } from "../../src/history/index.js";
import type { KernelVersion, Policy } from "../../src/kernel/policy.js";
import type { Trace, TraceStep } from "../../src/run/index.js";
import { runProgram, TraceSchema } from "../../src/run/index.js";
import { programOf as program } from "../helpers/randomProgram.js";

const v = (text: string): KernelVersion => {
  const [major, minor] = text.split(".").map(Number);
  return { major: major ?? 0, minor: minor ?? 0 };
};
const on = (text: string): Policy => policyFor(v(text));
const diverged = (t: Trace): TraceStep[] => t.steps.filter((s) => s.divergence !== null);

/** S4 (CVE-2020-29374): the child's pipe buffer and the parent's later store. */
const S4 = `p: mmap buf 1 rw
p: write buf[0] A
p: fork c
c: vmsplice buf[0] pipe1
c: munmap buf
p: write buf[0] B
c: read pipe1
`;

/** S12: an io_uring fixed buffer, mprotect RO then RW, a store, the device reads. */
const S12 = `p: mmap buf 1 rw
p: write buf[0] A
p: iouring-register buf ring1
p: mprotect buf ro
p: mprotect buf rw
p: write buf[0] B
p: read ring1[0]
`;

/** S13: an io_uring fixed buffer, fork, the parent stores, the device reads. */
const S13 = `p: mmap buf 1 rw
p: write buf[0] A
p: iouring-register buf ring1
p: fork c
p: write buf[0] B
p: read ring1[0]
`;

describe("runProgram", () => {
  it("classifies S4's pipe read on 5.4 as a missed-cow and names the mapcount reuse", () => {
    const t = runProgram(program(S4), on("5.4"));
    const [d] = diverged(t);
    expect(diverged(t)).toHaveLength(1);
    expect(d?.line).toBe(7);
    expect(d?.divergence?.class).toBe("missed-cow");
    expect(d?.divergence?.decision?.knob).toBe("smallPageReuse");
    expect(d?.divergence?.why).toContain("09854ba94c6a");
    expect(t.summary.divergences["missed-cow"]).toBe(1);
  });

  it("finds no divergence in S4 on 5.10", () => {
    expect(diverged(runProgram(program(S4), on("5.10")))).toEqual([]);
  });

  it("classifies S12's device read on 5.10 as a wrong-cow and finds none on 6.1", () => {
    const d = diverged(runProgram(program(S12), on("5.10")));
    expect(d.map((s) => [s.line, s.divergence?.class])).toEqual([[7, "wrong-cow"]]);
    expect(diverged(runProgram(program(S12), on("6.1")))).toEqual([]);
  });

  it("classifies S13's device read on 5.4 as a wrong-cow and finds none on 5.10", () => {
    const d = diverged(runProgram(program(S13), on("5.4")));
    expect(d.map((s) => [s.line, s.divergence?.class])).toEqual([[6, "wrong-cow"]]);
    expect(diverged(runProgram(program(S13), on("5.10")))).toEqual([]);
  });

  it("checks each line's expectation on the policy's version", () => {
    const text = `${S4.replace("c: read pipe1", "c: read pipe1 expect A, B on ..5.7")}p: read buf[0] expect B\n`;
    const old = runProgram(program(text), on("5.4"));
    expect(old.status).toBe("ok");
    expect(old.steps[6]?.expectation).toEqual({ expected: "B", observed: "B", ok: true });
    const wrong = runProgram(program(text.replace("A, B on ..5.7", "A")), on("5.4"));
    expect(wrong.status).toBe("fail");
    expect(wrong.failures).toEqual([{ line: 7, text: "c: read pipe1 expect A", expected: "A", observed: "B" }]);
    expect(wrong.summary.firstFailure?.line).toBe(7);
  });

  it("expects a multi-page read's value on every page and fails an unexpected fault", () => {
    const t = runProgram(program(`p: mmap buf 2 rw
p: write buf[0] A
p: read buf expect A
p: munmap buf[1]
p: write buf[1] B
p: write buf[1] C expect segv
`), on("6.18"));
    expect(t.steps.map((s) => s.expectation?.ok ?? null)).toEqual([null, null, false, null, false, true]);
    expect(t.failures.map((f) => [f.line, f.expected, f.observed])).toEqual([
      [3, "A", "A, 0"],
      [5, "no fault", "segv at buf[1]"],
    ]);
  });

  it("remembers frames by name and compares later frames with them", () => {
    const t = runProgram(program(`p: mmap buf 1 rw
p: frame buf[0] as none0
p: frame buf[0] expect none
p: write buf[0] A
p: frame buf[0] as f
p: fork c
p: write buf[0] B
p: frame buf[0] expect !f
c: frame buf[0] expect f
`), on("6.18"));
    expect(t.status).toBe("ok");
    expect(t.frames["none0"]).toBeNull();
    expect(typeof t.frames["f"]).toBe("number");
  });

  it("counts an unnecessary COW from the LRU batch reference on 5.10 only", () => {
    const text = `p: mmap buf 1 rw
p: write buf[0] A
p: mprotect buf ro
p: mprotect buf rw
p: write buf[0] B
`;
    const d = runProgram(program(text), on("5.10"));
    expect([d.summary.unnecessaryCows, d.summary.copies, d.steps[4]?.unnecessaryCows]).toEqual([1, 1, 1]);
    expect(runProgram(program(text), on("6.1")).summary.unnecessaryCows).toBe(0);
  });

  it("does not count a copy away from a sibling's page as unnecessary", () => {
    const t = runProgram(program("p: mmap buf 1 rw\np: write buf[0] A\np: fork c\np: write buf[0] B\n"), on("5.10"));
    expect([t.summary.copies, t.summary.unnecessaryCows]).toEqual([1, 0]);
  });

  it("counts every copy at fork as unnecessary under a no-COW policy", () => {
    const always: Policy = { ...on("6.18"), forkCopiesPinned: "always", era: "custom" };
    const t = runProgram(program("p: mmap buf 2 rw\np: write buf A\np: fork c\n"), always);
    expect(t.steps[2]?.events.filter((e) => e.kind === "fork-copy")).toHaveLength(2);
    expect(t.summary.unnecessaryCows).toBe(2);
  });

  it("records what a step changed: PTEs, frames, holders and mms", () => {
    const t = runProgram(program("p: mmap buf 1 rw\np: write buf[0] A\np: vmsplice buf[0] pipe1\n"), on("6.18"));
    const write = t.steps[1]?.changes;
    expect(write?.ptes).toMatchObject([{ before: null, after: { present: true, write: true, dirty: true } }]);
    const [frame] = write?.frames ?? [];
    expect([frame?.before, frame?.after?.value, frame?.after?.mapcount]).toEqual([null, 65, 1]);
    const splice = t.steps[2]?.changes;
    expect(splice?.holders).toEqual([{ key: "pipe pipe1", before: null, after: [frame?.key] }]);
    expect(splice?.frames.map((f) => [f.key, (f.after?.refcount ?? 0) - (f.before?.refcount ?? 0)])).toEqual([[frame?.key, 1]]);
    expect(t.steps[0]?.changes.mms.map((m) => m.after?.vmas)).toEqual([["buf[0..1] rw private softdirty"]]);
  });

  it("records no changes when asked not to", () => {
    const t = runProgram(program("p: mmap buf 1 rw\np: write buf[0] A\n"), on("6.18"), { changes: false });
    expect(t.steps.every((s) => s.changes.ptes.length === 0 && s.changes.frames.length === 0)).toBe(true);
  });

  it("stops at a line that blocks and fails it", () => {
    const t = runProgram(program("p: mmap buf 1 rw\np: vmsplice buf[0] pipe1\np: read pipe1\np: read pipe1\np: write buf[0] A\n"), on("6.18"));
    expect(t.stopped).toMatchObject({ kind: "blocked", line: 4 });
    expect(t.steps).toHaveLength(4);
    expect(t.status).toBe("fail");
    expect(t.failures[0]).toMatchObject({ line: 4, expected: "the line completes" });
  });

  it("stops as skipped at an op the model does not support", () => {
    const t = runProgram(program("p: mmap buf 512 rw hugetlb\np: write buf[0] A\n"), on("6.18"));
    expect(t.stopped).toMatchObject({ kind: "unsupported", line: 1 });
    expect(t.status).toBe("skip");
    expect(t.steps).toHaveLength(1);
  });

  it("judges force-write: refused on a read-only shared mapping, allowed on a private one", () => {
    const t = runProgram(program(`p: mmap buf 1 ro shared
p: force-write buf[0] B expect error
p: mmap priv 1 ro
p: force-write priv[0] C
p: read priv[0] expect C
`), on("6.18"));
    expect(t.status).toBe("ok");
    expect(diverged(t)).toEqual([]);
    expect(t.steps[1]?.allowed).toEqual({ kind: "result", ok: false });
  });

  it("produces JSON that the trace schema accepts", () => {
    for (const [text, version] of [[S4, "5.4"], [S12, "5.10"], [S13, "6.18"]] as const) {
      const json: unknown = JSON.parse(JSON.stringify(runProgram(program(text), on(version))));
      expect(TraceSchema.safeParse(json).success).toBe(true);
    }
  });

  it("gives the same trace for the same program and policy", () => {
    const a = JSON.stringify(runProgram(program(S13), on("5.4")));
    expect(JSON.stringify(runProgram(program(S13), on("5.4")))).toBe(a);
  });
});
