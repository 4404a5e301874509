import { describe, expect, it } from "vitest";
import type { Bounds, FuzzOptions } from "../../src/checker/index.js";
import {
  DEFAULT_VERBS, formatReplayPath, fuzz, parseReplayPath, parseVerbs, randomWalk, replayFuzz, replayWitness, runRng,
} from "../../src/checker/index.js";
import { parseVersion, policyFor } from "../../src/history/index.js";

const policy = (v: string): ReturnType<typeof policyFor> => policyFor(parseVersion(v)!);
const BOUNDS: Bounds = { procs: 2, pages: 2, pins: 2, depth: 16, values: 2, verbs: DEFAULT_VERBS };
const options = (v: string, seed: number, runs: number, b: Partial<Bounds> = {}): FuzzOptions => ({ bounds: { ...BOUNDS, ...b }, policy: policy(v), seed, runs });

describe("fuzz", () => {
  it("finds missed-cow on 5.4 with seed 1 and shrinks it to a shorter scenario that replays as text", () => {
    const r = fuzz(options("5.4", 1, 1000));
    const f = r.failure;
    expect(f?.witness.class).toBe("missed-cow");
    if (f === null) return;
    expect(r.runs).toBe(f.run + 1);
    expect(f.witness.path.length).toBeLessThan(f.original.path.length);
    const replay = replayWitness(f.witness, r.policy, f.pages, "test");
    expect(replay.step?.divergence?.class).toBe("missed-cow");
    expect(replay.trace.steps.length).toBe(f.witness.path.length + 1);
  });

  it("finds no missed-cow on 6.18 in 300 runs with the default verbs", () => {
    for (const seed of [1, 2]) {
      const r = fuzz(options("6.18", seed, 300));
      expect(r.failure?.witness.class).not.toBe("missed-cow");
      if (r.failure === null) expect(r.steps).toBe(300 * BOUNDS.depth);
    }
  });

  it("gives the same result for the same seed and another for another seed", () => {
    const a = fuzz(options("5.4", 3, 500));
    const b = fuzz(options("5.4", 3, 500));
    expect(a.failure).not.toBeNull();
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const walk = (seed: number): string => JSON.stringify(randomWalk(runRng(seed, 0), BOUNDS, policy("5.4")).path);
    expect(walk(3)).toBe(walk(3));
    expect(walk(4)).not.toBe(walk(3));
  });

  it("replays a failure from its path alone: the same walk and the same shrunk witness", () => {
    const o = options("5.4", 2, 1000);
    const f = fuzz(o).failure;
    expect(f).not.toBeNull();
    if (f === null) return;
    const again = replayFuzz(o, parseReplayPath(formatReplayPath(f.path))!);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.result.failure?.original).toEqual(f.original);
    expect(again.result.failure?.witness).toEqual(f.witness);
    expect(again.result.failure?.pages).toBe(f.pages);
  });

  it("says why a replay path does not lead to a failure", () => {
    const o = options("6.18", 1, 10);
    expect(replayFuzz(o, { run: 0, steps: [] })).toEqual({ ok: false, error: { kind: "no-failure", run: 0 } });
    const f = fuzz(options("5.4", 1, 1000)).failure!;
    const bad = replayFuzz(options("5.4", 1, 1), { run: f.run, steps: [...f.path.steps, 10_000] });
    expect(bad).toEqual({ ok: false, error: { kind: "bad-step", round: f.path.steps.length, index: 10_000 } });
  });

  it("stays within the bounds: at most max-steps actions, processes and the allowed verbs", () => {
    const verbs = parseVerbs("write,fork,exit");
    if (!verbs.ok) throw new Error("verbs");
    const b: Bounds = { ...BOUNDS, procs: 3, depth: 9, verbs: verbs.verbs };
    for (let run = 0; run < 50; run++) {
      const w = randomWalk(runRng(9, run), b, policy("6.18"));
      expect(w.path.length).toBeLessThanOrEqual(9);
      expect(w.path.every((a) => ["write", "fork", "exit"].includes(a.op.kind))).toBe(true);
      expect(w.path.filter((a) => a.op.kind === "fork").length).toBeLessThanOrEqual(2 + w.path.filter((a) => a.op.kind === "exit").length);
    }
  });

  it("parses replay paths RUN:STEP... and rejects anything else", () => {
    expect(parseReplayPath("317:2:0")).toEqual({ run: 317, steps: [2, 0] });
    expect(parseReplayPath("12")).toEqual({ run: 12, steps: [] });
    expect(formatReplayPath({ run: 317, steps: [2, 0] })).toBe("317:2:0");
    for (const bad of ["", ":", "1:", "a", "1/2", "-1", "1:2:x", "1.5"]) expect(parseReplayPath(bad)).toBeNull();
  });

  it("counts the decisions of every run with coverage on", () => {
    const r = fuzz({ ...options("5.10", 1, 50), coverage: true });
    const reuse = r.coverage?.counts.get("smallPageReuse");
    expect([...(reuse?.values() ?? [])].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
