// Properties over random scenarios (test/helpers/randomProgram.ts), each with a fixed seed:
// the model's invariants on every distinct policy, no missed COW from 5.19 on, and a no-COW
// policy that never diverges from the ideal machine (which checks the ideal itself).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareVersions, distinctPolicies, formatVersion, policyFor } from "../../src/history/index.js";
import type { Policy } from "../../src/kernel/policy.js";
import type { Trace } from "../../src/run/index.js";
import { runProgram, TraceSchema } from "../../src/run/index.js";
import type { RandomScenario } from "../helpers/randomProgram.js";
import { COW_CORE_VERBS, randomProgram } from "../helpers/randomProgram.js";

const GROUPS = distinctPolicies().map((g) => g.policy);
const FROM_5_19 = GROUPS.filter((p) => compareVersions(p.version, { major: 5, minor: 19 }) >= 0);
/** Copies every private page at fork: no COW at all, so nothing may diverge. */
const NO_COW: Policy = { ...policyFor({ major: 6, minor: 18 }), forkCopiesPinned: "always", era: "custom" };

const ALL_VERBS = randomProgram();
const CORE_VERBS = randomProgram({ verbs: COW_CORE_VERBS });

const run = (s: RandomScenario, p: Policy): Trace => runProgram(s.program, p, { changes: false });

/** Why a run is wrong, with the scenario to replay, or null. */
function brokenInvariant(s: RandomScenario, p: Policy): string | null {
  const t = run(s, p);
  if (t.stopped?.kind !== "invariant") return null;
  return `${formatVersion(p.version)} line ${t.stopped.line}: ${t.stopped.invariant}: ${t.stopped.detail}\n${s.text}`;
}

function divergences(s: RandomScenario, p: Policy, keep: (cls: string) => boolean): string[] {
  return run(s, p).steps.flatMap((st) => {
    const d = st.divergence;
    if (d === null || !keep(d.class)) return [];
    return [`${formatVersion(p.version)} (${p.era}) line ${st.line}: ${d.class}: ${d.why}`];
  });
}

/** A FOLL_GET write reference (O_DIRECT read in flight) leaks DMA into a forked child in every era (S14). */
const holdsGetWriteRef = (s: RandomScenario): boolean =>
  s.program.steps.some((p) => p.op.kind === "pin" && p.op.get && p.op.write);

describe("runProgram", () => {
  for (const [name, arb, numRuns] of [["all verbs", ALL_VERBS, 150], ["COW verbs", CORE_VERBS, 200]] as const) {
    it(`keeps every model invariant on every distinct policy (${name}, seed 42)`, () => {
      fc.assert(fc.property(arb, (s) => {
        const broken = GROUPS.map((p) => brokenInvariant(s, p)).find((b) => b !== null);
        expect(broken ?? null).toBeNull();
      }), { seed: 42, numRuns });
    });

    it(`shows no missed-cow from 5.19 on (${name}, seed 43)`, () => {
      fc.assert(fc.property(arb, (s) => {
        if (holdsGetWriteRef(s)) return;
        expect(FROM_5_19.flatMap((p) => divergences(s, p, (c) => c === "missed-cow"))).toEqual([]);
      }), { seed: 43, numRuns: numRuns * 2 });
    });

    it(`never diverges under a policy that copies every private page at fork (${name}, seed 44)`, () => {
      fc.assert(fc.property(arb, (s) => {
        expect(divergences(s, NO_COW, () => true)).toEqual([]);
      }), { seed: 44, numRuns: numRuns * 3 });
    });
  }

  it("writes traces the schema accepts (seed 45)", () => {
    fc.assert(fc.property(ALL_VERBS, fc.constantFrom(...GROUPS), (s, p) => {
      const json: unknown = JSON.parse(JSON.stringify(runProgram(s.program, p)));
      const parsed = TraceSchema.safeParse(json);
      expect(parsed.success ? null : parsed.error.issues.slice(0, 3)).toBeNull();
    }), { seed: 45, numRuns: 100 });
  });
});
