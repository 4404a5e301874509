// The model's internal invariants (design.md §3, linux-cow-eras.md §7.3): the counters of
// every struct page agree with the holders that name it, no holder names a freed page, swap
// counts agree with swap PTEs, and from 5.19 the PG_anon_exclusive rules hold. A violation is
// a bug in the model, never a kernel outcome. One pass tallies the holders into typed scratch.
import { DenseIds, withRoom } from "./denseIds.js";
import { GUP_PIN_COUNTING_BIAS } from "./frame.js";
import type { Pfn, Pid, SwapSlot, Vpn } from "./ids.js";
import type { Policy } from "./policy.js";
import type { Frame, Mm, Pte, World } from "./state.js";
import { findVma } from "./vma.js";

/** One broken invariant: its name (e.g. "refcount") and what was found. */
export interface InvariantViolation {
  readonly invariant: string;
  readonly detail: string;
}

/** A broken invariant as findings, failures and traces print it: "name: what was found". */
export const violationText = (v: InvariantViolation): string => `${v.invariant}: ${v.detail}`;

/** The state of one check; the tallies live in the module's scratch below. */
interface Checker {
  readonly world: World;
  readonly policy: Policy;
  readonly out: InvariantViolation[];
  /** The mm whose PTEs are being tallied, and its ordinal (to count distinct mms per frame). */
  mm: Mm | null;
  mmNo: number;
}

/** Allocated frames, numbered in world.frames order (the frame objects kept alongside; entries past frameIds.size are stale). */
const frameIds = new DenseIds();
const frameList: Frame[] = [];
/** Per frame what its holders add up to: TALLY words at index * TALLY. */
const REFS = 0;
const MAPS = 1;
/** FOLL_PIN pins naming the frame (a pinned frame is one with pins > 0). */
const PINS = 2;
/** The distinct mms whose PTEs map the frame, and the last one counted (its ordinal + 1). */
const MMS = 3;
const LAST_MM = 4;
const BATCHED = 5;
const TALLY = 6;
let tally = new Int32Array(64 * TALLY);
/** Swap slots named by swap PTEs and shmem swap entries, in first-seen order, and how often. */
const slotIds = new DenseIds();
let slotRefs = new Int32Array(64);
/** Writable PTEs of private mappings: pid, vpn, pfn; `writableN` words in use (stale ones past it are never read). */
const writable: number[] = [];
let writableN = 0;

function fail(c: Checker, invariant: string, detail: string): void {
  c.out.push({ invariant, detail });
}

const bump = (a: Int32Array, i: number, by: number): void => {
  a[i] = (a[i] as number) + by;
};

const get = (i: number, field: number): number => tally[i * TALLY + field] as number;

const at = (pid: Pid, vpn: number): string => `pid ${pid} vpn ${vpn}`;

/** Where the writable PTE recorded at writable[k] sits. */
const writableAt = (k: number): string => at(writable[k] as Pid, writable[k + 1] as number);

/** Checks every invariant of `world` under `policy`; empty when all hold. */
export function checkInvariants(world: World, policy: Policy): InvariantViolation[] {
  const c: Checker = { world, policy, out: [], mm: null, mmNo: 0 };
  indexFrames(world);
  slotIds.reset();
  writableN = 0;
  for (const mm of world.mms.values()) checkMm(c, mm);
  tallyHolders(c);
  checkFrames(c);
  checkSwap(c);
  checkPrivateWritable(c);
  return c.out;
}

/** Numbers the allocated frames and zeroes their tallies. */
function indexFrames(world: World): void {
  frameIds.reset();
  const frames = world.frames;
  if (frames instanceof Map) {
    for (const [pfn, f] of frames) frameList[frameIds.add(pfn)] = f;
  } else {
    // A FrameTable: its forEach, not a generator.
    (frames as Map<Pfn, Frame>).forEach(indexFrame);
  }
  const words = frameIds.size * TALLY;
  if (words > tally.length) tally = withRoom(tally, words);
  for (let k = 0; k < words; k++) tally[k] = 0;
}

function indexFrame(f: Frame, pfn: Pfn): void {
  frameList[frameIds.add(pfn)] = f;
}

/** The index of a live pfn, or -1 (after reporting) when holder `what` (of id `id`) names a freed one. */
function frameIndex(c: Checker, pfn: Pfn, what: string, id: number | null): number {
  const i = frameIds.find(pfn);
  if (i < 0) fail(c, "no-freed-pfn", `${id === null ? what : `${what} ${id}`} names pfn ${pfn}, which is not allocated`);
  return i;
}

function countSlot(slot: SwapSlot): void {
  const fresh = slotIds.size;
  const i = slotIds.add(slot);
  if (i === fresh) {
    slotRefs = withRoom(slotRefs, i + 1);
    slotRefs[i] = 0;
  }
  bump(slotRefs, i, 1);
}

/**
 * A writable PTE of a private mapping maps a page no other PTE maps (every era: fork
 * write-protects, and reuse needs mapcount or refcount 1); from 5.19 the page is also
 * PG_anon_exclusive. A breach is a missed COW inside the model.
 */
function checkPrivateWritable(c: Checker): void {
  for (let k = 0; k < writableN; k += 3) {
    const pfn = writable[k + 2] as Pfn;
    const f = c.world.frames.get(pfn);
    if (f === undefined) continue;
    if (f.mapcount !== 1) {
      fail(c, "writable-private-single", `${writableAt(k)}: writable private PTE maps pfn ${pfn}, mapcount ${f.mapcount}`);
    }
    if (c.policy.anonExclusive && f.anon && !f.anonExclusive) {
      fail(c, "writable-anon-exclusive", `${writableAt(k)}: writable PTE maps pfn ${pfn}, which is not PG_anon_exclusive`);
    }
  }
}

function checkMm(c: Checker, mm: Mm): void {
  const vmas = mm.vmas;
  for (let k = 0; k < vmas.length; k++) {
    const v = vmas[k] as (typeof vmas)[number];
    if (v.start >= v.end) fail(c, "vma-sorted", `pid ${mm.pid}: empty VMA [${v.start}, ${v.end})`);
    if (k > 0 && (vmas[k - 1] as typeof v).end > v.start) fail(c, "vma-sorted", `pid ${mm.pid}: VMAs overlap or are unsorted at ${v.start}`);
    if (v.shared !== (v.shmem !== null)) fail(c, "vma-shmem", `pid ${mm.pid}: VMA at ${v.start} shared=${v.shared} shmem=${v.shmem}`);
    if (v.shmem !== null && !c.world.shmem.has(v.shmem)) fail(c, "vma-shmem", `pid ${mm.pid}: VMA at ${v.start} maps freed shmem object ${v.shmem}`);
  }
  c.mm = mm;
  const ptes = mm.ptes;
  if (ptes instanceof Map) {
    for (const [vpn, pte] of ptes) checkPte.call(c, pte, vpn);
  } else {
    // A PteTable: its forEach allocates nothing per entry, its iterator is a generator.
    (ptes as Map<Vpn, Pte>).forEach(checkPte, c);
  }
  c.mmNo++;
}

/** One PTE of c.mm: its place, its bits, and its share of its frame's counters. */
function checkPte(this: Checker, pte: Pte, vpn: Vpn): void {
  const c = this;
  const mm = c.mm as Mm;
  const vma = findVma(mm, vpn);
  if (vma === undefined) fail(c, "pte-in-vma", `${at(mm.pid, vpn)}: PTE outside every VMA`);
  if (!pte.present) {
    countSlot(pte.slot);
    if (pte.exclusive && !c.policy.anonExclusive) fail(c, "exclusive-era", `${at(mm.pid, vpn)}: swp_exclusive before 5.19`);
    return;
  }
  if (pte.write && vma !== undefined && !vma.write) fail(c, "pte-write", `${at(mm.pid, vpn)}: writable PTE in a VMA without VM_WRITE`);
  if (pte.pfn === c.world.zeroPfn) {
    if (pte.write) fail(c, "zero-page-ro", `${at(mm.pid, vpn)}: the zero page is mapped writable`);
    return;
  }
  const i = frameIds.find(pte.pfn);
  if (i < 0) {
    fail(c, "no-freed-pfn", `PTE ${at(mm.pid, vpn)} names pfn ${pte.pfn}, which is not allocated`);
    return;
  }
  const t = i * TALLY;
  bump(tally, t + REFS, 1);
  bump(tally, t + MAPS, 1);
  if (tally[t + LAST_MM] !== c.mmNo + 1) {
    tally[t + LAST_MM] = c.mmNo + 1;
    bump(tally, t + MMS, 1);
  }
  if (pte.write && vma !== undefined && !vma.shared) {
    writable[writableN] = mm.pid;
    writable[writableN + 1] = vpn;
    writable[writableN + 2] = pte.pfn;
    writableN += 3;
  }
}

/** Pipes, pins, rings, shmem objects, the swap cache and the LRU batch each hold references. */
function tallyHolders(c: Checker): void {
  const w = c.world;
  // Most worlds hold no pipes, pins, rings, shmem or swap: skip their iterators.
  if (w.pipes.size + w.pins.size + w.rings.size + w.shmem.size + w.shmemSwap.size + w.swap.size > 0) tallyOtherHolders(c);
  const batch = w.lruBatch;
  for (let k = 0; k < batch.length; k++) {
    const i = addRefs(c, batch[k] as Pfn, "LRU batch", null);
    if (i >= 0) bump(tally, i * TALLY + BATCHED, 1);
  }
}

/** Pipes, pins, rings, shmem objects and the swap cache. */
function tallyOtherHolders(c: Checker): void {
  const w = c.world;
  for (const [id, bufs] of w.pipes) for (const b of bufs) addRefs(c, b.pfn, "pipe", id);
  for (const [id, pin] of w.pins) addPin(c, pin.pfn, pin.foll, "pin", id);
  for (const [id, ring] of w.rings) for (const pfn of ring.pfns ?? []) addPin(c, pfn, ring.foll, "ring", id);
  for (const [id, pages] of w.shmem) for (const pfn of pages.values()) addRefs(c, pfn, "shmem object", id);
  for (const slots of w.shmemSwap.values()) for (const slot of slots.values()) countSlot(slot);
  for (const [slot, e] of w.swap) if (e.cache !== null) addRefs(c, e.cache, "swap cache of slot", slot);
}

/** One reference to `pfn`; its frame's index, or -1 for the zero page or a freed pfn. */
function addRefs(c: Checker, pfn: Pfn, what: string, id: number | null): number {
  if (pfn === c.world.zeroPfn) return -1;
  const i = frameIndex(c, pfn, what, id);
  if (i >= 0) bump(tally, i * TALLY + REFS, 1);
  return i;
}

/** A FOLL_GET is one reference; a FOLL_PIN is the bias from 5.7 (one reference before) and a pin. */
function addPin(c: Checker, pfn: Pfn, foll: "pin" | "get", what: string, id: number): void {
  if (pfn === c.world.zeroPfn) return;
  const i = frameIndex(c, pfn, what, id);
  if (i < 0) return;
  if (foll === "get") {
    bump(tally, i * TALLY + REFS, 1);
    return;
  }
  bump(tally, i * TALLY + REFS, c.policy.follPin === "bias" ? GUP_PIN_COUNTING_BIAS : 1);
  bump(tally, i * TALLY + PINS, 1);
}

/** Whether the batch names one pfn twice (freed ones included). */
function batchHasDuplicate(batch: readonly Pfn[]): boolean {
  if (batch.length > 64) return new Set(batch).size !== batch.length;
  for (let k = 1; k < batch.length; k++) for (let j = 0; j < k; j++) if (batch[j] === batch[k]) return true;
  return false;
}

function checkFrames(c: Checker): void {
  const w = c.world;
  if (batchHasDuplicate(w.lruBatch)) fail(c, "lru-batch", "a page sits in the LRU batch twice");
  for (let i = 0; i < frameIds.size; i++) {
    const f = frameList[i] as Frame;
    const pfn = frameIds.keys[i] as Pfn;
    if (pfn === w.zeroPfn) {
      if (f.refcount !== 1 || f.mapcount !== 0 || f.pincount !== 0 || f.anon) fail(c, "zero-page", "the zero page's counters changed");
      continue;
    }
    if (f.refcount !== get(i, REFS)) fail(c, "refcount", `pfn ${pfn}: refcount ${f.refcount}, holders add up to ${get(i, REFS)}`);
    if (f.refcount <= 0) fail(c, "refcount", `pfn ${pfn}: allocated with refcount ${f.refcount}`);
    if (f.mapcount !== get(i, MAPS)) fail(c, "mapcount", `pfn ${pfn}: mapcount ${f.mapcount}, ${get(i, MAPS)} PTEs map it`);
    if (f.pincount !== get(i, PINS)) fail(c, "pincount", `pfn ${pfn}: pincount ${f.pincount}, ${get(i, PINS)} FOLL_PIN pins name it`);
    if (f.inLruBatch !== get(i, BATCHED) > 0) fail(c, "lru-batch", `pfn ${pfn}: inLruBatch ${f.inLruBatch} disagrees with the batch`);
    if (f.inLruBatch && f.onLru) fail(c, "lru-batch", `pfn ${pfn}: both in the LRU batch and on the LRU`);
    if (f.swapCache !== null && w.swap.get(f.swapCache)?.cache !== pfn) {
      fail(c, "swap-cache", `pfn ${pfn}: PageSwapCache for slot ${f.swapCache}, which does not hold it`);
    }
    checkExclusive(c, f, i);
  }
}

/** 5.19+: X only on anon non-KSM pages, mapped by at most one mm, and kept while FOLL_PIN-ned and mapped. */
function checkExclusive(c: Checker, f: Frame, i: number): void {
  if (!c.policy.anonExclusive) {
    if (f.anonExclusive) fail(c, "exclusive-era", `pfn ${f.pfn}: PG_anon_exclusive before 5.19`);
    return;
  }
  if (f.anonExclusive && (!f.anon || f.ksm)) fail(c, "exclusive-anon", `pfn ${f.pfn}: PG_anon_exclusive on a non-anon or KSM page`);
  if (f.anonExclusive && get(i, MMS) > 1) fail(c, "exclusive-one-mm", `pfn ${f.pfn}: PG_anon_exclusive but mapped by ${get(i, MMS)} mms`);
  if (get(i, PINS) > 0 && get(i, MAPS) > 0 && f.anon && !f.anonExclusive) {
    fail(c, "pinned-exclusive", `pfn ${f.pfn}: FOLL_PIN-ned and mapped but not PG_anon_exclusive`);
  }
}

/**
 * Every shmem object has both its page cache and its swap map, and an index is either a page or
 * a swap entry, never both (shmem_swapin_folio replaces the entry by the page). Appends to `out`;
 * exported for the reference checker of the tests, which has no other version of it.
 */
export function checkShmem(w: World, out: InvariantViolation[]): void {
  const fail = (detail: string): void => void out.push({ invariant: "shmem-swap", detail });
  for (const id of w.shmemSwap.keys()) if (!w.shmem.has(id)) fail(`swap map of freed shmem object ${id}`);
  for (const [id, pages] of w.shmem) {
    const slots = w.shmemSwap.get(id);
    if (slots === undefined) {
      fail(`shmem object ${id} has no swap map`);
      continue;
    }
    for (const index of slots.keys()) if (pages.has(index)) fail(`shmem object ${id} index ${index}: both a page and a swap entry`);
  }
}

/** Swap counts: a slot's count is the swap PTEs plus the shmem swap entries naming it. */
function checkSwap(c: Checker): void {
  const w = c.world;
  if (w.shmem.size + w.shmemSwap.size > 0) checkShmem(w, c.out);
  if (w.swap.size > 0) checkSlots(c);
  for (let i = 0; i < slotIds.size; i++) {
    const slot = slotIds.keys[i] as SwapSlot;
    if (!w.swap.has(slot)) fail(c, "swap-count", `swap PTEs name freed slot ${slot}`);
  }
}

/** Each slot's count against the swap PTEs and shmem entries naming it, and its swap cache. */
function checkSlots(c: Checker): void {
  const w = c.world;
  for (const [slot, e] of w.swap) {
    const i = slotIds.find(slot);
    const ptes = i < 0 ? 0 : (slotRefs[i] as number);
    if (e.count !== ptes) fail(c, "swap-count", `slot ${slot}: swap count ${e.count}, ${ptes} swap PTEs and shmem entries name it`);
    if (e.count === 0 && e.cache === null) fail(c, "swap-count", `slot ${slot}: unused but not freed`);
    if (e.cache !== null && w.frames.get(e.cache)?.swapCache !== slot) {
      fail(c, "swap-cache", `slot ${slot}: swap cache pfn ${e.cache} does not point back`);
    }
  }
}
