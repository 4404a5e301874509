import { describe, expect, it } from "vitest";
import type { Bounds, FingerprintFn } from "../../src/checker/index.js";
import { DEFAULT_VERBS, MAX_CHECK_STEPS, checkAbstraction, fingerprint, parseVerbs } from "../../src/checker/index.js";
import { cloneLockState } from "../../src/run/lockStep.js";
import { parseVersion, policyFor } from "../../src/history/index.js";

const policy = (v: string) => policyFor(parseVersion(v) ?? (() => { throw new Error(v); })());
const bounds = (depth: number, verbs = DEFAULT_VERBS, pages = 2): Bounds => ({ procs: 2, pages, pins: 1, depth, values: 2, verbs });

describe("abstractionCheck", () => {
  // Eras where the fingerprint's ideal part matters most: FOLL_GET pipe windows on a kernel that
  // still leaks through them (5.8), and the newest. The other policies: `explore --check-abstraction`.
  for (const v of ["5.8", "6.18"]) {
    it(`finds every merge of the search sound one step deep on ${v} (2 procs x 2 pages, depth 3)`, () => {
      const r = checkAbstraction(bounds(3), policy(v));
      expect(r.mismatch).toBeNull();
      expect(r.merges).toBeGreaterThan(1000);
    });
  }

  it("finds value sets renamed symmetrically: a pipe reference's window and its mirror image merge soundly on 5.8", () => {
    // The pair that once hashed apart: vmsplice, then A and B written to the two pages in either order.
    const verbs = parseVerbs("write,vmsplice");
    if (!verbs.ok) throw new Error("verbs");
    const r = checkAbstraction(bounds(4, verbs.verbs), policy("5.8"));
    expect(r.mismatch).toBeNull();
  });

  it("finds every merge sound two steps deep on 5.10 (2 procs x 1 page, depth 3)", () => {
    const r = checkAbstraction(bounds(3, DEFAULT_VERBS, 1), policy("5.10"), fingerprint, 2);
    expect(r.mismatch).toBeNull();
    expect(r.merges).toBeGreaterThan(100);
  });

  it("finds two steps deep what one step misses: a fingerprint that reads every VMA as having an anon_vma", () => {
    // Fork copies no PTE of a VMA without an anon_vma (linux-cow-eras.md §10.1), so the flag
    // matters; the states it merges here step alike once and differ only one step further.
    const forgetsAnonVma: FingerprintFn = (s, e, c) => {
      const copy = cloneLockState(s);
      for (const mm of copy.world.mms.values()) for (const v of mm.vmas) v.anonVma = true;
      return fingerprint(copy, e, c);
    };
    const b = bounds(3, DEFAULT_VERBS, 1);
    expect(checkAbstraction(b, policy("5.10"), forgetsAnonVma, 1).mismatch).toBeNull();
    const r = checkAbstraction(b, policy("5.10"), forgetsAnonVma, 2);
    expect(r.mismatch).not.toBeNull();
    // The paths run to the pair whose successors differ: one action below the merge.
    expect(Math.max(r.mismatch?.first.length ?? 0, r.mismatch?.second.length ?? 0)).toBeGreaterThan(3);
  });

  it("takes 1 to MAX_CHECK_STEPS steps", () => {
    expect(() => checkAbstraction(bounds(1), policy("6.18"), fingerprint, 0)).toThrow(/steps/);
    expect(() => checkAbstraction(bounds(1), policy("6.18"), fingerprint, MAX_CHECK_STEPS + 1)).toThrow(/steps/);
  });

  it("reports the two paths when a coarser fingerprint merges states that differ (one that forgets mprotect)", () => {
    // Every VMA and ideal mapping read as writable (one page: mprotect splits no VMA): a read-only page and a writable one merge,
    // and a write then changes one and faults on the other.
    const forgetsProtection: FingerprintFn = (s, e, c) => {
      const copy = cloneLockState(s);
      for (const mm of copy.world.mms.values()) for (const v of mm.vmas) v.write = true;
      for (const p of copy.ideal.processes.values()) for (const [vpn, m] of p.pages) p.pages.set(vpn, { ...m, write: true });
      return fingerprint(copy, e, c);
    };
    const verbs = parseVerbs("write,read,mprotect");
    if (!verbs.ok) throw new Error("verbs");
    const r = checkAbstraction(bounds(3, verbs.verbs, 1), policy("6.18"), forgetsProtection);
    expect(r.mismatch).not.toBeNull();
    expect(r.mismatch?.first.some((a) => a.op.kind === "mprotect") || r.mismatch?.second.some((a) => a.op.kind === "mprotect")).toBe(true);
  });
});
