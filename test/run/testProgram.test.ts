import { describe, expect, it } from "vitest";
import { distinctPolicies, formatVersion, MODELLED_VERSIONS } from "../../src/history/index.js";
import type { KernelVersion } from "../../src/kernel/policy.js";
import { formatGroup, intersectRanges, testProgram } from "../../src/run/index.js";
import { programOf } from "../helpers/randomProgram.js";

const v = (major: number, minor: number): KernelVersion => ({ major, minor });

const S4 = (expect: string): string => `p: mmap buf 1 rw
p: write buf[0] A
p: fork c
c: vmsplice buf[0] pipe1
c: munmap buf
p: write buf[0] B
c: read pipe1 expect ${expect}
`;

describe("testProgram", () => {
  it("runs one group per distinct policy and passes where every expectation holds", () => {
    const r = testProgram(programOf(S4("A, B on ..5.7")));
    expect(r.groups.map(formatGroup)).toEqual(distinctPolicies(MODELLED_VERSIONS).map(formatGroup));
    expect(r.groups.every((g) => g.status === "ok")).toBe(true);
  });

  it("lists each group's divergences with their class and why", () => {
    const r = testProgram(programOf(S4("A, B on ..5.7")));
    const leaking = r.groups.filter((g) => g.divergences.length > 0).map((g) => `${formatGroup(g)}:${g.divergences[0]?.class ?? ""}`);
    expect(leaking.every((s) => s.endsWith(":missed-cow"))).toBe(true);
    expect(leaking[0]).toMatch(/^4\.4\.\.4\.8:/);
    expect(leaking.at(-1)).toMatch(/^5\.7:/);
    expect(r.groups.find((g) => formatGroup(g) === "5.7")?.divergences[0]).toMatchObject({ line: 7, text: "c: read pipe1 expect A, B on ..5.7" });
  });

  it("reports a failure only on the versions of a group whose expectation fails", () => {
    // 5.9 and 5.10 share one policy; only 5.9 expects the leak.
    const r = testProgram(programOf(S4("A, B on ..5.7, B on 5.9")), { range: { from: v(5, 9), to: v(5, 10) } });
    expect(r.groups).toHaveLength(1);
    const [g] = r.groups;
    expect(g?.status).toBe("fail");
    expect(g?.failures).toEqual([
      { line: 7, text: "c: read pipe1 expect A, B on ..5.7, B on 5.9", expected: "B", observed: "A", from: v(5, 9), to: v(5, 9) },
    ]);
  });

  it("tests only the kernels of the scenario's header and of the option", () => {
    const r = testProgram(programOf(`kernels 5.0..5.10\n${S4("A, B on ..5.7")}`), { range: { from: v(5, 8), to: null } });
    expect(r.range).toEqual({ from: v(5, 8), to: v(5, 10) });
    expect(r.groups.map(formatGroup)).toEqual(["5.8", "5.9..5.10"]);
    expect(testProgram(programOf(`kernels 6.0..\n${S4("A")}`), { range: { from: null, to: v(5, 10) } }).groups).toEqual([]);
  });

  it("skips a group whose run needs what the model lacks, with the reason", () => {
    const r = testProgram(programOf("p: mmap buf 512 rw hugetlb\np: write buf[0] A\n"), { range: { from: v(6, 18), to: v(6, 18) } });
    expect(r.groups.map((g) => [g.status, g.skipReason])).toEqual([["skip", "line 1 needs hugetlb mappings"]]);
  });

  it("intersects ranges with open ends", () => {
    expect(intersectRanges({ from: null, to: v(5, 10) }, { from: v(4, 9), to: null })).toEqual({ from: v(4, 9), to: v(5, 10) });
    expect(intersectRanges({ from: v(5, 0), to: v(6, 1) }, { from: v(5, 4), to: v(5, 8) })).toEqual({ from: v(5, 4), to: v(5, 8) });
    expect(formatVersion(intersectRanges({ from: null, to: null }, { from: v(6, 2), to: null }).from ?? v(0, 0))).toBe("6.2");
  });
});
