// What each step changed, found cheaply: a mirror of the views last seen is compared only
// at what the op and its events touched (plus whole mms for mm-wide ops and a size check
// per mm and for the frame table), then brought up to date. Holders, mms and the LRU batch
// are small and compared whole.
import type { KernelEvent } from "../kernel/events.js";
import type { Op } from "../kernel/ops.js";
import type { Pfn, Pid } from "../kernel/ids.js";
import type { World } from "../kernel/state.js";
import type { Naming } from "./describe.js";
import { opPages } from "./involved.js";
import type { Change, FrameView, MmView, PteView, StepChanges } from "./trace.js";
import { frameView, holderViews, mmView, pteView, sameView } from "./views.js";

/** Records the changes of each step of one world. */
export interface ChangeTracker {
  /** The changes of the step just taken (`op`, which emitted `events`); updates the mirror. */
  record(op: Op, events: readonly KernelEvent[]): StepChanges;
}

interface Mirror {
  readonly ptes: Map<number, Map<number, PteView>>;
  readonly frames: Map<number, FrameView>;
  holders: Map<string, readonly number[]>;
  readonly mms: Map<number, MmView>;
  lruBatch: readonly number[];
}

/** The changes of a step that was not tracked, or changed nothing. */
export const NO_CHANGES: StepChanges = { ptes: [], frames: [], holders: [], mms: [], lruBatch: null };

/** A tracker whose mirror starts as `world` is now. */
export function createChangeTracker(world: World, naming: Naming): ChangeTracker {
  const mirror: Mirror = {
    ptes: new Map(), frames: new Map(), mms: new Map(),
    holders: holderViews(world, naming), lruBatch: [...world.lruBatch],
  };
  for (const [pid, mm] of world.mms) {
    mirror.ptes.set(pid, new Map([...mm.ptes].map(([vpn, pte]) => [vpn, pteView(pte)])));
    mirror.mms.set(pid, mmView(mm, naming));
  }
  for (const [pfn, f] of world.frames) mirror.frames.set(pfn, frameView(f));
  return { record: (op, events) => recordStep(world, naming, mirror, op, events) };
}

/** The mms an op may change anywhere: its own for mm-wide ops, all for ops that walk the rmap. */
function wholeMms(world: World, op: Op): number[] {
  switch (op.kind) {
    case "fork": return [op.pid, op.child];
    case "exit":
    case "clear-refs": return [op.pid];
    // KSM scans every mm; migration and reclaim unmap a page from every mm that maps it.
    case "ksm-scan":
    case "migrate":
    case "reclaim": return [...world.mms.keys()];
    default: return [];
  }
}

function recordStep(world: World, naming: Naming, mirror: Mirror, op: Op, events: readonly KernelEvent[]): StepChanges {
  const touched = touchedPtes(world, mirror, op, events);
  const pfns = new Set<number>();
  for (const e of events) {
    if (e.pfn !== undefined) pfns.add(e.pfn);
    if (e.to !== undefined) pfns.add(e.to);
  }
  const ptes = diffPtes(world, mirror, touched, pfns);
  const holders = diffHolders(world, naming, mirror, pfns);
  const lruBatch = diffLruBatch(world, mirror, pfns);
  addOpHolderPfns(world, op, pfns);
  const frames = diffFrames(world, mirror, pfns);
  return { ptes, frames, holders, mms: diffMms(world, naming, mirror), lruBatch };
}

/** pid -> vpns to compare, or "all" for the whole mm. */
type Touched = Map<number, Set<number> | "all">;

/** The PTEs to compare: the op's pages, the events' pages, and whole mms for mm-wide ops or a moved PTE count. */
function touchedPtes(world: World, mirror: Mirror, op: Op, events: readonly KernelEvent[]): Touched {
  const touched: Touched = new Map();
  const add = (pid: number, vpn: number): void => {
    const s = touched.get(pid);
    if (s === "all") return;
    if (s === undefined) touched.set(pid, new Set([vpn]));
    else s.add(vpn);
  };
  const direct = opPages(op);
  if (direct !== null) for (const vpn of direct.vpns) add(direct.pid, vpn);
  for (const e of events) {
    if (e.pid === undefined) continue;
    if (e.vpn !== undefined) add(e.pid, e.vpn);
    else if (e.kind !== "flag") touched.set(e.pid, "all");
  }
  for (const pid of wholeMms(world, op)) touched.set(pid, "all");
  for (const pid of new Set([...world.mms.keys(), ...mirror.ptes.keys()])) {
    // A cheap global check: an mm whose PTE count moved unseen is compared whole.
    if ((world.mms.get(pid as Pid)?.ptes.size ?? 0) !== (mirror.ptes.get(pid)?.size ?? 0)) touched.set(pid, "all");
  }
  return touched;
}

function diffPtes(world: World, mirror: Mirror, touched: Touched, pfns: Set<number>): StepChanges["ptes"] {
  const out: Change<{ pid: number; vpn: number }, PteView>[] = [];
  for (const pid of [...touched.keys()].sort((a, b) => a - b)) {
    const now = world.mms.get(pid as Pid)?.ptes;
    let seen = mirror.ptes.get(pid);
    if (seen === undefined) mirror.ptes.set(pid, (seen = new Map()));
    const which = touched.get(pid);
    const vpns = which === "all" || which === undefined ? new Set([...(now?.keys() ?? []), ...seen.keys()]) : which;
    for (const vpn of [...vpns].sort((a, b) => a - b)) {
      const pte = now?.get(vpn);
      const after = pte === undefined ? null : pteView(pte);
      const before = seen.get(vpn) ?? null;
      for (const v of [before, after]) if (v?.pfn !== null && v?.pfn !== undefined) pfns.add(v.pfn);
      if (sameView(before, after)) continue;
      out.push({ key: { pid, vpn }, before, after });
      if (after === null) seen.delete(vpn);
      else seen.set(vpn, after);
    }
    if (now === undefined && seen.size === 0) mirror.ptes.delete(pid);
  }
  return out;
}

function diffHolders(world: World, naming: Naming, mirror: Mirror, pfns: Set<number>): StepChanges["holders"] {
  const now = holderViews(world, naming);
  const out: Change<string, readonly number[]>[] = [];
  const keys = [...new Set([...mirror.holders.keys(), ...now.keys()])].sort();
  for (const key of keys) {
    const before = mirror.holders.get(key) ?? null;
    const after = now.get(key) ?? null;
    if (sameView(before, after)) continue;
    out.push({ key, before, after });
    for (const pfn of [...(before ?? []), ...(after ?? [])]) pfns.add(pfn);
  }
  mirror.holders = now;
  return out;
}

function diffLruBatch(world: World, mirror: Mirror, pfns: Set<number>): StepChanges["lruBatch"] {
  if (sameView(mirror.lruBatch, world.lruBatch)) return null;
  const change: Change<"lru", readonly number[]> = { key: "lru", before: mirror.lruBatch, after: [...world.lruBatch] };
  for (const pfn of [...mirror.lruBatch, ...world.lruBatch]) pfns.add(pfn);
  mirror.lruBatch = [...world.lruBatch];
  return change;
}

/** Frames a device or a pin read or wrote without an event naming them. */
function addOpHolderPfns(world: World, op: Op, pfns: Set<number>): void {
  if (op.kind === "ring-read" || op.kind === "ring-write") {
    const pfn = world.rings.get(op.ring)?.pfns?.[op.index];
    if (pfn !== undefined) pfns.add(pfn);
  }
  if (op.kind === "pin-read" || op.kind === "pin-write") {
    const pin = world.pins.get(op.pin);
    if (pin !== undefined) pfns.add(pin.pfn);
  }
}

function diffFrames(world: World, mirror: Mirror, pfns: Set<number>): StepChanges["frames"] {
  const out: Change<number, FrameView>[] = [];
  const compare = (pfn: number): void => {
    const f = world.frames.get(pfn as Pfn);
    const after = f === undefined ? null : frameView(f);
    const before = mirror.frames.get(pfn) ?? null;
    if (sameView(before, after)) return;
    out.push({ key: pfn, before, after });
    if (after === null) mirror.frames.delete(pfn);
    else mirror.frames.set(pfn, after);
  };
  for (const pfn of pfns) compare(pfn);
  // A cheap global check: a frame allocated or freed without an event is found by the count.
  if (mirror.frames.size !== world.frames.size) {
    for (const pfn of new Set([...mirror.frames.keys(), ...world.frames.keys()])) if (!pfns.has(pfn)) compare(pfn);
  }
  return out.sort((a, b) => a.key - b.key);
}

function diffMms(world: World, naming: Naming, mirror: Mirror): StepChanges["mms"] {
  const out: Change<number, MmView>[] = [];
  for (const pid of [...new Set([...mirror.mms.keys(), ...world.mms.keys()])].sort((a, b) => a - b)) {
    const mm = world.mms.get(pid as Pid);
    const after = mm === undefined ? null : mmView(mm, naming);
    const before = mirror.mms.get(pid) ?? null;
    if (sameView(before, after)) continue;
    out.push({ key: pid, before, after });
    if (after === null) mirror.mms.delete(pid);
    else mirror.mms.set(pid, after);
  }
  return out;
}
