// The kernel world as words: every field of World (src/kernel/state.ts) in the order its maps
// iterate, so the unpacked world iterates, and so steps, exactly as the packed one did. Nulls
// are -1 (pfns, slots and shmem ids are never negative); booleans share one flags word.
import { pteBits } from "./pteBits.js";
import { FrameTable } from "../kernel/frameTable.js";
import type { Pfn, Pid, PinId, PipeId, RingId, SwapSlot, Vpn } from "../kernel/ids.js";
import type { Frame, Mm, PipeBuf, Pin, Pte, Ring, SwapEntry, Vma, World } from "../kernel/state.js";
import { createMm } from "../kernel/world.js";
import type { WordReader, WordWriter } from "./wordStream.js";
import { bit, put } from "./wordStream.js";

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

/**
 * Reads back what packWorld wrote, as fresh objects. Each reader keeps the cursor in a local and
 * reads unchecked: a stream read past its end shows in unpackState's length check.
 */
export function unpackWorld(r: WordReader): World {
  const b = r.buf;
  const zeroPfn = b[r.i] as Pfn;
  const nextPfn = b[r.i + 1] as number;
  const nextSlot = b[r.i + 2] as number;
  const nextShmem = b[r.i + 3] as number;
  r.i += 4;
  const mms = new Map<Pid, Mm>();
  for (let n = b[r.i++] as number; n > 0; n--) {
    const mm = unpackMm(r);
    mms.set(mm.pid, mm);
  }
  const frames = unpackFrames(r);
  const swap = unpackSwap(r);
  const shmem = unpackNested(r) as Map<number, Map<number, Pfn>>;
  const shmemSwap = unpackNested(r) as Map<number, Map<number, SwapSlot>>;
  const pipes = unpackPipes(r);
  const pins = unpackPins(r);
  const rings = unpackRings(r);
  let i = r.i;
  const lruBatch: Pfn[] = [];
  for (let n = b[i++] as number; n > 0; n--) lruBatch.push(b[i++] as Pfn);
  r.i = i;
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
  const b = r.buf;
  let i = r.i;
  const pid = b[i++] as Pid;
  const head = b[i++] as number;
  const vmas: Vma[] = head >>> 1 === 1 ? [unpackVma(b, i)] : [];
  if (vmas.length === 1) i += 4;
  for (let n = vmas.length === 1 ? 0 : head >>> 1; n > 0; n--) {
    vmas.push(unpackVma(b, i));
    i += 4;
  }
  const count = b[i++] as number;
  const ptes: Map<Vpn, Pte> = count > SMALL ? createMm(pid).ptes : new Map();
  for (let n = count; n > 0; n--, i += 3) ptes.set(b[i] as Vpn, unpackPte(b[i + 1] as number, b[i + 2] as number));
  r.i = i;
  return { pid, vmas, ptes, hasPinned: (head & 1) !== 0 };
}

/** The VMA at b[i .. i + 4): start, end, flags (vmaFlags), shmem. */
function unpackVma(b: Int32Array, i: number): Vma {
  const f = b[i + 2] as number;
  return {
    start: b[i] as Vpn, end: b[i + 1] as Vpn, read: (f & 1) !== 0, write: (f & 2) !== 0, mayWrite: (f & 4) !== 0,
    shared: (f & 8) !== 0, dontCopy: (f & 16) !== 0, wipeOnFork: (f & 32) !== 0, softDirty: (f & 64) !== 0,
    mergeable: (f & 128) !== 0, anonVma: (f & 256) !== 0, shmem: nullable(b[i + 3] as number),
  };
}

/** A PTE from its flags word (pteBits) and its pfn or slot. */
function unpackPte(f: number, at: number): Pte {
  return (f & 1) !== 0
    ? { present: true, pfn: at as Pfn, write: (f & 2) !== 0, dirty: (f & 4) !== 0, softDirty: (f & 8) !== 0, uffdWp: (f & 16) !== 0 }
    : { present: false, slot: at as SwapSlot, softDirty: (f & 8) !== 0, uffdWp: (f & 16) !== 0, exclusive: (f & 32) !== 0 };
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

/** The frames, a Map when few (see SMALL), each with cloneFrame's field order so unpacked frames share the kernel's hidden class. */
function unpackFrames(r: WordReader): Map<Pfn, Frame> {
  const b = r.buf;
  let i = r.i;
  const count = b[i++] as number;
  const frames: Map<Pfn, Frame> = count > SMALL ? new FrameTable() : new Map();
  for (let n = count; n > 0; n--, i += 7) {
    const pfn = b[i] as Pfn;
    const f = b[i + 5] as number;
    frames.set(pfn, {
      pfn, value: b[i + 1] as number, refcount: b[i + 2] as number, mapcount: b[i + 3] as number, pincount: b[i + 4] as number,
      anon: (f & 1) !== 0, ksm: (f & 2) !== 0, anonExclusive: (f & 4) !== 0, swapCache: nullable(b[i + 6] as number) as SwapSlot | null,
      inLruBatch: (f & 8) !== 0, onLru: (f & 16) !== 0, dirty: (f & 32) !== 0,
    });
  }
  r.i = i;
  return frames;
}

function unpackSwap(r: WordReader): Map<SwapSlot, SwapEntry> {
  const b = r.buf;
  let i = r.i;
  const swap = new Map<SwapSlot, SwapEntry>();
  for (let n = b[i++] as number; n > 0; n--, i += 4) {
    swap.set(b[i] as SwapSlot, { count: b[i + 1] as number, value: b[i + 2] as number, cache: nullable(b[i + 3] as number) as Pfn | null });
  }
  r.i = i;
  return swap;
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
  const b = r.buf;
  let i = r.i;
  const m = new Map<number, Map<number, number>>();
  for (let n = b[i++] as number; n > 0; n--) {
    const id = b[i++] as number;
    const inner = new Map<number, number>();
    for (let k = b[i++] as number; k > 0; k--, i += 2) inner.set(b[i] as number, b[i + 1] as number);
    m.set(id, inner);
  }
  r.i = i;
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

function unpackPipes(r: WordReader): Map<PipeId, PipeBuf[]> {
  const b = r.buf;
  let i = r.i;
  const pipes = new Map<PipeId, PipeBuf[]>();
  for (let n = b[i++] as number; n > 0; n--) {
    const id = b[i++] as PipeId;
    const bufs: PipeBuf[] = [];
    for (let k = b[i++] as number; k > 0; k--) bufs.push({ pfn: b[i++] as Pfn });
    pipes.set(id, bufs);
  }
  r.i = i;
  return pipes;
}

function unpackPins(r: WordReader): Map<PinId, Pin> {
  const b = r.buf;
  let i = r.i;
  const pins = new Map<PinId, Pin>();
  for (let n = b[i++] as number; n > 0; n--, i += 4) {
    const f = b[i + 2] as number;
    pins.set(b[i] as PinId, { pfn: b[i + 1] as Pfn, foll: follOf(f & 1), write: (f & 2) !== 0, longterm: (f & 4) !== 0, owner: b[i + 3] as Pid });
  }
  r.i = i;
  return pins;
}

function unpackRings(r: WordReader): Map<RingId, Ring> {
  const b = r.buf;
  let i = r.i;
  const rings = new Map<RingId, Ring>();
  for (let n = b[i++] as number; n > 0; n--) {
    const id = b[i++] as RingId;
    const f = follOf(b[i++] as number);
    const owners: Pid[] = [];
    for (let k = b[i++] as number; k > 0; k--) owners.push(b[i++] as Pid);
    const count = b[i++] as number;
    const pfns: Pfn[] | null = count < 0 ? null : [];
    for (let k = count; k > 0; k--) pfns?.push(b[i++] as Pfn);
    rings.set(id, { owners, pfns, foll: f });
  }
  r.i = i;
  return rings;
}
