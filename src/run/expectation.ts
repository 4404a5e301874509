// Checks a line's expectation on one kernel version against the kernel's outcome
// (scenario-language.md, Expectations): a multi-page read expects its value on every page,
// and an access that faults without `expect segv` fails.
import type { Outcome, PagemapFlags } from "../kernel/events.js";
import type { ExpectedOutcome, FlagExpectation } from "../scenario/program.js";
import type { ExpectationResult } from "./trace.js";
import type { Naming } from "./describe.js";
import { describeExpected, describeOutcome } from "./describe.js";

const FLAG_KEY: Readonly<Record<FlagExpectation["flag"], keyof PagemapFlags>> = {
  present: "present", swapped: "swapped", exclusive: "exclusive", "soft-dirty": "softDirty",
};

/** True when `o` shows what `e` expects; `frames` holds the pfns remembered by `frame ... as NAME`. */
export function meetsExpectation(e: ExpectedOutcome, o: Outcome, frames: ReadonlyMap<string, number | null>): boolean {
  switch (e.kind) {
    case "value": return o.kind === "values" && o.values.length > 0 && o.values.every((v) => v === e.value);
    case "segv": return o.kind === "segv";
    case "error": return o.kind === "error";
    case "none": return o.kind === "frame" && o.pfn === null;
    case "flags": {
      if (o.kind !== "pagemap") return false;
      return e.flags.every((f) => o.flags[FLAG_KEY[f.flag]] !== f.negated);
    }
    case "frame": {
      const remembered = frames.get(e.name);
      if (o.kind !== "frame" || remembered === undefined) return false;
      return (o.pfn === remembered) !== e.negated;
    }
  }
}

/**
 * The result of a line's expectation (or of its implicit one: the line completes without a
 * fault), or null when the line only observes and nothing went wrong.
 */
export function evaluateExpectation(
  expected: ExpectedOutcome | null, o: Outcome, frames: ReadonlyMap<string, number | null>, naming: Naming,
): ExpectationResult | null {
  const observed = describeOutcome(o, naming);
  const wanted = expected === null ? null : describeExpected(expected, frames);
  if (o.kind === "blocked") return { expected: wanted ?? "the line completes", observed, ok: false };
  if (wanted === null || expected === null) {
    return o.kind === "segv" ? { expected: "no fault", observed, ok: false } : null;
  }
  return { expected: wanted, observed, ok: meetsExpectation(expected, o, frames) };
}
