// The bound the checker issue names for 6.18: base pages, 2 processes x 2 pages, every default
// verb, depth 6. Millions of states: the slowest test of the suite (minutes on one core).
import { describe, expect, it } from "vitest";
import { DEFAULT_VERBS, explore } from "../../src/checker/index.js";
import { policyFor } from "../../src/history/index.js";

describe("explore at depth 6", () => {
  it("finds no missed-cow and no wrong-cow on 6.18 with 2 processes and 2 pages", () => {
    const r = explore({ bounds: { procs: 2, pages: 2, pins: 1, depth: 6, values: 2, verbs: DEFAULT_VERBS }, policy: policyFor({ major: 6, minor: 18 }), all: true });
    const classes = r.witnesses.map((w) => w.class);
    expect(classes).not.toContain("missed-cow");
    expect(classes).not.toContain("wrong-cow");
    expect(classes).toEqual([]);
    expect(r.stop).toBe("bound");
    expect(r.stats.depth).toBe(6);
    expect(r.stats.states).toBe(3107578);
  }, 1_800_000);
});
