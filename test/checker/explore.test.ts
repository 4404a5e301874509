import { describe, expect, it } from "vitest";
import type { Action, Bounds, CheckerVerb, ExploreResult } from "../../src/checker/index.js";
import type { Pid } from "../../src/kernel/ids.js";
import { FIRST_REGION_VPN } from "../../src/scenario/index.js";
import { DEFAULT_VERBS, explore, parseVerbs, replayWitness } from "../../src/checker/index.js";
import { parseVersion, policyFor } from "../../src/history/index.js";

function verbs(list: string): CheckerVerb[] {
  const r = parseVerbs(list);
  if (!r.ok) throw new Error(`bad verbs ${list}`);
  return r.verbs;
}

/** `p: write buf[0] A` before the search: the page is populated, so no witness goes through the zero page. */
const WRITE_A: Action = { verb: "write", op: { kind: "write", pid: 0 as Pid, range: { start: FIRST_REGION_VPN, pages: 1 }, value: 65 } };

function search(version: string, b: Partial<Bounds> & { verbs: readonly CheckerVerb[] }, all = true, prefix: readonly Action[] = []): ExploreResult {
  const v = parseVersion(version);
  if (v === null) throw new Error(version);
  const bounds: Bounds = { procs: 2, pages: 1, pins: 1, depth: 6, values: 2, ...b };
  return explore({ bounds, policy: policyFor(v), all, prefix });
}

const classes = (r: ExploreResult): string[] => r.witnesses.map((w) => w.class).sort();
const lengthOf = (r: ExploreResult, cls: string): number | undefined => r.witnesses.find((w) => w.class === cls)?.path.length;

describe("explore", () => {
  const vmsplice = verbs("write,fork,exit,munmap,vmsplice");

  it("rediscovers the vmsplice leak (missed-cow) on 5.4 and replays it with run", () => {
    const r = search("5.4", { verbs: vmsplice }, false);
    expect(r.stop).toBe("found");
    const w = r.witnesses[0];
    expect(w?.class).toBe("missed-cow");
    expect(w?.path.some((a) => a.op.kind === "vmsplice")).toBe(true);
    const replay = replayWitness(w!, r.policy, 1, "test");
    expect(replay.step?.divergence?.class).toBe("missed-cow");
    expect(replay.text).toContain("p: mmap buf 1 rw");
  });

  it("finds no missed-cow with vmsplice on 5.10 within the same bound", () => {
    const r = search("5.10", { verbs: vmsplice });
    expect(classes(r)).not.toContain("missed-cow");
    expect(r.stats.depth).toBe(6);
  });

  const roPin = verbs("write,fork,pin");

  it("rediscovers the R/O pin on a COW-shared page (wrong-cow) on 5.10, not on 6.1", () => {
    const old = search("5.10", { verbs: roPin, depth: 4 }, true, [WRITE_A]);
    const w = old.witnesses.find((x) => x.class === "wrong-cow");
    expect(w?.path.map((a) => a.op.kind)).toEqual(["write", "fork", "pin", "write", "pin-read"]);
    expect(w?.path[2]?.op).toMatchObject({ kind: "pin", write: false });
    expect(classes(search("6.1", { verbs: roPin, depth: 4 }, true, [WRITE_A]))).not.toContain("wrong-cow");
  });

  it("finds the R/O long-term pin of the zero page first when the page starts untouched (wrong-cow on 5.10 and 6.1, not 6.2)", () => {
    for (const v of ["5.10", "6.1"]) {
      const w = search(v, { verbs: roPin, depth: 3 }).witnesses.find((x) => x.class === "wrong-cow");
      expect(w?.path.map((a) => a.op.kind)).toEqual(["pin", "write", "pin-read"]);
    }
    expect(classes(search("6.2", { verbs: roPin, depth: 3 }))).not.toContain("wrong-cow");
  });

  const mprotectPin = verbs("write,mprotect,pin");

  it("rediscovers the pin + mprotect RO/RW wrong-cow without fork on 5.10, not on 6.18", () => {
    const old = search("5.10", { verbs: mprotectPin, depth: 5 }, true, [WRITE_A]);
    const w = old.witnesses.find((x) => x.class === "wrong-cow");
    expect(w?.path.map((a) => a.op.kind)).toContain("mprotect");
    expect(w?.path.map((a) => a.op.kind)).not.toContain("fork");
    expect(classes(search("6.18", { verbs: mprotectPin, depth: 5 }, true, [WRITE_A]))).not.toContain("wrong-cow");
  });

  const iouring = verbs("write,fork,iouring");

  it("rediscovers io_uring + fork (wrong-cow) on 5.4, not on 5.10", () => {
    const old = search("5.4", { verbs: iouring, depth: 5 });
    const w = old.witnesses.find((x) => x.class === "wrong-cow");
    expect(w?.path.map((a) => a.op.kind)).toEqual(expect.arrayContaining(["iouring-register", "fork"]));
    expect(classes(search("5.10", { verbs: iouring, depth: 5 }))).not.toContain("wrong-cow");
  });

  it("finds no missed-cow and no wrong-cow on 6.18 with 2 processes, 2 pages, depth 3, default verbs", () => {
    const r = search("6.18", { verbs: DEFAULT_VERBS, pages: 2, depth: 3 });
    expect(classes(r)).not.toContain("missed-cow");
    expect(classes(r)).not.toContain("wrong-cow");
    expect(r.stats.states).toBeGreaterThan(100);
  });

  it("stores fewer states with canonical renaming than with raw fingerprints", () => {
    const bounds = { procs: 2, pages: 2, pins: 1, depth: 3, values: 2, verbs: verbs("write,read,fork,exit,munmap,dontneed") };
    const policy = policyFor({ major: 6, minor: 1 });
    const canonical = explore({ bounds, policy, all: true });
    const raw = explore({ bounds, policy, all: true, canonical: false });
    expect(canonical.stats.states).toBeLessThan(raw.stats.states);
    expect(canonical.witnesses).toEqual(raw.witnesses);
  });

  it("gives the same result twice (deterministic)", () => {
    const a = search("5.4", { verbs: iouring, depth: 4 });
    const b = search("5.4", { verbs: iouring, depth: 4 });
    expect(JSON.stringify(a.witnesses)).toBe(JSON.stringify(b.witnesses));
    expect(a.stats.states).toBe(b.stats.states);
    expect(a.stats.transitions).toBe(b.stats.transitions);
  });

  it("reports the bound reached when nothing diverges", () => {
    const r = search("6.18", { verbs: verbs("write,read"), depth: 2 });
    expect(r.witnesses).toEqual([]);
    expect(r.stats.depth).toBe(2);
  });
});
