// The fingerprint of an explored state: kernel world and ideal machine written as one canonical
// word stream (processes by pid, PTEs by address, holders by id, then frames, swap slots and
// logical pages in order of first occurrence) and hashed to 64 bits. The ideal's value history
// enters only as the value sets its judgements read, so equal futures give equal fingerprints.
import type { Ideal, IdealMapping, IdealRef, LogicalPage } from "../ideal/index.js";
import type { Mm, Pte, Vma, World } from "../kernel/state.js";
import type { LockState } from "../run/lockStep.js";
import { encodeContents, frame, slot } from "./fingerprintContents.js";
import type { Encoder } from "./renaming.js";
import { pteBits } from "./pteBits.js";
import { finishFingerprint, renameIn, resetEncoder, valueBit, valueMask, word } from "./renaming.js";
import type { SortedEntries } from "./sortedEntries.js";
import { createSortedEntries, sortedEntries, unionKeys } from "./sortedEntries.js";

const b = (x: boolean, bit: number): number => (x ? 1 << bit : 0);

/** Reused per fingerprint (one module instance per thread): the maps' entries in key order. */
const pids: number[] = [];
const holderIds: number[] = [];
const ptes: SortedEntries<Pte> = createSortedEntries();
const mappings: SortedEntries<IdealMapping> = createSortedEntries();
const shmemObjects: SortedEntries<ReadonlyMap<number, number>> = createSortedEntries();
const shmemPages: SortedEntries<number> = createSortedEntries();

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
  const count = unionKeys(w.mms, s.ideal.processes, pids);
  word(e, count);
  for (let i = 0; i < count; i++) renameIn(e, e.procs, pids[i] as number);
  for (let i = 0; i < count; i++) {
    const pid = pids[i] as number;
    const mm = w.mms.get(pid as never);
    if (mm === undefined) word(e, -1);
    else encodeMm(e, mm);
    encodeIdealProcess(e, s.ideal, pid);
  }
  encodeHolders(e, s);
  encodeContents(e, w, s.ideal);
  return finishFingerprint(e);
}

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
  const { keys, vals, n } = sortedEntries(mm.ptes, ptes);
  word(e, n);
  for (let i = 0; i < n; i++) encodePte(e, keys[i] as number, vals[i] as Pte);
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
  const { keys, vals, n } = sortedEntries(p.pages, mappings);
  word(e, n);
  for (let i = 0; i < n; i++) {
    const m = vals[i] as IdealMapping;
    word(e, keys[i] as number);
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
  if (w.pipes.size !== 0 || ideal.pipes.size !== 0) encodePipes(e, s);
  if (w.pins.size !== 0 || ideal.pins.size !== 0) encodePins(e, s);
  if (w.rings.size !== 0 || ideal.rings.size !== 0) encodeRings(e, s);
  word(e, 0x73000 | w.lruBatch.length);
  for (const pfn of w.lruBatch) frame(e, pfn);
  if (w.shmem.size !== 0) encodeShmem(e, w);
}

function encodePipes(e: Encoder, s: LockState): void {
  const { world: w, ideal } = s;
  const count = unionKeys(w.pipes, ideal.pipes, holderIds);
  for (let i = 0; i < count; i++) {
    const id = holderIds[i] as number;
    const bufs = w.pipes.get(id as never) ?? [];
    const refs = ideal.pipes.get(id) ?? [];
    if (bufs.length === 0 && refs.length === 0) continue;
    word(e, 0x70000 | bufs.length);
    for (const buf of bufs) frame(e, buf.pfn);
    word(e, refs.length);
    for (const r of refs) encodeRef(e, ideal, r);
  }
}

function encodePins(e: Encoder, s: LockState): void {
  const { world: w, ideal } = s;
  const count = unionKeys(w.pins, ideal.pins, holderIds);
  for (let i = 0; i < count; i++) {
    const id = holderIds[i] as number;
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
}

function encodeShmem(e: Encoder, w: World): void {
  const objects = sortedEntries<ReadonlyMap<number, number>>(w.shmem, shmemObjects);
  for (let i = 0; i < objects.n; i++) {
    word(e, 0x74000 | renameIn(e, e.shmem, objects.keys[i] as number));
    const { keys, vals, n } = sortedEntries(objects.vals[i] as ReadonlyMap<number, number>, shmemPages);
    for (let k = 0; k < n; k++) {
      word(e, keys[k] as number);
      frame(e, vals[k] as number);
    }
  }
}

function encodeRings(e: Encoder, s: LockState): void {
  const { world: w, ideal } = s;
  const count = unionKeys(w.rings, ideal.rings, holderIds);
  for (let i = 0; i < count; i++) {
    const id = holderIds[i] as number;
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

