// The change tracker looks only where a step's op and events point; here it is compared with
// a brute-force diff of the whole world before and after every step of random scenarios.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctPolicies } from "../../src/history/index.js";
import type { Pfn, Pid } from "../../src/kernel/ids.js";
import type { World } from "../../src/kernel/state.js";
import { step } from "../../src/kernel/step.js";
import { cloneWorld, createWorld } from "../../src/kernel/world.js";
import type { Naming, StepChanges } from "../../src/run/index.js";
import { createChangeTracker, createNaming } from "../../src/run/index.js";
import { frameView, holderViews, mmView, pteView } from "../../src/run/views.js";
import { programOf, randomProgram } from "../helpers/randomProgram.js";

/** Every difference between two worlds, in the tracker's order and shape. */
function fullDiff(a: World, b: World, naming: Naming): StepChanges {
  const pids = [...new Set([...a.mms.keys(), ...b.mms.keys()])].sort((x, y) => x - y);
  const ptes = pids.flatMap((pid) => {
    const pa = a.mms.get(pid)?.ptes;
    const pb = b.mms.get(pid)?.ptes;
    const vpns = [...new Set([...(pa?.keys() ?? []), ...(pb?.keys() ?? [])])].sort((x, y) => x - y);
    return vpns.flatMap((vpn) => {
      const before = pa?.get(vpn);
      const after = pb?.get(vpn);
      const [x, y] = [before === undefined ? null : pteView(before), after === undefined ? null : pteView(after)];
      return JSON.stringify(x) === JSON.stringify(y) ? [] : [{ key: { pid: pid as number, vpn }, before: x, after: y }];
    });
  });
  const pfns = [...new Set([...a.frames.keys(), ...b.frames.keys()])].sort((x, y) => x - y);
  const frames = pfns.flatMap((pfn) => {
    const fa = a.frames.get(pfn as Pfn);
    const fb = b.frames.get(pfn as Pfn);
    const [x, y] = [fa === undefined ? null : frameView(fa), fb === undefined ? null : frameView(fb)];
    return JSON.stringify(x) === JSON.stringify(y) ? [] : [{ key: pfn as number, before: x, after: y }];
  });
  const mms = pids.flatMap((pid) => {
    const [ma, mb] = [a.mms.get(pid as Pid), b.mms.get(pid as Pid)];
    const [x, y] = [ma === undefined ? null : mmView(ma, naming), mb === undefined ? null : mmView(mb, naming)];
    return JSON.stringify(x) === JSON.stringify(y) ? [] : [{ key: pid as number, before: x, after: y }];
  });
  const [ha, hb] = [holderViews(a, naming), holderViews(b, naming)];
  const holders = [...new Set([...ha.keys(), ...hb.keys()])].sort().flatMap((key) => {
    const [x, y] = [ha.get(key) ?? null, hb.get(key) ?? null];
    return JSON.stringify(x) === JSON.stringify(y) ? [] : [{ key, before: x, after: y }];
  });
  const lru = JSON.stringify(a.lruBatch) === JSON.stringify(b.lruBatch) ? null : { key: "lru" as const, before: a.lruBatch, after: b.lruBatch };
  return { ptes, frames, holders, mms, lruBatch: lru };
}

describe("createChangeTracker", () => {
  it("reports a write fault's new PTE and frame, and nothing for a step that changes nothing", () => {
    const program = programOf("p: mmap buf 1 rw\np: write buf[0] A\np: pagemap buf[0]\n");
    const world = createWorld([0 as Pid]);
    const tracker = createChangeTracker(world, createNaming(program));
    const policy = distinctPolicies().at(-1)?.policy;
    if (policy === undefined) throw new Error("no policy");
    const changes = program.steps.map((s) => tracker.record(s.op, step(world, s.op, policy).events));
    expect(changes[1]?.ptes.map((p) => [p.before, p.after?.present])).toEqual([[null, true]]);
    expect(changes[1]?.frames.map((f) => f.before)).toEqual([null]);
    expect(changes[2]).toEqual({ ptes: [], frames: [], holders: [], mms: [], lruBatch: null });
  });

  it("finds exactly what a full comparison of the world finds, on every policy (seed 46)", () => {
    const policies = distinctPolicies().map((g) => g.policy);
    fc.assert(fc.property(randomProgram(), fc.constantFrom(...policies), ({ text, program }, policy) => {
      const naming = createNaming(program);
      const world = createWorld(program.processes.filter((p) => p.initial).map((p) => p.pid));
      const tracker = createChangeTracker(world, naming);
      for (const s of program.steps) {
        const before = cloneWorld(world);
        const r = step(world, s.op, policy);
        const seen = tracker.record(s.op, r.events);
        expect({ line: s.line, text, seen }).toEqual({ line: s.line, text, seen: fullDiff(before, world, naming) });
        if (r.outcome.kind === "blocked" || r.outcome.kind === "unsupported") break;
      }
    }), { seed: 46, numRuns: 150 });
  });
});
