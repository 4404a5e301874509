// Compact, comparable views of the kernel state a trace shows: PTEs, frames (struct page),
// mms with their VMAs, and the holders of GUP references (pipes, pins, rings).
import type { Frame, Mm, Pte, Vma, World } from "../kernel/state.js";
import type { Naming } from "./describe.js";
import type { FrameView, MmView, PteView } from "./trace.js";

/** A PTE as a trace shows it (the exclusive bit is swp-exclusive, for swap entries). */
export function pteView(pte: Pte): PteView {
  const softDirty = pte.softDirty;
  if (pte.present) {
    return { present: true, pfn: pte.pfn, slot: null, write: pte.write, dirty: pte.dirty, softDirty, exclusive: false };
  }
  return { present: false, pfn: null, slot: pte.slot, write: false, dirty: false, softDirty, exclusive: pte.exclusive };
}

/** A frame's counters, value and set flags. */
export function frameView(f: Frame): FrameView {
  const flags: string[] = [];
  if (f.anon) flags.push("anon");
  if (f.ksm) flags.push("ksm");
  if (f.anonExclusive) flags.push("exclusive");
  if (f.swapCache !== null) flags.push(`swapcache:${f.swapCache}`);
  if (f.inLruBatch) flags.push("lru-batch");
  if (f.onLru) flags.push("lru");
  if (f.dirty) flags.push("dirty");
  return { value: f.value, refcount: f.refcount, mapcount: f.mapcount, pincount: f.pincount, flags };
}

/** A VMA's pages: `buf[0..2]` when one region holds them (half-open, as the language writes it), else vpns. */
function vmaRange(v: Vma, naming: Naming): string {
  const first = naming.page(v.start);
  const last = naming.page(v.end - 1);
  const name = /^(.*)\[(\d+)\]$/;
  const a = name.exec(first);
  const b = name.exec(last);
  if (a !== null && b !== null && a[1] === b[1]) return `${a[1] ?? ""}[${a[2] ?? ""}..${Number(b[2]) + 1}]`;
  return `${v.start}..${v.end}`;
}

/** `buf[0..2] rw private anon_vma dontcopy`: the pages, the rights, and the flags that are set. */
export function vmaText(v: Vma, naming: Naming): string {
  const rights = `${v.read ? "r" : "-"}${v.write ? "w" : "-"}${v.mayWrite ? "" : " !maywrite"}`;
  const flags = [
    v.shared ? "shared" : "private",
    v.anonVma ? "anon_vma" : "",
    v.dontCopy ? "dontcopy" : "",
    v.wipeOnFork ? "wipeonfork" : "",
    v.softDirty ? "softdirty" : "",
    v.mergeable ? "mergeable" : "",
  ].filter((s) => s !== "");
  return `${vmaRange(v, naming)} ${rights} ${flags.join(" ")}`;
}

/** An mm's has_pinned flag and its VMAs as text. */
export function mmView(mm: Mm, naming: Naming): MmView {
  return { hasPinned: mm.hasPinned, vmas: mm.vmas.map((v) => vmaText(v, naming)) };
}

/** Every holder of page references, by name, with the pfns it holds (sorted by name). */
export function holderViews(world: World, naming: Naming): Map<string, readonly number[]> {
  const out: [string, readonly number[]][] = [];
  for (const [id, bufs] of world.pipes) out.push([`pipe ${naming.pipe(id)}`, bufs.map((b) => b.pfn)]);
  for (const [id, pin] of world.pins) out.push([`pin ${naming.pin(id)}`, [pin.pfn]]);
  for (const [id, ring] of world.rings) if (ring.pfns !== null) out.push([`ring ${naming.ring(id)}`, [...ring.pfns]]);
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(out);
}

/** Structural equality of two views (plain data of primitives and arrays). */
export function sameView(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameView((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
