import { describe, expect, it } from "vitest";
import { policyFor } from "../../src/history/index.js";
import type { KernelEvent } from "../../src/kernel/events.js";
import type { Pfn, Pid } from "../../src/kernel/ids.js";
import type { Policy } from "../../src/kernel/policy.js";
import { createWorld } from "../../src/kernel/world.js";
import { decisionHistory, explainDecision, findDecisionEvent } from "../../src/run/index.js";

const on = (major: number, minor: number): Policy => policyFor({ major, minor });

const reuse: KernelEvent = {
  kind: "reuse", pid: 0 as Pid, vpn: 16, pfn: 3 as Pfn, decision: { knob: "smallPageReuse", choice: "mapcount:reuse" },
  text: "do_wp_page: reuse_swap_page: mapcount 1, reuse",
};

describe("why", () => {
  it("names the record that set a knob's value and the first that changed it", () => {
    expect(decisionHistory({ knob: "smallPageReuse", choice: "mapcount:reuse" }, on(5, 4)))
      .toBe("smallPageReuse=mapcount:reuse; since 4.4; changed by 09854ba94c6a in 5.9");
    expect(decisionHistory({ knob: "smallPageReuse", choice: "refcount-strict:copy" }, on(5, 10)))
      .toMatch(/^smallPageReuse=refcount-strict:copy; set by 09854ba94c6a in 5\.9; changed by [0-9a-f]{12} in 5\.18$/);
    expect(decisionHistory({ knob: "smallPageReuse", choice: "exclusive-or-refcount:reuse" }, on(6, 18)))
      .toMatch(/set by 6c287605fd56 in 5\.19; not changed since$/);
  });

  it("calls a choice no record makes hypothetical", () => {
    const custom: Policy = { ...on(6, 18), forkCopiesPinned: "always", era: "custom" };
    expect(decisionHistory({ knob: "forkCopiesPinned", choice: "always:copy" }, custom)).toContain("a hypothetical choice");
  });

  it("finds the most recent decision on an involved frame or page", () => {
    const older: KernelEvent = { ...reuse, text: "older" };
    const other: KernelEvent = { ...reuse, pfn: 9 as Pfn, vpn: 99, text: "other frame" };
    const plain: KernelEvent = { kind: "fault", pid: 0 as Pid, vpn: 16, pfn: 3 as Pfn, text: "no decision" };
    const world = createWorld([0 as Pid]);
    const byPfn = { pfns: new Set([3]), pages: new Set<string>() };
    expect(findDecisionEvent([[older], [reuse, other, plain]], byPfn, world)).toBe(reuse);
    expect(findDecisionEvent([[older], [other]], { pfns: new Set<number>(), pages: new Set(["0:16"]) }, world)).toBe(older);
    expect(findDecisionEvent([[other]], byPfn, world)).toBeNull();
  });

  it("explains an event with its decision's history, or says that none was involved", () => {
    expect(explainDecision(reuse, on(5, 4))).toBe(`${reuse.text} (smallPageReuse=mapcount:reuse; since 4.4; changed by 09854ba94c6a in 5.9)`);
    expect(explainDecision(null, on(5, 4))).toBe("no policy decision touched the frames involved");
  });
});
