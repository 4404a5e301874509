// The run's reaction to a broken model invariant, with checkInvariants replaced so that the
// violation does not depend on a model bug existing.
import { describe, expect, it, vi } from "vitest";
import type { World } from "../../src/kernel/state.js";
import { policyFor } from "../../src/history/index.js";
import { runProgram } from "../../src/run/index.js";
import { programOf } from "../helpers/randomProgram.js";

vi.mock("../../src/kernel/invariants.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/kernel/invariants.js")>()),
  // Broken as soon as some frame holds 'B'.
  checkInvariants: (world: World) =>
    [...world.frames.values()].some((f) => f.value === 66) ? [{ invariant: "test-invariant", detail: "a frame holds B" }] : [],
}));

describe("runProgram", () => {
  it("stops at the step that breaks an invariant and reports it as a failure", () => {
    const program = programOf("p: mmap buf 1 rw\np: write buf[0] A\np: write buf[0] B\np: read buf[0] expect B\n");
    const t = runProgram(program, policyFor({ major: 6, minor: 18 }));
    expect(t.stopped).toEqual({ kind: "invariant", line: 3, invariant: "test-invariant", detail: "a frame holds B" });
    expect(t.steps.map((s) => s.line)).toEqual([1, 2, 3]);
    expect(t.status).toBe("fail");
    expect(t.failures).toEqual([
      { line: 3, text: "p: write buf[0] B", expected: "the model's invariants hold", observed: "test-invariant: a frame holds B" },
    ]);
  });
});
