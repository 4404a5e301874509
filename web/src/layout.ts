// Places one kernel state in five lanes, left to right: processes -> VMAs -> PTEs -> frames
// (and swap slots) -> holders of references. Rows follow pid then address; frames are sorted
// by their first mapper and holders by the frames they hold, so arrows rarely cross.
import {
  frameView, pteView, vmaText,
  type FrameView, type MmView, type Naming, type PteView, type StepChanges, type Vma, type World,
} from "cowlab";

export interface Box { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

export interface ProcNode extends Box { readonly pid: number; readonly name: string; readonly hasPinned: boolean; readonly changed: boolean; readonly gone: boolean }
export interface VmaNode extends Box { readonly pid: number; readonly text: string; readonly changed: boolean }
export interface PteNode extends Box {
  readonly pid: number; readonly vpn: number; readonly label: string;
  /** Null for a ghost row: an entry this step removed (then `before` is what it was). */
  readonly pte: PteView | null; readonly before: PteView | null; readonly changed: boolean;
}
export interface FrameNode extends Box {
  readonly pfn: number; readonly view: FrameView; readonly changedFields: readonly string[];
  readonly changed: boolean; readonly gone: boolean; readonly created: boolean; readonly zero: boolean;
}
export interface SlotNode extends Box { readonly slot: number; readonly value: number; readonly count: number; readonly cache: number | null }
/** One reference a holder has on a frame; `gone`: released in this step (drawn dashed). */
export interface HolderRef { readonly pfn: number; readonly label: string; readonly y: number; readonly gone: boolean }
export interface HolderNode extends Box {
  readonly key: string; readonly title: string; readonly detail: string;
  readonly kind: "pipe" | "pin" | "ring" | "lru"; readonly refs: readonly HolderRef[];
  readonly changed: boolean; readonly gone: boolean;
}
export type EdgeKind = "map-w" | "map-ro" | "swap" | "get" | "pin" | "lru";
export interface Edge {
  readonly key: string; readonly kind: EdgeKind; readonly changed: boolean; readonly gone: boolean;
  readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number;
}

export interface Scene {
  readonly width: number; readonly height: number;
  readonly procs: readonly ProcNode[]; readonly vmas: readonly VmaNode[]; readonly ptes: readonly PteNode[];
  readonly frames: readonly FrameNode[]; readonly slots: readonly SlotNode[]; readonly holders: readonly HolderNode[];
  readonly edges: readonly Edge[];
}

export const LANES = {
  proc: { x: 8, w: 86 }, vma: { x: 102, w: 196 }, pte: { x: 306, w: 196 },
  frame: { x: 590, w: 236 }, holder: { x: 914, w: 196 },
} as const;
export const SCENE_WIDTH = 1120;
const ROW = 30;
const ROW_GAP = 4;
const PROC_GAP = 16;
const TOP = 30;
export const FRAME_H = 54;
const SLOT_H = 30;
const ITEM_GAP = 8;
const HOLDER_HEAD = 34;
const HOLDER_ROW = 22;

interface Mark { readonly changes: StepChanges }

type Rows = { readonly procs: ProcNode[]; readonly vmas: VmaNode[]; readonly ptes: PteNode[]; bottom: number };

/** Lays out `world` (after a step) with that step's `changes` highlighted and its removals as ghosts. */
export function layoutScene(world: World, naming: Naming, changes: StepChanges): Scene {
  const m: Mark = { changes };
  const rows = layoutRows(world, naming, m);
  const lane = layoutFrameLane(world, rows.ptes, m);
  const holders = layoutHolders(world, naming, lane.frameY, m);
  const edges = [...mappingEdges(rows.ptes, lane), ...holderEdges(holders, lane.frameY)];
  const bottom = Math.max(rows.bottom, lane.bottom, ...holders.map((h) => h.y + h.h)) + 12;
  return { width: SCENE_WIDTH, height: bottom, ...rows, frames: lane.frames, slots: lane.slots, holders, edges };
}

/** Processes with their VMAs and PTE rows, plus ghosts of what this step removed. */
function layoutRows(world: World, naming: Naming, m: Mark): Rows {
  const out: Rows = { procs: [], vmas: [], ptes: [], bottom: TOP };
  const gonePtes = m.changes.ptes.filter((c) => c.after === null);
  const pids = new Set<number>([...world.mms.keys(), ...gonePtes.map((c) => c.key.pid), ...m.changes.mms.map((c) => c.key)]);
  let y = TOP;
  for (const pid of [...pids].sort((a, b) => a - b)) {
    const mm = world.mms.get(pid as never);
    const mmChange = m.changes.mms.find((c) => c.key === pid);
    const top = y;
    const groups = vmaGroups(mm?.vmas ?? [], mm === undefined ? [] : [...mm.ptes.keys()], gonePtes.filter((c) => c.key.pid === pid).map((c) => c.key.vpn));
    for (const g of groups) {
      const gTop = y;
      const vpns = g.vpns.length === 0 ? [null] : g.vpns;
      for (const vpn of vpns) {
        if (vpn !== null) out.ptes.push(pteNode(world, naming, m, pid, vpn, y));
        y += ROW + ROW_GAP;
      }
      const text = g.vma === null ? "(no VMA)" : vmaText(g.vma, naming);
      out.vmas.push({ pid, text, changed: isNewVma(text, mmChange?.before ?? null, mmChange !== undefined), x: LANES.vma.x, y: gTop, w: LANES.vma.w, h: y - gTop - ROW_GAP });
    }
    if (groups.length === 0) y += ROW + ROW_GAP;
    out.procs.push({
      pid, name: naming.process(pid), hasPinned: mm?.hasPinned ?? false, changed: mmChange !== undefined, gone: mm === undefined,
      x: LANES.proc.x, y: top, w: LANES.proc.w, h: y - top - ROW_GAP,
    });
    y += PROC_GAP;
  }
  out.bottom = y;
  return out;
}

const isNewVma = (text: string, before: MmView | null, mmChanged: boolean): boolean =>
  mmChanged && (before === null || !before.vmas.includes(text));

interface VmaGroup { readonly vma: Vma | null; readonly vpns: number[] }

/** Each VMA with the vpns it holds (present, swap or just removed); vpns outside every VMA last. */
function vmaGroups(vmas: readonly Vma[], live: readonly number[], gone: readonly number[]): VmaGroup[] {
  const groups: VmaGroup[] = vmas.map((vma) => ({ vma, vpns: [] }));
  const orphans: VmaGroup = { vma: null, vpns: [] };
  for (const vpn of [...new Set([...live, ...gone])].sort((a, b) => a - b)) {
    const g = groups.find((x) => x.vma !== null && vpn >= x.vma.start && vpn < x.vma.end) ?? orphans;
    g.vpns.push(vpn);
  }
  if (orphans.vpns.length > 0) groups.push(orphans);
  return groups;
}

function pteNode(world: World, naming: Naming, m: Mark, pid: number, vpn: number, y: number): PteNode {
  const live = world.mms.get(pid as never)?.ptes.get(vpn);
  const change = m.changes.ptes.find((c) => c.key.pid === pid && c.key.vpn === vpn);
  return {
    pid, vpn, label: naming.page(vpn), pte: live === undefined ? null : pteView(live), before: change?.before ?? null,
    changed: change !== undefined, x: LANES.pte.x, y, w: LANES.pte.w, h: ROW,
  };
}

interface FrameLane {
  readonly frames: FrameNode[];
  readonly slots: SlotNode[];
  readonly frameY: Map<number, number>;
  readonly slotY: Map<number, number>;
  readonly bottom: number;
}

/** Frames and swap slots in the order PTE rows first reach them, then those only holders reach, then the rest. */
function layoutFrameLane(world: World, ptes: readonly PteNode[], m: Mark): FrameLane {
  const order: { kind: "frame" | "slot"; id: number; want: number }[] = [];
  const seen = new Set<string>();
  const add = (kind: "frame" | "slot", id: number, want: number): void => {
    if (seen.has(`${kind}${id}`)) return;
    seen.add(`${kind}${id}`);
    order.push({ kind, id, want });
  };
  for (const r of ptes) {
    const v = r.pte ?? r.before;
    if (v === null) continue;
    if (v.pfn !== null) add("frame", v.pfn, r.y);
    else if (v.slot !== null && world.swap.has(v.slot as never)) add("slot", v.slot, r.y);
  }
  for (const pfn of [...world.frames.keys()].sort((a, b) => a - b)) if (pfn !== world.zeroPfn) add("frame", pfn, 0);
  for (const c of m.changes.frames) if (c.after === null) add("frame", c.key, 0);
  for (const slot of [...world.swap.keys()].sort((a, b) => a - b)) add("slot", slot, 0);
  return placeFrameLane(world, order, m);
}

function placeFrameLane(world: World, order: readonly { kind: "frame" | "slot"; id: number; want: number }[], m: Mark): FrameLane {
  const lane: FrameLane = { frames: [], slots: [], frameY: new Map(), slotY: new Map(), bottom: TOP };
  let cursor = TOP;
  for (const it of order) {
    const h = it.kind === "frame" ? FRAME_H : SLOT_H;
    const y = Math.max(cursor, it.want + ROW / 2 - h / 2);
    if (it.kind === "frame") {
      const node = frameNode(world, it.id, y, m);
      if (node === null) continue;
      lane.frames.push(node);
      lane.frameY.set(it.id, y + h / 2);
    } else {
      const e = world.swap.get(it.id as never);
      if (e === undefined) continue;
      lane.slots.push({ slot: it.id, value: e.value, count: e.count, cache: e.cache, x: LANES.frame.x + 30, y, w: LANES.frame.w - 30, h });
      lane.slotY.set(it.id, y + h / 2);
    }
    cursor = y + h + ITEM_GAP;
  }
  return { ...lane, bottom: cursor };
}

function frameNode(world: World, pfn: number, y: number, m: Mark): FrameNode | null {
  const f = world.frames.get(pfn as never);
  const change = m.changes.frames.find((c) => c.key === pfn);
  const view = f !== undefined ? frameView(f) : change?.before;
  if (view === undefined || view === null) return null;
  const before = change?.before ?? null;
  const changedFields = before === null ? [] : (["value", "refcount", "mapcount", "pincount"] as const).filter((k) => before[k] !== view[k]);
  const flagsChanged = before !== null && before.flags.join() !== view.flags.join() ? ["flags"] : [];
  return {
    pfn, view, changedFields: [...changedFields, ...flagsChanged], changed: change !== undefined, gone: f === undefined,
    created: change !== undefined && before === null, zero: pfn === world.zeroPfn,
    x: LANES.frame.x, y, w: LANES.frame.w, h: FRAME_H,
  };
}

/** Pipes, pins, rings and the LRU add batch, each placed by the first frame it holds. */
function layoutHolders(world: World, naming: Naming, frameY: ReadonlyMap<number, number>, m: Mark): HolderNode[] {
  const specs = holderSpecs(world, naming, m);
  const want = (pfns: readonly number[]): number => Math.min(...pfns.map((p) => frameY.get(p) ?? Infinity));
  specs.sort((a, b) => want(a.pfns) - want(b.pfns) || (a.key < b.key ? -1 : 1));
  const out: HolderNode[] = [];
  let cursor = TOP;
  for (const s of specs) {
    const released = releasedRefs(s.key, s.pfns, m);
    const all = [...s.pfns, ...released];
    const h = HOLDER_HEAD + Math.max(1, all.length) * HOLDER_ROW;
    const w = want(all);
    const y = Math.max(cursor, Number.isFinite(w) ? w - HOLDER_HEAD - HOLDER_ROW / 2 : cursor);
    const refs = all.map((pfn, i) => ({
      pfn, label: i < s.pfns.length ? (s.labels[i] ?? "") : "released", gone: i >= s.pfns.length,
      y: y + HOLDER_HEAD + i * HOLDER_ROW + HOLDER_ROW / 2,
    }));
    out.push({ key: s.key, title: s.title, detail: s.detail, kind: s.kind, refs, changed: s.changed, gone: s.gone, x: LANES.holder.x, y, w: LANES.holder.w, h });
    cursor = y + h + ITEM_GAP;
  }
  return out;
}

/** The pfns a holder referenced before this step and no longer does (as a multiset). */
function releasedRefs(key: string, now: readonly number[], m: Mark): number[] {
  const c = key === "lru" ? m.changes.lruBatch : m.changes.holders.find((x) => x.key === key);
  if (c === undefined || c === null || c.before === null) return [];
  const left = [...now];
  const out: number[] = [];
  for (const pfn of c.before) {
    const i = left.indexOf(pfn);
    if (i >= 0) left.splice(i, 1);
    else out.push(pfn);
  }
  return out;
}

interface HolderSpec {
  key: string; title: string; detail: string; kind: HolderNode["kind"];
  pfns: number[]; labels: string[]; changed: boolean; gone: boolean;
}

function holderSpecs(world: World, naming: Naming, m: Mark): HolderSpec[] {
  const changed = (key: string): boolean => m.changes.holders.some((c) => c.key === key);
  const specs: HolderSpec[] = [];
  const push = (s: Omit<HolderSpec, "changed" | "gone">): void => void specs.push({ ...s, changed: changed(s.key), gone: false });
  for (const [id, bufs] of world.pipes) {
    // An empty pipe holds nothing: drawn only in the step that emptied it.
    if (bufs.length === 0 && !changed(`pipe ${naming.pipe(id)}`)) continue;
    push({ key: `pipe ${naming.pipe(id)}`, title: `pipe ${naming.pipe(id)}`, detail: "vmsplice: FOLL_GET per buffer", kind: "pipe", pfns: bufs.map((b) => b.pfn), labels: bufs.map((_, i) => `buf ${i}`) });
  }
  for (const [id, pin] of world.pins) {
    const how = `${pin.foll === "pin" ? "FOLL_PIN" : "FOLL_GET"}${pin.write ? " | FOLL_WRITE" : " R/O"}${pin.longterm ? " | LONGTERM" : ""}`;
    push({ key: `pin ${naming.pin(id)}`, title: `pin ${naming.pin(id)} (${naming.process(pin.owner)})`, detail: how, kind: "pin", pfns: [pin.pfn], labels: ["page"] });
  }
  for (const [id, ring] of world.rings) {
    if (ring.pfns === null) continue;
    const owners = ring.owners.map((p) => naming.process(p)).join(", ");
    push({ key: `ring ${naming.ring(id)}`, title: `io_uring ${naming.ring(id)} (${owners})`, detail: `fixed buffers, ${ring.foll === "pin" ? "FOLL_PIN" : "FOLL_GET"} | LONGTERM`, kind: "ring", pfns: [...ring.pfns], labels: ring.pfns.map((_, i) => `[${i}]`) });
  }
  if (world.lruBatch.length > 0 || m.changes.lruBatch !== null) {
    specs.push({ key: "lru", title: "LRU add batch (cpu 0)", detail: "one reference per page until drained", kind: "lru", pfns: [...world.lruBatch], labels: world.lruBatch.map((_, i) => `#${i}`), changed: m.changes.lruBatch !== null, gone: false });
  }
  for (const c of m.changes.holders) {
    if (c.after !== null || specs.some((s) => s.key === c.key)) continue;
    const kind = c.key.startsWith("pipe") ? "pipe" : c.key.startsWith("ring") ? "ring" : "pin";
    specs.push({ key: c.key, title: c.key, detail: "released in this step", kind, pfns: [], labels: [], changed: true, gone: true });
  }
  return specs;
}

function mappingEdges(ptes: readonly PteNode[], lane: FrameLane): Edge[] {
  const out: Edge[] = [];
  for (const r of ptes) {
    if (r.pte === null) continue;
    const x1 = r.x + r.w;
    const y1 = r.y + ROW / 2;
    if (r.pte.pfn !== null) {
      const y2 = lane.frameY.get(r.pte.pfn);
      if (y2 !== undefined) out.push({ key: `m${r.pid}:${r.vpn}`, kind: r.pte.write ? "map-w" : "map-ro", changed: r.changed, gone: false, x1, y1, x2: LANES.frame.x, y2 });
    } else if (r.pte.slot !== null) {
      const y2 = lane.slotY.get(r.pte.slot);
      if (y2 !== undefined) out.push({ key: `s${r.pid}:${r.vpn}`, kind: "swap", changed: r.changed, gone: false, x1, y1, x2: LANES.frame.x + 30, y2 });
    }
  }
  return out;
}

function holderEdges(holders: readonly HolderNode[], frameY: ReadonlyMap<number, number>): Edge[] {
  const out: Edge[] = [];
  for (const h of holders) {
    const kind: EdgeKind = h.kind === "lru" ? "lru" : h.detail.includes("FOLL_PIN") ? "pin" : "get";
    for (const [i, r] of h.refs.entries()) {
      const y2 = frameY.get(r.pfn);
      if (y2 === undefined) continue;
      out.push({ key: `h${h.key}:${i}`, kind, changed: h.changed && !r.gone, gone: r.gone, x1: h.x, y1: r.y, x2: LANES.frame.x + LANES.frame.w, y2 });
    }
  }
  return out;
}
