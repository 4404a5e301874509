import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctPolicies } from "../../src/history/index.js";
import type { World } from "../../src/kernel/state.js";
import { step } from "../../src/kernel/step.js";
import { createWorld } from "../../src/kernel/world.js";
import { randomProgram } from "../helpers/randomProgram.js";

/** Every field of the world, in iteration order, as one string (Maps and the frame table included). */
function dump(w: World): string {
  return JSON.stringify(w, (_key, value: unknown) =>
    value instanceof Map || (typeof value === "object" && value !== null && Symbol.iterator in value && !Array.isArray(value))
      ? [...(value as Iterable<unknown>)]
      : value);
}

describe("step", () => {
  const policies = distinctPolicies().map((g) => g.policy);

  it("changes the world identically with and without events, and records none when asked (seed 91)", () => {
    fc.assert(
      fc.property(randomProgram(), fc.constantFrom(...policies), ({ program }, policy) => {
        const pids = program.processes.filter((p) => p.initial).map((p) => p.pid);
        const loud = createWorld(pids);
        const quiet = createWorld(pids);
        for (const s of program.steps) {
          const a = step(loud, s.op, policy);
          const b = step(quiet, s.op, policy, { events: false });
          expect(b.outcome).toEqual(a.outcome);
          expect(b.events).toEqual([]);
          if (a.outcome.kind === "unsupported" || a.outcome.kind === "blocked") break;
        }
        expect(dump(quiet)).toBe(dump(loud));
      }),
      { seed: 91, numRuns: 150 },
    );
  });
});
