// The invariants as first written (a Map and a Set per frame, a string per PTE): the oracle the
// property in invariants.property.test.ts holds the typed-scratch version to, violation for violation.
// The shmem check, which that rewrite left as it was, is the checker's own (checkShmem).
import { GUP_PIN_COUNTING_BIAS } from "../../src/kernel/frame.js";
import { checkShmem } from "../../src/kernel/invariants.js";
import type { Pfn, Pid, SwapSlot } from "../../src/kernel/ids.js";
import type { Policy } from "../../src/kernel/policy.js";
import type { Frame, Mm, Vma, World } from "../../src/kernel/state.js";
import { findVma } from "../../src/kernel/vma.js";

/** One broken invariant: its name (e.g. "refcount") and what was found. */
interface InvariantViolation {
  readonly invariant: string;
  readonly detail: string;
}

/** What the holders of one frame add up to. */
interface Tally {
  refs: number;
  maps: number;
  pins: number;
  /** The mms whose PTEs map the frame. */
  mms: Set<Pid>;
  /** A FOLL_PIN pin (gup_test or ring) names it. */
  pinned: boolean;
}

/** The state of one check: the violations so far and the tallies built from the holders. */
interface Checker {
  readonly world: World;
  readonly policy: Policy;
  readonly out: InvariantViolation[];
  readonly tallies: Map<Pfn, Tally>;
  readonly swapPtes: Map<SwapSlot, number>;
}

function fail(c: Checker, invariant: string, detail: string): void {
  c.out.push({ invariant, detail });
}

/** The tally of a live pfn, or null (after reporting) when `who` names a freed one. */
function tally(c: Checker, pfn: Pfn, who: string): Tally | null {
  if (!c.world.frames.has(pfn)) {
    fail(c, "no-freed-pfn", `${who} names pfn ${pfn}, which is not allocated`);
    return null;
  }
  let t = c.tallies.get(pfn);
  if (t === undefined) {
    t = { refs: 0, maps: 0, pins: 0, mms: new Set(), pinned: false };
    c.tallies.set(pfn, t);
  }
  return t;
}

/** One FOLL_PIN's share of the refcount: the bias from 5.7, a plain reference before. */
function pinRefs(c: Checker): number {
  return c.policy.follPin === "bias" ? GUP_PIN_COUNTING_BIAS : 1;
}

/** Checks every invariant of `world` under `policy`; empty when all hold. */
export function checkInvariantsReference(world: World, policy: Policy): InvariantViolation[] {
  const c: Checker = { world, policy, out: [], tallies: new Map(), swapPtes: new Map() };
  const privateWritable: [string, Pfn][] = [];
  for (const mm of world.mms.values()) checkMm(c, mm, privateWritable);
  tallyHolders(c);
  checkFrames(c);
  checkSwap(c);
  checkPrivateWritable(c, privateWritable);
  return c.out;
}

/**
 * A writable PTE of a private mapping maps a page no other PTE maps (every era: fork
 * write-protects, and reuse needs mapcount or refcount 1); from 5.19 the page is also
 * PG_anon_exclusive. A breach is a missed COW inside the model.
 */
function checkPrivateWritable(c: Checker, ptes: readonly [string, Pfn][]): void {
  for (const [at, pfn] of ptes) {
    const f = c.world.frames.get(pfn);
    if (f === undefined) continue;
    if (f.mapcount !== 1) fail(c, "writable-private-single", `${at}: writable private PTE maps pfn ${pfn}, mapcount ${f.mapcount}`);
    if (c.policy.anonExclusive && f.anon && !f.anonExclusive) {
      fail(c, "writable-anon-exclusive", `${at}: writable PTE maps pfn ${pfn}, which is not PG_anon_exclusive`);
    }
  }
}

function checkMm(c: Checker, mm: Mm, privateWritable: [string, Pfn][]): void {
  let prev: Vma | undefined;
  for (const v of mm.vmas) {
    if (v.start >= v.end) fail(c, "vma-sorted", `pid ${mm.pid}: empty VMA [${v.start}, ${v.end})`);
    if (prev !== undefined && prev.end > v.start) fail(c, "vma-sorted", `pid ${mm.pid}: VMAs overlap or are unsorted at ${v.start}`);
    if (v.shared !== (v.shmem !== null)) fail(c, "vma-shmem", `pid ${mm.pid}: VMA at ${v.start} shared=${v.shared} shmem=${v.shmem}`);
    if (v.shmem !== null && !c.world.shmem.has(v.shmem)) fail(c, "vma-shmem", `pid ${mm.pid}: VMA at ${v.start} maps freed shmem object ${v.shmem}`);
    prev = v;
  }
  for (const [vpn, pte] of mm.ptes) {
    const vma = findVma(mm, vpn);
    const at = `pid ${mm.pid} vpn ${vpn}`;
    if (vma === undefined) fail(c, "pte-in-vma", `${at}: PTE outside every VMA`);
    if (!pte.present) {
      c.swapPtes.set(pte.slot, (c.swapPtes.get(pte.slot) ?? 0) + 1);
      if (pte.exclusive && !c.policy.anonExclusive) fail(c, "exclusive-era", `${at}: swp_exclusive before 5.19`);
      continue;
    }
    if (pte.write && vma !== undefined && !vma.write) fail(c, "pte-write", `${at}: writable PTE in a VMA without VM_WRITE`);
    if (pte.pfn === c.world.zeroPfn) {
      if (pte.write) fail(c, "zero-page-ro", `${at}: the zero page is mapped writable`);
      continue;
    }
    const t = tally(c, pte.pfn, `PTE ${at}`);
    if (t === null) continue;
    t.refs++;
    t.maps++;
    t.mms.add(mm.pid);
    if (pte.write && vma !== undefined && !vma.shared) privateWritable.push([at, pte.pfn]);
  }
}

/** Pipes, pins, rings, shmem objects, the swap cache and the LRU batch each hold references. */
function tallyHolders(c: Checker): void {
  const w = c.world;
  for (const [id, bufs] of w.pipes) for (const b of bufs) addRefs(c, b.pfn, 1, `pipe ${id}`);
  for (const [id, pin] of w.pins) addPin(c, pin.pfn, pin.foll, `pin ${id}`);
  for (const [id, ring] of w.rings) for (const pfn of ring.pfns ?? []) addPin(c, pfn, ring.foll, `ring ${id}`);
  for (const [id, pages] of w.shmem) for (const pfn of pages.values()) addRefs(c, pfn, 1, `shmem object ${id}`);
  for (const slots of w.shmemSwap.values()) {
    for (const slot of slots.values()) c.swapPtes.set(slot, (c.swapPtes.get(slot) ?? 0) + 1);
  }
  for (const [slot, e] of w.swap) if (e.cache !== null) addRefs(c, e.cache, 1, `swap cache of slot ${slot}`);
  for (const pfn of w.lruBatch) addRefs(c, pfn, 1, "LRU batch");
}

function addRefs(c: Checker, pfn: Pfn, refs: number, who: string): void {
  if (pfn === c.world.zeroPfn) return;
  const t = tally(c, pfn, who);
  if (t !== null) t.refs += refs;
}

function addPin(c: Checker, pfn: Pfn, foll: "pin" | "get", who: string): void {
  if (pfn === c.world.zeroPfn) return;
  const t = tally(c, pfn, who);
  if (t === null) return;
  if (foll === "get") {
    t.refs++;
    return;
  }
  t.refs += pinRefs(c);
  t.pins++;
  t.pinned = true;
}

const EMPTY: Tally = { refs: 0, maps: 0, pins: 0, mms: new Set(), pinned: false };

function checkFrames(c: Checker): void {
  const w = c.world;
  const batched = new Set(w.lruBatch);
  if (batched.size !== w.lruBatch.length) fail(c, "lru-batch", "a page sits in the LRU batch twice");
  for (const [pfn, f] of w.frames) {
    if (pfn === w.zeroPfn) {
      if (f.refcount !== 1 || f.mapcount !== 0 || f.pincount !== 0 || f.anon) fail(c, "zero-page", "the zero page's counters changed");
      continue;
    }
    const t = c.tallies.get(pfn) ?? EMPTY;
    const at = `pfn ${pfn}`;
    if (f.refcount !== t.refs) fail(c, "refcount", `${at}: refcount ${f.refcount}, holders add up to ${t.refs}`);
    if (f.refcount <= 0) fail(c, "refcount", `${at}: allocated with refcount ${f.refcount}`);
    if (f.mapcount !== t.maps) fail(c, "mapcount", `${at}: mapcount ${f.mapcount}, ${t.maps} PTEs map it`);
    if (f.pincount !== t.pins) fail(c, "pincount", `${at}: pincount ${f.pincount}, ${t.pins} FOLL_PIN pins name it`);
    if (f.inLruBatch !== batched.has(pfn)) fail(c, "lru-batch", `${at}: inLruBatch ${f.inLruBatch} disagrees with the batch`);
    if (f.inLruBatch && f.onLru) fail(c, "lru-batch", `${at}: both in the LRU batch and on the LRU`);
    if (f.swapCache !== null && c.world.swap.get(f.swapCache)?.cache !== pfn) {
      fail(c, "swap-cache", `${at}: PageSwapCache for slot ${f.swapCache}, which does not hold it`);
    }
    checkExclusive(c, f, t);
  }
}

/** 5.19+: X only on anon non-KSM pages, mapped by at most one mm, and kept while FOLL_PIN-ned and mapped. */
function checkExclusive(c: Checker, f: Frame, t: Tally): void {
  const at = `pfn ${f.pfn}`;
  if (!c.policy.anonExclusive) {
    if (f.anonExclusive) fail(c, "exclusive-era", `${at}: PG_anon_exclusive before 5.19`);
    return;
  }
  if (f.anonExclusive && (!f.anon || f.ksm)) fail(c, "exclusive-anon", `${at}: PG_anon_exclusive on a non-anon or KSM page`);
  if (f.anonExclusive && t.mms.size > 1) fail(c, "exclusive-one-mm", `${at}: PG_anon_exclusive but mapped by ${t.mms.size} mms`);
  if (t.pinned && t.maps > 0 && f.anon && !f.anonExclusive) fail(c, "pinned-exclusive", `${at}: FOLL_PIN-ned and mapped but not PG_anon_exclusive`);
}

/** Swap counts: a slot's count is the swap PTEs plus the shmem swap entries naming it. */
function checkSwap(c: Checker): void {
  checkShmem(c.world, c.out);
  for (const [slot, e] of c.world.swap) {
    const ptes = c.swapPtes.get(slot) ?? 0;
    if (e.count !== ptes) fail(c, "swap-count", `slot ${slot}: swap count ${e.count}, ${ptes} swap PTEs and shmem entries name it`);
    if (e.count === 0 && e.cache === null) fail(c, "swap-count", `slot ${slot}: unused but not freed`);
    if (e.cache !== null && c.world.frames.get(e.cache)?.swapCache !== slot) {
      fail(c, "swap-cache", `slot ${slot}: swap cache pfn ${e.cache} does not point back`);
    }
  }
  for (const slot of c.swapPtes.keys()) if (!c.world.swap.has(slot)) fail(c, "swap-count", `swap PTEs name freed slot ${slot}`);
}
