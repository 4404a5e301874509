import { describe, expect, it } from "vitest";
import { policyFor } from "../../src/history/index.js";
import { runProgram, TraceSchema } from "../../src/run/index.js";
import { programOf } from "../helpers/randomProgram.js";

const trace = runProgram(programOf(`p: mmap buf 1 rw
p: write buf[0] A
p: frame buf[0] as f
p: fork c
c: vmsplice buf[0] pipe1
c: munmap buf
p: write buf[0] B
c: read pipe1 expect A
p: pagemap buf[0] expect present
`), policyFor({ major: 5, minor: 4 }));

const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(trace)) as Record<string, unknown>;

describe("TraceSchema", () => {
  it("accepts a trace with a divergence, a failed expectation and changes", () => {
    expect(trace.summary.divergences["missed-cow"]).toBe(1);
    expect(trace.status).toBe("fail");
    expect(TraceSchema.parse(json())).toEqual(json());
  });

  it("rejects a trace whose shape is wrong", () => {
    expect(TraceSchema.safeParse({ ...json(), status: "passed" }).success).toBe(false);
    expect(TraceSchema.safeParse({ ...json(), steps: [{ line: 1 }] }).success).toBe(false);
    const { summary: _summary, ...rest } = json();
    expect(TraceSchema.safeParse(rest).success).toBe(false);
  });
});
