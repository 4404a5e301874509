import { describe, expect, it } from "vitest";
import { parseObservation, parseRunOutput } from "../../src/native/observation.js";

describe("observation", () => {
  it("parses every printed form", () => {
    expect(parseObservation("ok")).toEqual({ kind: "ok" });
    expect(parseObservation("blocked")).toEqual({ kind: "blocked" });
    expect(parseObservation("A")).toEqual({ kind: "values", values: [65] });
    expect(parseObservation("A 0 mixed 255")).toEqual({ kind: "values", values: [65, 0, null, 255] });
    expect(parseObservation("segv buf[2]")).toEqual({ kind: "segv", page: "buf[2]" });
    expect(parseObservation("error EFAULT")).toEqual({ kind: "error", errno: "EFAULT" });
    expect(parseObservation("frame 1405681")).toEqual({ kind: "frame", pfn: 1405681 });
    expect(parseObservation("frame none")).toEqual({ kind: "frame", pfn: null });
    expect(parseObservation("flags present,!swapped,exclusive,!soft-dirty")).toEqual({
      kind: "flags", present: true, swapped: false, exclusive: true, softDirty: false,
    });
  });

  it("rejects text that is none of the forms", () => {
    for (const bad of ["256", "a", "frame x", "flags present", "A  B", ""]) expect(parseObservation(bad), bad).toBeNull();
  });

  it("collects observations by line, the skip line and the end marker", () => {
    const r = parseRunOutput("line 4: observed ok\nline 9: observed A\nend\n");
    expect([...r.observations]).toEqual([[4, { kind: "ok" }], [9, { kind: "values", values: [65] }]]);
    expect(r).toMatchObject({ skip: null, ended: true, garbled: [] });
    const s = parseRunOutput("skip: pin needs /sys/kernel/debug/gup_test (CONFIG_GUP_TEST)\n");
    expect(s).toMatchObject({ skip: "pin needs /sys/kernel/debug/gup_test (CONFIG_GUP_TEST)", ended: false });
  });

  it("reports lines it cannot read instead of dropping them", () => {
    expect(parseRunOutput("line 4: observed what\nnoise\nend").garbled).toEqual(["line 4: observed what", "noise"]);
  });
});
