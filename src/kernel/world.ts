// The machine at boot and its copy: one empty mm per process, the shared zero page at
// pfn 0 (mm/memory.c ZERO_PAGE), no swap, empty holders. cloneWorld is the checker's
// snapshot: a deep copy by hand, because it runs once per explored state.
import { FrameTable } from "./frameTable.js";
import type { Pfn, Pid, PinId, PipeId, RingId, SwapSlot } from "./ids.js";
import { asPfn } from "./ids.js";
import { PteTable } from "./pteTable.js";
import type { Frame, Mm, PipeBuf, Pin, Pte, Ring, SwapEntry, Vma, World } from "./state.js";

/** pfn of the shared zero page: never allocated, never freed, counters never touched. */
export const ZERO_PFN: Pfn = asPfn(0);

/** An mm_struct with no mappings (a process before its first mmap). */
export function createMm(pid: Pid): Mm {
  return { pid, vmas: [], ptes: new PteTable(), hasPinned: false };
}

function zeroFrame(): Frame {
  return {
    pfn: ZERO_PFN,
    value: 0,
    refcount: 1,
    mapcount: 0,
    pincount: 0,
    anon: false,
    ksm: false,
    anonExclusive: false,
    swapCache: null,
    inLruBatch: false,
    onLru: false,
    dirty: false,
  };
}

/** A world in which each pid has an empty mm and only the shared zero page exists. */
export function createWorld(pids: readonly Pid[]): World {
  const mms = new Map<Pid, Mm>();
  for (const pid of pids) mms.set(pid, createMm(pid));
  const frames = new FrameTable().set(ZERO_PFN, zeroFrame());
  return {
    mms,
    frames,
    zeroPfn: ZERO_PFN,
    nextPfn: 1,
    swap: new Map(),
    // Offset 0 of a swap device is its header page, never a slot.
    nextSlot: 1,
    shmem: new Map(),
    shmemSwap: new Map(),
    nextShmem: 1,
    pipes: new Map(),
    pins: new Map(),
    rings: new Map(),
    lruBatch: [],
  };
}

/** A copy of a frame (struct page) with the same field order, so copies share one hidden class. */
export function cloneFrame(f: Frame): Frame {
  return {
    pfn: f.pfn,
    value: f.value,
    refcount: f.refcount,
    mapcount: f.mapcount,
    pincount: f.pincount,
    anon: f.anon,
    ksm: f.ksm,
    anonExclusive: f.anonExclusive,
    swapCache: f.swapCache,
    inLruBatch: f.inLruBatch,
    onLru: f.onLru,
    dirty: f.dirty,
  };
}

/** A copy of a present or swap PTE. */
export function clonePte(p: Pte): Pte {
  return p.present
    ? { present: true, pfn: p.pfn, write: p.write, dirty: p.dirty, softDirty: p.softDirty, uffdWp: p.uffdWp }
    : { present: false, slot: p.slot, softDirty: p.softDirty, uffdWp: p.uffdWp, exclusive: p.exclusive };
}

/** A copy of a VMA (also how __split_vma duplicates one). */
export function cloneVma(v: Vma): Vma {
  return {
    start: v.start,
    end: v.end,
    read: v.read,
    write: v.write,
    mayWrite: v.mayWrite,
    shared: v.shared,
    dontCopy: v.dontCopy,
    wipeOnFork: v.wipeOnFork,
    softDirty: v.softDirty,
    mergeable: v.mergeable,
    anonVma: v.anonVma,
    shmem: v.shmem,
  };
}

function cloneMm(mm: Mm): Mm {
  const ptes = new PteTable();
  mm.ptes.forEach((pte, vpn) => ptes.set(vpn, clonePte(pte)));
  return { pid: mm.pid, vmas: mm.vmas.map(cloneVma), ptes, hasPinned: mm.hasPinned };
}

/** A deep copy: nothing mutable is shared with `w` (pins and pipe buffers are immutable and shared). */
export function cloneWorld(w: World): World {
  const mms = new Map<Pid, Mm>();
  for (const [pid, mm] of w.mms) mms.set(pid, cloneMm(mm));
  const frames = new FrameTable();
  for (const [pfn, f] of w.frames) frames.set(pfn, cloneFrame(f));
  const swap = new Map<SwapSlot, SwapEntry>();
  for (const [slot, e] of w.swap) swap.set(slot, { count: e.count, value: e.value, cache: e.cache });
  const shmem = new Map<number, Map<number, Pfn>>();
  for (const [id, pages] of w.shmem) shmem.set(id, new Map(pages));
  const shmemSwap = new Map<number, Map<number, SwapSlot>>();
  for (const [id, slots] of w.shmemSwap) shmemSwap.set(id, new Map(slots));
  const pipes = new Map<PipeId, PipeBuf[]>();
  for (const [id, bufs] of w.pipes) pipes.set(id, bufs.slice());
  const rings = new Map<RingId, Ring>();
  for (const [id, r] of w.rings) {
    rings.set(id, { owners: r.owners.slice(), pfns: r.pfns === null ? null : r.pfns.slice(), foll: r.foll });
  }
  return {
    mms,
    frames,
    zeroPfn: w.zeroPfn,
    nextPfn: w.nextPfn,
    swap,
    nextSlot: w.nextSlot,
    shmem,
    shmemSwap,
    nextShmem: w.nextShmem,
    pipes,
    pins: new Map<PinId, Pin>(w.pins),
    rings,
    lruBatch: w.lruBatch.slice(),
  };
}
