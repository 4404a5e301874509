import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Action, Bounds, FuzzFailure, Witness } from "../../src/checker/index.js";
import {
  applyShrinkSteps, candidates, firstFinding, fuzz, normalizeIds, parseVerbs, shrinkWitness, witnessText,
} from "../../src/checker/index.js";
import { parseVersion, policyFor } from "../../src/history/index.js";
import type { Pid, PipeId, RingId } from "../../src/kernel/ids.js";
import type { Op } from "../../src/kernel/ops.js";
import { runProgram } from "../../src/run/index.js";
import { FIRST_REGION_VPN, loadScenario } from "../../src/scenario/index.js";

const P5_4 = policyFor(parseVersion("5.4")!);
const page = (i: number): { start: number; pages: number } => ({ start: FIRST_REGION_VPN + i, pages: 1 });
const act = (op: Op): Action => ({ verb: (op.kind === "madvise" ? op.advice : op.kind) as Action["verb"], op });
const pid = (n: number): Pid => n as Pid;

const write = (p: number, i: number, v: string): Action => act({ kind: "write", pid: pid(p), range: page(i), value: v.charCodeAt(0) });
const read = (p: number, i: number): Action => act({ kind: "read", pid: pid(p), range: page(i) });
const fork = (p: number, c: number): Action => act({ kind: "fork", pid: pid(p), child: pid(c) });
const vmsplice = (p: number, i: number, pipe: number): Action => act({ kind: "vmsplice", pid: pid(p), range: page(i), pipe: pipe as PipeId });
const pipeRead = (p: number, pipe: number): Action => act({ kind: "pipe-read", pid: pid(p), pipe: pipe as PipeId });

/** The .cow text of a witness runs with runProgram and shows `cls` on its last line. */
function runsAs(w: Witness, pages: number, cls: string): boolean {
  const loaded = loadScenario(witnessText("t", pages, w.path, null), "t.cow");
  if (!loaded.ok) return false;
  const trace = runProgram(loaded.program, P5_4, { changes: false });
  return trace.steps.length === w.path.length + 1 && trace.steps[trace.steps.length - 1]?.divergence?.class === cls;
}

describe("shrink", () => {
  it("renumbers children and pipes in definition order and drops lines whose process or pipe is gone", () => {
    const path = [fork(0, 1), fork(0, 2), write(2, 0, "A"), vmsplice(1, 0, 0), vmsplice(2, 0, 1), pipeRead(0, 0), pipeRead(0, 1)];
    const out = normalizeIds(path.slice(1));
    expect(out.map((a) => a.op)).toEqual([
      { kind: "fork", pid: 0, child: 1 },
      { kind: "write", pid: 1, range: page(0), value: 65 },
      { kind: "vmsplice", pid: 1, range: page(0), pipe: 0 },
      { kind: "pipe-read", pid: 0, pipe: 0 },
    ]);
  });

  it("drops ring uses whose registration is gone and actions of an exited process", () => {
    const reg = act({ kind: "iouring-register", pid: pid(0), range: page(0), ring: 0 as RingId });
    const ringWrite = act({ kind: "ring-write", pid: pid(0), ring: 0 as RingId, index: 0, value: 65 });
    expect(normalizeIds([ringWrite, read(0, 0)]).map((a) => a.op.kind)).toEqual(["read"]);
    expect(normalizeIds([reg, ringWrite]).map((a) => a.op.kind)).toEqual(["iouring-register", "ring-write"]);
    const exit = act({ kind: "exit", pid: pid(1) });
    expect(normalizeIds([fork(0, 1), exit, read(1, 0), read(0, 0)]).map((a) => ("pid" in a.op ? a.op.pid : -1))).toEqual([0, 1, 0]);
  });

  it("never enumerates a longer candidate or one with a larger region", () => {
    const path = [write(0, 1, "B"), fork(0, 1), vmsplice(0, 1, 0), write(0, 1, "A"), write(1, 1, "B"), pipeRead(0, 0)];
    for (const c of candidates({ pages: 2, path })) {
      expect(c.path.length).toBeLessThanOrEqual(path.length);
      expect(c.pages).toBeLessThanOrEqual(2);
    }
  });

  it("shrinks the vmsplice leak padded with noise back to a witness no longer than the shortest, same class", () => {
    const leak = [write(0, 1, "A"), fork(0, 1), vmsplice(0, 1, 0), write(0, 1, "A"), write(1, 1, "B"), pipeRead(0, 0)];
    const padded = [read(0, 0), leak[0]!, write(0, 0, "B"), leak[1]!, read(1, 0), leak[2]!, leak[3]!, read(0, 1), leak[4]!, write(1, 0, "A"), leak[5]!];
    expect(firstFinding({ pages: 2, path: padded }, P5_4)?.cls).toBe("missed-cow");
    const w: Witness = { class: "missed-cow", path: padded, detail: "" };
    const s = shrinkWitness(w, 2, P5_4);
    expect(s.witness.class).toBe("missed-cow");
    expect(s.witness.path.length).toBeLessThanOrEqual(leak.length);
    expect(s.pages).toBe(1);
    expect(s.witness.path.every((a) => !("value" in a.op) || a.op.value <= 66)).toBe(true);
    expect(runsAs(s.witness, s.pages, "missed-cow")).toBe(true);
    const again = applyShrinkSteps(w, 2, P5_4, s.steps);
    expect(again.ok && again.result.witness).toEqual(s.witness);
  });

  it("reports the round of a recorded step that does not apply", () => {
    const w: Witness = { class: "missed-cow", path: [write(0, 0, "A"), read(0, 0)], detail: "" };
    expect(applyShrinkSteps(w, 1, P5_4, [0])).toEqual({ ok: false, round: 0 });
  });

  const verbs = parseVerbs("default");
  if (!verbs.ok) throw new Error("default verbs");
  const bounds: Bounds = { procs: 2, pages: 2, pins: 2, depth: 16, values: 2, verbs: verbs.verbs };

  it("keeps the class and never lengthens, over fuzz failures of 5.4 (fast-check seed 42, 12 fuzz seeds)", () => {
    const failures: FuzzFailure[] = [];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const f = fuzz({ bounds, policy: P5_4, seed, runs: 400 }).failure;
        if (f === null) return;
        failures.push(f);
        expect(f.witness.class).toBe(f.original.class);
        expect(f.witness.path.length).toBeLessThanOrEqual(f.original.path.length);
        expect(f.pages).toBeLessThanOrEqual(bounds.pages);
        expect(firstFinding({ pages: f.pages, path: f.witness.path }, P5_4)).toMatchObject({ cls: f.witness.class, at: f.witness.path.length - 1 });
        expect(runsAs(f.witness, f.pages, f.witness.class)).toBe(true);
      }),
      { seed: 42, numRuns: 12 },
    );
    // The property holds on real failures, not vacuously.
    expect(failures.length).toBeGreaterThanOrEqual(4);
    expect(failures.some((f) => f.witness.path.length < f.original.path.length)).toBe(true);
  }, 30_000);
});
