import { describe, expect, it } from "vitest";
import { anonExclusiveOnly, chooseCanFollowWritePte, follCowDirty, follCowDirtyNoForce } from "../../../src/kernel/decisions/forceWriteAcceptance.js";
import type { FollowWriteInput } from "../../../src/kernel/decisions/forceWriteAcceptance.js";
import type { Frame, PresentPte, Vma } from "../../../src/kernel/state.js";
import { asPfn } from "../../../src/kernel/ids.js";
import { policyOf } from "../harness.js";

const pte = (o: Partial<PresentPte> = {}): PresentPte => ({ present: true, pfn: asPfn(1), write: false, dirty: true, softDirty: true, uffdWp: false, ...o });
const vma = (o: Partial<Vma> = {}): Vma => ({
  start: 0, end: 1, read: true, write: false, mayWrite: true, shared: false, dontCopy: false,
  wipeOnFork: false, softDirty: true, mergeable: false, anonVma: true, shmem: null, ...o,
});
const frame = (o: Partial<Frame> = {}): Frame => ({
  pfn: asPfn(1), value: 0, refcount: 1, mapcount: 1, pincount: 0, anon: true, ksm: false, anonExclusive: true,
  swapCache: null, inLruBatch: false, onLru: true, dirty: true, ...o,
});
const input = (o: Partial<FollowWriteInput> = {}): FollowWriteInput => ({
  pte: pte(), frame: frame(), vma: vma(), flags: { write: true, force: true, foll: "get", longterm: false, cow: true }, ...o,
});
const noCow = { write: true, force: true, foll: "get", longterm: false, cow: false } as const;
const noForce = { write: true, force: false, foll: "get", longterm: false, cow: true } as const;

describe("forceWriteAcceptance", () => {
  it("always accepts a writable PTE", () => {
    for (const f of [follCowDirty, follCowDirtyNoForce, anonExclusiveOnly]) {
      expect(f(input({ pte: pte({ write: true }), flags: { ...noCow, force: false } }))).toBe(true);
    }
  });

  it("follcow-dirty needs FOLL_FORCE, FOLL_COW and a dirty PTE", () => {
    expect(follCowDirty(input())).toBe(true);
    expect(follCowDirty(input({ flags: noCow }))).toBe(false);
    expect(follCowDirty(input({ flags: noForce }))).toBe(false);
    expect(follCowDirty(input({ pte: pte({ dirty: false }) }))).toBe(false);
  });

  it("follcow-dirty-noforce (5.8) drops the FOLL_FORCE requirement", () => {
    expect(follCowDirtyNoForce(input({ flags: noForce }))).toBe(true);
    expect(follCowDirtyNoForce(input({ flags: noCow }))).toBe(false);
  });

  it("anon-exclusive (6.0) needs a forced write to an exclusive anon page of a private read-only VMA", () => {
    expect(anonExclusiveOnly(input({ flags: noCow }))).toBe(true);
    expect(anonExclusiveOnly(input({ frame: frame({ anonExclusive: false }) }))).toBe(false);
    expect(anonExclusiveOnly(input({ frame: null }))).toBe(false);
    expect(anonExclusiveOnly(input({ vma: vma({ write: true }) }))).toBe(false);
    expect(anonExclusiveOnly(input({ vma: vma({ shared: true }) }))).toBe(false);
    expect(anonExclusiveOnly(input({ vma: vma({ mayWrite: false }) }))).toBe(false);
    expect(anonExclusiveOnly(input({ flags: noForce }))).toBe(false);
    expect(anonExclusiveOnly(input({ pte: pte({ uffdWp: true }) }))).toBe(false);
  });

  it("anon-exclusive waits for the soft-dirty fault once tracking is on", () => {
    expect(anonExclusiveOnly(input({ vma: vma({ softDirty: false }), pte: pte({ softDirty: false }) }))).toBe(false);
    expect(anonExclusiveOnly(input({ vma: vma({ softDirty: false }), pte: pte({ softDirty: true }) }))).toBe(true);
  });

  it.each([
    ["4.19", follCowDirty],
    ["5.8", follCowDirtyNoForce],
    ["5.19", follCowDirty],
    ["6.0", anonExclusiveOnly],
  ] as const)("picks the %s rule", (v, f) => {
    expect(chooseCanFollowWritePte(policyOf(v))).toBe(f);
  });
});
