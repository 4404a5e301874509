import { describe, expect, it } from "vitest";
import {
  chooseMprotectUpgrade,
  neverUpgrade,
  sharedPteWritable,
  upgradeExclusive,
  upgradeExclusiveDirty,
} from "../../../src/kernel/decisions/mprotectUpgrade.js";
import { asPfn } from "../../../src/kernel/ids.js";
import type { Frame, PresentPte, Vma, World } from "../../../src/kernel/state.js";
import { createWorld } from "../../../src/kernel/world.js";
import { P, policyOf } from "../harness.js";

const vma = (o: Partial<Vma> = {}): Vma => ({
  start: 0, end: 1, read: true, write: true, mayWrite: true, shared: false, dontCopy: false, wipeOnFork: false,
  softDirty: true, mergeable: false, anonVma: true, shmem: null, ...o,
});
const pte = (o: Partial<PresentPte> = {}): PresentPte => ({ present: true, pfn: asPfn(1), write: false, dirty: true, softDirty: true, uffdWp: false, ...o });

function worldWith(o: Partial<Frame> = {}): World {
  const w = createWorld([P]);
  w.frames.set(asPfn(1), {
    pfn: asPfn(1), value: 0, refcount: 1, mapcount: 1, pincount: 0, anon: true, ksm: false, anonExclusive: true,
    swapCache: null, inLruBatch: false, onLru: true, dirty: true, ...o,
  });
  return w;
}

describe("mprotectUpgrade", () => {
  it("neverUpgrade keeps every private PTE read-only", () => {
    expect(neverUpgrade(worldWith(), vma(), pte())).toBe(false);
  });

  it("upgradeExclusive upgrades an exclusive anon page, clean or dirty", () => {
    expect(upgradeExclusive(worldWith(), vma(), pte({ dirty: false }))).toBe(true);
    expect(upgradeExclusive(worldWith({ anonExclusive: false }), vma(), pte())).toBe(false);
    expect(upgradeExclusive(worldWith({ anon: false, anonExclusive: false }), vma(), pte())).toBe(false);
  });

  it("upgradeExclusive never upgrades the zero page or a uffd-wp PTE", () => {
    const w = worldWith();
    expect(upgradeExclusive(w, vma(), pte({ pfn: w.zeroPfn }))).toBe(false);
    expect(upgradeExclusive(w, vma(), pte({ uffdWp: true }))).toBe(false);
  });

  it("upgradeExclusive waits for the write fault soft-dirty tracking wants", () => {
    expect(upgradeExclusive(worldWith(), vma({ softDirty: false }), pte({ softDirty: false }))).toBe(false);
    expect(upgradeExclusive(worldWith(), vma({ softDirty: false }), pte({ softDirty: true }))).toBe(true);
    expect(upgradeExclusive(worldWith(), vma({ softDirty: true }), pte({ softDirty: false }))).toBe(true);
  });

  it("upgradeExclusiveDirty also wants the PTE dirty", () => {
    expect(upgradeExclusiveDirty(worldWith(), vma(), pte())).toBe(true);
    expect(upgradeExclusiveDirty(worldWith(), vma(), pte({ dirty: false }))).toBe(false);
  });

  it("chooses the rule of each era", () => {
    expect(chooseMprotectUpgrade(policyOf("5.19"))).toBe(neverUpgrade);
    expect(chooseMprotectUpgrade(policyOf("6.0"))).toBe(upgradeExclusiveDirty);
    expect(chooseMprotectUpgrade(policyOf("6.1"))).toBe(upgradeExclusiveDirty);
    expect(chooseMprotectUpgrade(policyOf("6.2"))).toBe(upgradeExclusive);
    expect(chooseMprotectUpgrade(policyOf("6.18"))).toBe(upgradeExclusive);
  });

  it("gives a shared mapping's PTE the write bit unless soft-dirty tracking needs a fault", () => {
    const shared = vma({ shared: true, shmem: 1 });
    expect(sharedPteWritable(policyOf("5.10"), shared, pte({ dirty: false }))).toBe(true);
    expect(sharedPteWritable(policyOf("5.10"), vma({ shared: true, write: false }), pte())).toBe(false);
    const tracked = vma({ shared: true, shmem: 1, softDirty: false });
    expect(sharedPteWritable(policyOf("5.10"), tracked, pte({ softDirty: false }))).toBe(true);
    expect(sharedPteWritable(policyOf("6.0"), tracked, pte({ softDirty: false }))).toBe(false);
    expect(sharedPteWritable(policyOf("6.0"), tracked, pte({ dirty: false }))).toBe(false);
  });
});
