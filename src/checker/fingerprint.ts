// The fingerprint of an explored state: kernel world and ideal machine written as one canonical
// word stream (processes by pid, PTEs by address, holders by id, then frames, swap slots and
// logical pages in order of first occurrence) and hashed to 64 bits. The ideal's value history
// enters only as the value sets its judgements read, so equal futures give equal fingerprints.
import type { Ideal, IdealRef, LogicalPage } from "../ideal/index.js";
import type { Mm, Pte, Vma, World } from "../kernel/state.js";
import type { LockState } from "../run/lockStep.js";
import type { Encoder } from "./renaming.js";
import { pteBits } from "./pteBits.js";
import { finishFingerprint, renameIn, resetEncoder, value, valueBit, valueMask, word } from "./renaming.js";

const b = (x: boolean, bit: number): number => (x ? 1 << bit : 0);
const sortedKeys = (m: ReadonlyMap<number, unknown>): number[] => [...m.keys()].sort((x, y) => x - y);
/** The ids either machine knows, ascending. */
function unionKeys(a: ReadonlyMap<number, unknown>, b: ReadonlyMap<number, unknown>): number[] {
  const keys = [...a.keys()];
  for (const k of b.keys()) if (!a.has(k)) keys.push(k);
  return keys.sort((x, y) => x - y);
}

/** Ids a path has handed out: they decide which actions come next, so they are part of the state. */
export interface PathIds {
  readonly nextPid: number;
  readonly pipes: number;
  readonly rings: number;
  readonly pins: number;
  readonly letters: number;
}

/**
 * The state's 64-bit fingerprint as [lo, hi]; `e` decides canonical or raw ids. Two states that
 * differ only in the ids handed out so far enable different actions, so `ids` is hashed too:
 * without it, whichever path reached a state first would decide what is explored below it.
 */
export function fingerprint(s: LockState, e: Encoder, ids: PathIds): [number, number] {
  const w = s.world;
  resetEncoder(e, w.zeroPfn);
  word(e, ids.nextPid);
  word(e, ids.pipes);
  word(e, ids.rings);
  word(e, ids.pins);
  word(e, ids.letters);
  const pids = [...new Set([...w.mms.keys(), ...s.ideal.processes.keys()])].sort((x, y) => x - y);
  word(e, pids.length);
  for (const pid of pids) renameIn(e, e.procs, pid);
  for (const pid of pids) {
    const mm = w.mms.get(pid as never);
    if (mm === undefined) word(e, -1);
    else encodeMm(e, mm);
    encodeIdealProcess(e, s.ideal, pid);
  }
  encodeHolders(e, s);
  encodeContents(e, w, s.ideal);
  return finishFingerprint(e);
}

const frame = (e: Encoder, pfn: number): void => word(e, renameIn(e, e.frames, pfn));
const slot = (e: Encoder, n: number): void => word(e, renameIn(e, e.slots, n));
const page = (e: Encoder, id: number): void => word(e, renameIn(e, e.pages, id));
/** Processes keep their pid order (rmap walks and ksmd visit mms by pid): a pid becomes its rank. */
const proc = (e: Encoder, pid: number): number => renameIn(e, e.procs, pid);

function vmaBits(v: Vma): number {
  return b(v.read, 0) | b(v.write, 1) | b(v.mayWrite, 2) | b(v.shared, 3) | b(v.dontCopy, 4) | b(v.wipeOnFork, 5)
    | b(v.softDirty, 6) | b(v.mergeable, 7) | b(v.anonVma, 8);
}

function encodeMm(e: Encoder, mm: Mm): void {
  word(e, (mm.hasPinned ? 1 : 0) | (mm.vmas.length << 1));
  for (const v of mm.vmas) {
    word(e, v.start);
    word(e, v.end);
    word(e, vmaBits(v));
    word(e, v.shmem === null ? -1 : renameIn(e, e.shmem, v.shmem));
  }
  word(e, mm.ptes.size);
  for (const vpn of sortedKeys(mm.ptes)) encodePte(e, vpn, mm.ptes.get(vpn) as Pte);
}

function encodePte(e: Encoder, vpn: number, p: Pte): void {
  word(e, vpn);
  word(e, pteBits(p));
  if (p.present) frame(e, p.pfn);
  else slot(e, p.slot);
}

function encodeIdealProcess(e: Encoder, ideal: Ideal, pid: number): void {
  const p = ideal.processes.get(pid);
  if (p === undefined) return word(e, -1);
  word(e, p.pages.size);
  for (const vpn of sortedKeys(p.pages)) {
    const m = p.pages.get(vpn);
    if (m === undefined) continue;
    word(e, vpn);
    word(e, b(m.read, 0) | b(m.write, 1) | b(m.shared, 2) | b(m.dontCopy, 3) | b(m.wipeOnFork, 4));
    page(e, m.page);
  }
}

/** The values a FOLL_GET reference taken at `since` may still show (valuesSince, as a set). */
function windowMask(p: LogicalPage, since: number): number {
  let mask = 0;
  const h = p.history;
  for (let i = 0; i < h.length; i++) {
    const entry = h[i];
    const next = h[i + 1];
    if (entry !== undefined && (entry.at >= since || next === undefined || next.at > since)) mask |= valueBit(entry.value);
  }
  return mask;
}

function encodeRef(e: Encoder, ideal: Ideal, r: IdealRef | null): void {
  if (r === null) return word(e, -1);
  page(e, r.page);
  word(e, r.foll === "pin" ? 1 : 2);
  const p = ideal.pages.get(r.page);
  if (r.foll === "get" && p !== undefined) valueMask(e, windowMask(p, r.since));
}

/** Pipes, pins and rings of both machines, by id; the CPU's LRU batch; shmem objects. */
function encodeHolders(e: Encoder, s: LockState): void {
  const { world: w, ideal } = s;
  for (const id of unionKeys(w.pipes, ideal.pipes)) {
    const bufs = w.pipes.get(id as never) ?? [];
    const refs = ideal.pipes.get(id) ?? [];
    if (bufs.length === 0 && refs.length === 0) continue;
    word(e, 0x70000 | bufs.length);
    for (const buf of bufs) frame(e, buf.pfn);
    word(e, refs.length);
    for (const r of refs) encodeRef(e, ideal, r);
  }
  for (const id of unionKeys(w.pins, ideal.pins)) {
    const pin = w.pins.get(id as never);
    word(e, 0x71000);
    if (pin !== undefined) {
      frame(e, pin.pfn);
      word(e, (pin.foll === "pin" ? 1 : 2) | b(pin.write, 2) | b(pin.longterm, 3) | (proc(e, pin.owner) << 4));
    }
    const ip = ideal.pins.get(id);
    if (ip !== undefined) {
      word(e, proc(e, ip.owner));
      encodeRef(e, ideal, ip);
    }
  }
  encodeRings(e, s);
  word(e, 0x73000 | w.lruBatch.length);
  for (const pfn of w.lruBatch) frame(e, pfn);
  for (const id of sortedKeys(w.shmem)) {
    word(e, 0x74000 | renameIn(e, e.shmem, id));
    const pages = w.shmem.get(id) ?? new Map<number, number>();
    for (const index of sortedKeys(pages)) {
      word(e, index);
      frame(e, pages.get(index) ?? 0);
    }
  }
}

function encodeRings(e: Encoder, s: LockState): void {
  const { world: w, ideal } = s;
  for (const id of unionKeys(w.rings, ideal.rings)) {
    const ring = w.rings.get(id as never);
    const ir = ideal.rings.get(id);
    const live = ring !== undefined && ring.pfns !== null;
    if (!live && (ir === undefined || ir.pages === null)) continue;
    word(e, 0x72000);
    if (ring !== undefined && ring.pfns !== null) {
      word(e, ring.foll === "pin" ? 1 : 2);
      for (const o of ring.owners) word(e, proc(e, o));
      word(e, -2);
      for (const pfn of ring.pfns) frame(e, pfn);
    }
    word(e, -3);
    if (ir !== undefined && ir.pages !== null) {
      for (const o of ir.owners) word(e, proc(e, o));
      word(e, -2);
      for (const r of ir.pages) encodeRef(e, ideal, r);
    }
  }
}

/** Frames, swap slots and logical pages in order of first occurrence, then what no one names. */
function encodeContents(e: Encoder, w: World, ideal: Ideal): void {
  let f = 0;
  let sl = 0;
  for (;;) {
    for (; f < e.frames.order.length; f++) encodeFrame(e, w, e.frames.order[f] ?? 0);
    for (; sl < e.slots.order.length; sl++) encodeSlot(e, w, e.slots.order[sl] ?? 0);
    if (f < e.frames.order.length) continue;
    const strayFrame = firstUnnamed(w.frames.keys(), e.frames.map);
    const straySlot = strayFrame === null ? firstUnnamed(w.swap.keys(), e.slots.map) : null;
    if (strayFrame === null && straySlot === null) break;
    word(e, 0x75000);
    if (strayFrame !== null) frame(e, strayFrame);
    else slot(e, straySlot ?? 0);
  }
  encodeKsmOrder(e, w);
  encodeLogicalPages(e, ideal);
}

function firstUnnamed(keys: Iterable<number>, named: ReadonlyMap<number, number>): number | null {
  for (const k of keys) if (!named.has(k)) return k;
  return null;
}

function encodeFrame(e: Encoder, w: World, pfn: number): void {
  const f = w.frames.get(pfn as never);
  if (f === undefined) return word(e, -1);
  value(e, f.value);
  word(e, f.refcount);
  word(e, f.mapcount | (f.pincount << 12));
  word(e, b(f.anon, 0) | b(f.ksm, 1) | b(f.anonExclusive, 2) | b(f.inLruBatch, 3) | b(f.onLru, 4) | b(f.dirty, 5));
  if (f.swapCache === null) word(e, -1);
  else slot(e, f.swapCache);
}

function encodeSlot(e: Encoder, w: World, n: number): void {
  const entry = w.swap.get(n as never);
  if (entry === undefined) return word(e, -1);
  word(e, entry.count);
  value(e, entry.value);
  if (entry.cache === null) word(e, -1);
  else frame(e, entry.cache);
}

/** ksmd keeps the lowest pfn of equal KSM pages (stableTree): their pfn order is part of the state. */
function encodeKsmOrder(e: Encoder, w: World): void {
  let ksm: number[] | null = null;
  for (const f of w.frames.values()) if (f.ksm) (ksm ??= []).push(f.pfn);
  if (ksm === null || ksm.length < 2) return;
  word(e, 0x76000);
  for (const pfn of ksm.sort((x, y) => x - y)) frame(e, pfn);
}

/** Per logical page: value, stored, family, every value held and every value stored; then per family what its dead pages stored. */
function encodeLogicalPages(e: Encoder, ideal: Ideal): void {
  word(e, 0x77000);
  for (let i = 0; i < e.pages.order.length; i++) {
    const p = ideal.pages.get(e.pages.order[i] ?? 0);
    if (p === undefined) {
      word(e, -1);
      continue;
    }
    const h = p.history;
    let held = 0;
    let written = 0;
    for (const entry of h) {
      held |= valueBit(entry.value);
      if (entry.kind === "write") written |= valueBit(entry.value);
    }
    value(e, h[h.length - 1]?.value ?? 0);
    word(e, (p.stored ? 1 : 0) | (renameIn(e, e.families, p.family) << 1));
    valueMask(e, held);
    valueMask(e, written);
  }
  encodeDeadFamilyWrites(e, ideal);
}

/** isWrittenInFamily looks at every page of the family, mapped or not: the dead ones count as one set. */
function encodeDeadFamilyWrites(e: Encoder, ideal: Ideal): void {
  const dead = new Map<number, number>();
  for (const p of ideal.pages.values()) {
    if (e.pages.map.has(p.id) || !e.families.map.has(p.family)) continue;
    let written = 0;
    for (const entry of p.history) if (entry.kind === "write") written |= valueBit(entry.value);
    if (written !== 0) dead.set(p.family, (dead.get(p.family) ?? 0) | written);
  }
  for (const fam of e.families.order) {
    const m = dead.get(fam);
    if (m === undefined) continue;
    word(e, 0x78000 | (e.canonical ? (e.families.map.get(fam) ?? 0) : fam));
    valueMask(e, m);
  }
}
