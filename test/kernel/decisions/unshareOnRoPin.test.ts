import { describe, expect, it } from "vitest";
import { chooseGupMustUnshare, neverUnshare, unshareAnon, unshareAnonAndLongtermNonAnon } from "../../../src/kernel/decisions/unshareOnRoPin.js";
import type { WalkFlags } from "../../../src/kernel/gupTypes.js";
import { asPfn } from "../../../src/kernel/ids.js";
import type { Frame, Vma } from "../../../src/kernel/state.js";
import { policyOf } from "../harness.js";

const vma = (o: Partial<Vma> = {}): Vma => ({
  start: 0, end: 1, read: true, write: true, mayWrite: true, shared: false, dontCopy: false,
  wipeOnFork: false, softDirty: true, mergeable: false, anonVma: true, shmem: null, ...o,
});
const frame = (o: Partial<Frame> = {}): Frame => ({
  pfn: asPfn(1), value: 0, refcount: 2, mapcount: 2, pincount: 0, anon: true, ksm: false, anonExclusive: false,
  swapCache: null, inLruBatch: false, onLru: true, dirty: true, ...o,
});
const roPin: WalkFlags = { write: false, force: false, foll: "pin", longterm: true, cow: false };
const zero = frame({ anon: false });

describe("unshareOnRoPin", () => {
  it("never unshares before 5.19", () => {
    expect(neverUnshare(roPin, frame(), vma())).toBe(false);
    expect(chooseGupMustUnshare(policyOf("5.18"))).toBe(neverUnshare);
  });
  it("unshares a non-exclusive anon page (KSM pages included) for a R/O pin from 5.19", () => {
    expect(unshareAnon(roPin, frame(), vma())).toBe(true);
    expect(unshareAnon(roPin, frame({ ksm: true }), vma())).toBe(true);
    expect(unshareAnon(roPin, frame({ anonExclusive: true }), vma())).toBe(false);
    expect(unshareAnon(roPin, zero, vma())).toBe(false);
  });
  it("ignores FOLL_GET and write pins", () => {
    expect(unshareAnon({ ...roPin, foll: "get" }, frame(), vma())).toBe(false);
    expect(unshareAnon({ ...roPin, write: true }, frame(), vma())).toBe(false);
  });
  it("from 6.2 also unshares a non-anon page for a long-term pin in a COW mapping", () => {
    expect(unshareAnonAndLongtermNonAnon(roPin, zero, vma())).toBe(true);
    expect(unshareAnonAndLongtermNonAnon({ ...roPin, longterm: false }, zero, vma())).toBe(false);
    expect(unshareAnonAndLongtermNonAnon(roPin, zero, vma({ shared: true, shmem: 1 }))).toBe(false);
    expect(chooseGupMustUnshare(policyOf("6.1"))).toBe(unshareAnon);
    expect(chooseGupMustUnshare(policyOf("6.2"))).toBe(unshareAnonAndLongtermNonAnon);
  });
});
