import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/kernel/events.js";
import type { Pfn } from "../../src/kernel/ids.js";
import type { ExpectedOutcome } from "../../src/scenario/index.js";
import type { Naming } from "../../src/run/index.js";
import { evaluateExpectation, meetsExpectation } from "../../src/run/index.js";

const naming: Naming = {
  process: (p) => `p${p}`, page: (v) => `buf[${v}]`, pipe: (i) => `pipe${i}`, ring: (i) => `ring${i}`, pin: (i) => `pin${i}`,
};
const frames = new Map<string, number | null>([["f", 7], ["gone", null]]);
const values = (...vs: number[]): Outcome => ({ kind: "values", values: vs });
const frame = (pfn: number | null): Outcome => ({ kind: "frame", pfn: pfn as Pfn | null });
const flags: Outcome = { kind: "pagemap", flags: { present: true, swapped: false, exclusive: true, softDirty: false } };

describe("expectation", () => {
  it("expects a value on every page read", () => {
    const a: ExpectedOutcome = { kind: "value", value: 65 };
    expect([meetsExpectation(a, values(65, 65), frames), meetsExpectation(a, values(65, 66), frames)]).toEqual([true, false]);
    expect(meetsExpectation(a, { kind: "segv", vpn: 3 }, frames)).toBe(false);
  });

  it("checks only the pagemap flags listed, negated with !", () => {
    const ok: ExpectedOutcome = { kind: "flags", flags: [{ flag: "present", negated: false }, { flag: "soft-dirty", negated: true }] };
    const bad: ExpectedOutcome = { kind: "flags", flags: [{ flag: "exclusive", negated: true }] };
    expect([meetsExpectation(ok, flags, frames), meetsExpectation(bad, flags, frames)]).toEqual([true, false]);
  });

  it("compares frames with the pfn remembered under a name", () => {
    const same: ExpectedOutcome = { kind: "frame", name: "f", negated: false };
    const other: ExpectedOutcome = { kind: "frame", name: "f", negated: true };
    expect([meetsExpectation(same, frame(7), frames), meetsExpectation(other, frame(7), frames), meetsExpectation(other, frame(8), frames)])
      .toEqual([true, false, true]);
    expect(meetsExpectation({ kind: "frame", name: "unknown", negated: true }, frame(8), frames)).toBe(false);
    expect(meetsExpectation({ kind: "none" }, frame(null), frames)).toBe(true);
  });

  it("fails a fault or a blocked line that expected nothing, and stays silent otherwise", () => {
    expect(evaluateExpectation(null, { kind: "segv", vpn: 2 }, frames, naming))
      .toEqual({ expected: "no fault", observed: "segv at buf[2]", ok: false });
    expect(evaluateExpectation(null, { kind: "blocked", why: "empty pipe" }, frames, naming))
      .toMatchObject({ ok: false, expected: "the line completes" });
    expect(evaluateExpectation(null, values(65), frames, naming)).toBeNull();
    expect(evaluateExpectation(null, { kind: "error", errno: "EINVAL", why: "" }, frames, naming)).toBeNull();
  });

  it("describes what was expected and observed in the language's words", () => {
    expect(evaluateExpectation({ kind: "value", value: 66 }, values(65, 200), frames, naming))
      .toEqual({ expected: "B", observed: "A, 200", ok: false });
    expect(evaluateExpectation({ kind: "frame", name: "f", negated: true }, frame(7), frames, naming))
      .toEqual({ expected: "!f (pfn 7)", observed: "pfn 7", ok: false });
    expect(evaluateExpectation({ kind: "error" }, { kind: "error", errno: "EFAULT", why: "" }, frames, naming))
      .toEqual({ expected: "error", observed: "error EFAULT", ok: true });
  });
});
