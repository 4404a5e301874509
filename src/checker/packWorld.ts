// The kernel world as words: every field of World (src/kernel/state.ts) in the order its maps
// iterate, so the unpacked world iterates, and so steps, exactly as the packed one did. Nulls
// are -1 (pfns, slots and shmem ids are never negative); booleans share one flags word.
import { pteBits } from "./pteBits.js";
import { FrameTable } from "../kernel/frameTable.js";
import type { Pfn, Pid, PinId, PipeId, RingId, SwapSlot, Vpn } from "../kernel/ids.js";
import type { Frame, Mm, PipeBuf, Pin, Pte, Ring, SwapEntry, Vma, World } from "../kernel/state.js";
import { createMm } from "../kernel/world.js";
import type { WordReader, WordWriter } from "./wordStream.js";
import { bit, has, put, take } from "./wordStream.js";

/**
 * Up to this many frames or PTEs a plain Map is far cheaper to build than the kernel's tables
 * (a FrameTable starts with a 256-slot chunk, a PteTable with 64-slot leaves) and as fast to
 * read. It behaves alike: PteTable keeps Map's insertion order by design, and frames are
 * inserted here in ascending pfn order while the kernel only ever adds a pfn above them all
 * (allocFrame: nextPfn), so a Map iterates in the FrameTable's ascending order too.
 */
const SMALL = 32;

const orNull = (x: number | null): number => (x === null ? -1 : x);
const nullable = (x: number): number | null => (x === -1 ? null : x);
const foll = (f: "pin" | "get"): number => (f === "pin" ? 1 : 0);
const follOf = (w: number): "pin" | "get" => (w === 1 ? "pin" : "get");

/** Writes `w` whole. */
export function packWorld(o: WordWriter, w: World): void {
  put(o, w.zeroPfn);
  put(o, w.nextPfn);
  put(o, w.nextSlot);
  put(o, w.nextShmem);
  put(o, w.mms.size);
  for (const mm of w.mms.values()) packMm(o, mm);
  put(o, w.frames.size);
  for (const f of w.frames.values()) packFrame(o, f);
  put(o, w.swap.size);
  for (const [slot, e] of w.swap) {
    put(o, slot);
    put(o, e.count);
    put(o, e.value);
    put(o, orNull(e.cache));
  }
  packNested(o, w.shmem);
  packNested(o, w.shmemSwap);
  packHolders(o, w);
  put(o, w.lruBatch.length);
  for (const pfn of w.lruBatch) put(o, pfn);
}

/** Reads back what packWorld wrote, as fresh objects. */
export function unpackWorld(r: WordReader): World {
  const zeroPfn = take(r) as Pfn;
  const nextPfn = take(r);
  const nextSlot = take(r);
  const nextShmem = take(r);
  const mms = new Map<Pid, Mm>();
  for (let n = take(r); n > 0; n--) {
    const mm = unpackMm(r);
    mms.set(mm.pid, mm);
  }
  const count = take(r);
  const frames: Map<Pfn, Frame> = count > SMALL ? new FrameTable() : new Map();
  for (let n = count; n > 0; n--) {
    const f = unpackFrame(r);
    frames.set(f.pfn, f);
  }
  const swap = new Map<SwapSlot, SwapEntry>();
  for (let n = take(r); n > 0; n--) {
    const slot = take(r) as SwapSlot;
    swap.set(slot, { count: take(r), value: take(r), cache: nullable(take(r)) as Pfn | null });
  }
  const shmem = unpackNested(r) as Map<number, Map<number, Pfn>>;
  const shmemSwap = unpackNested(r) as Map<number, Map<number, SwapSlot>>;
  const { pipes, pins, rings } = unpackHolders(r);
  const lruBatch: Pfn[] = [];
  for (let n = take(r); n > 0; n--) lruBatch.push(take(r) as Pfn);
  return { mms, frames, zeroPfn, nextPfn, swap, nextSlot, shmem, shmemSwap, nextShmem, pipes, pins, rings, lruBatch };
}

function vmaFlags(v: Vma): number {
  return bit(v.read, 0) | bit(v.write, 1) | bit(v.mayWrite, 2) | bit(v.shared, 3) | bit(v.dontCopy, 4)
    | bit(v.wipeOnFork, 5) | bit(v.softDirty, 6) | bit(v.mergeable, 7) | bit(v.anonVma, 8);
}

function packMm(o: WordWriter, mm: Mm): void {
  put(o, mm.pid);
  put(o, (mm.vmas.length << 1) | (mm.hasPinned ? 1 : 0));
  for (const v of mm.vmas) {
    put(o, v.start);
    put(o, v.end);
    put(o, vmaFlags(v));
    put(o, orNull(v.shmem));
  }
  put(o, mm.ptes.size);
  for (const [vpn, p] of mm.ptes) {
    put(o, vpn);
    put(o, pteBits(p));
    put(o, p.present ? p.pfn : p.slot);
  }
}

/** An mm with createMm's field order, its page table a Map when small (see SMALL), filled in packed order. */
function unpackMm(r: WordReader): Mm {
  const pid = take(r) as Pid;
  const head = take(r);
  const vmas: Vma[] = [];
  for (let n = head >>> 1; n > 0; n--) {
    const start = take(r);
    const end = take(r);
    const f = take(r);
    vmas.push({
      start, end, read: has(f, 0), write: has(f, 1), mayWrite: has(f, 2), shared: has(f, 3), dontCopy: has(f, 4),
      wipeOnFork: has(f, 5), softDirty: has(f, 6), mergeable: has(f, 7), anonVma: has(f, 8), shmem: nullable(take(r)),
    });
  }
  const count = take(r);
  const ptes: Map<Vpn, Pte> = count > SMALL ? createMm(pid).ptes : new Map();
  for (let n = count; n > 0; n--) {
    const vpn = take(r) as Vpn;
    const f = take(r);
    const at = take(r);
    ptes.set(vpn, has(f, 0)
      ? { present: true, pfn: at as Pfn, write: has(f, 1), dirty: has(f, 2), softDirty: has(f, 3), uffdWp: has(f, 4) }
      : { present: false, slot: at as SwapSlot, softDirty: has(f, 3), uffdWp: has(f, 4), exclusive: has(f, 5) });
  }
  return { pid, vmas, ptes, hasPinned: (head & 1) !== 0 };
}

function packFrame(o: WordWriter, f: Frame): void {
  put(o, f.pfn);
  put(o, f.value);
  put(o, f.refcount);
  put(o, f.mapcount);
  put(o, f.pincount);
  put(o, bit(f.anon, 0) | bit(f.ksm, 1) | bit(f.anonExclusive, 2) | bit(f.inLruBatch, 3) | bit(f.onLru, 4) | bit(f.dirty, 5));
  put(o, orNull(f.swapCache));
}

/** A frame with cloneFrame's field order, so unpacked frames share the kernel's hidden class. */
function unpackFrame(r: WordReader): Frame {
  const pfn = take(r) as Pfn;
  const value = take(r);
  const refcount = take(r);
  const mapcount = take(r);
  const pincount = take(r);
  const f = take(r);
  return {
    pfn, value, refcount, mapcount, pincount, anon: has(f, 0), ksm: has(f, 1), anonExclusive: has(f, 2),
    swapCache: nullable(take(r)) as SwapSlot | null, inLruBatch: has(f, 3), onLru: has(f, 4), dirty: has(f, 5),
  };
}

/** shmem and shmemSwap: object id -> page index -> pfn or slot. */
function packNested(o: WordWriter, m: ReadonlyMap<number, ReadonlyMap<number, number>>): void {
  put(o, m.size);
  for (const [id, inner] of m) {
    put(o, id);
    put(o, inner.size);
    for (const [index, x] of inner) {
      put(o, index);
      put(o, x);
    }
  }
}

function unpackNested(r: WordReader): Map<number, Map<number, number>> {
  const m = new Map<number, Map<number, number>>();
  for (let n = take(r); n > 0; n--) {
    const id = take(r);
    const inner = new Map<number, number>();
    for (let k = take(r); k > 0; k--) inner.set(take(r), take(r));
    m.set(id, inner);
  }
  return m;
}

/** Pipes, gup_test pins and io_uring rings. */
function packHolders(o: WordWriter, w: World): void {
  put(o, w.pipes.size);
  for (const [id, bufs] of w.pipes) {
    put(o, id);
    put(o, bufs.length);
    for (const b of bufs) put(o, b.pfn);
  }
  put(o, w.pins.size);
  for (const [id, p] of w.pins) {
    put(o, id);
    put(o, p.pfn);
    put(o, foll(p.foll) | bit(p.write, 1) | bit(p.longterm, 2));
    put(o, p.owner);
  }
  put(o, w.rings.size);
  for (const [id, ring] of w.rings) {
    put(o, id);
    put(o, foll(ring.foll));
    put(o, ring.owners.length);
    for (const pid of ring.owners) put(o, pid);
    put(o, ring.pfns === null ? -1 : ring.pfns.length);
    for (const pfn of ring.pfns ?? []) put(o, pfn);
  }
}

function unpackHolders(r: WordReader): Pick<World, "pipes" | "pins" | "rings"> {
  const pipes = new Map<PipeId, PipeBuf[]>();
  for (let n = take(r); n > 0; n--) {
    const id = take(r) as PipeId;
    const bufs: PipeBuf[] = [];
    for (let k = take(r); k > 0; k--) bufs.push({ pfn: take(r) as Pfn });
    pipes.set(id, bufs);
  }
  const pins = new Map<PinId, Pin>();
  for (let n = take(r); n > 0; n--) {
    const id = take(r) as PinId;
    const pfn = take(r) as Pfn;
    const f = take(r);
    pins.set(id, { pfn, foll: follOf(f & 1), write: has(f, 1), longterm: has(f, 2), owner: take(r) as Pid });
  }
  const rings = new Map<RingId, Ring>();
  for (let n = take(r); n > 0; n--) {
    const id = take(r) as RingId;
    const f = follOf(take(r));
    const owners: Pid[] = [];
    for (let k = take(r); k > 0; k--) owners.push(take(r) as Pid);
    const count = take(r);
    const pfns: Pfn[] | null = count < 0 ? null : [];
    for (let k = count; k > 0; k--) pfns?.push(take(r) as Pfn);
    rings.set(id, { owners, pfns, foll: f });
  }
  return { pipes, pins, rings };
}
