// The second half of a state's fingerprint stream: the contents of everything the first half
// named (frames, swap slots, logical pages) in order of first occurrence, what nothing names,
// the KSM frames' pfn order and the value sets of the ideal's pages and dead page families.
import type { Ideal } from "../ideal/index.js";
import type { World } from "../kernel/state.js";
import type { Encoder, IdSpace } from "./renaming.js";
import { nameOf, renameIn, value, valueBit, valueMask, word } from "./renaming.js";

const b = (x: boolean, bit: number): number => (x ? 1 << bit : 0);

/** A frame's canonical id (named on first sight). */
export const frame = (e: Encoder, pfn: number): void => word(e, renameIn(e, e.frames, pfn));
/** A swap slot's canonical id. */
export const slot = (e: Encoder, n: number): void => word(e, renameIn(e, e.slots, n));

/**
 * What encoding the contents met, per fingerprint: how many named frames, slots and logical
 * pages exist (fewer than the world holds means some are named by nothing) and the KSM frames.
 */
const met = { frames: 0, slots: 0, pages: 0, ksm: [] as number[], nKsm: 0 };
/** Per family (canonical id): the values its dead pages stored. */
let deadWrites = new Int32Array(64);

/** Frames, swap slots and logical pages in order of first occurrence, then what no one names. */
export function encodeContents(e: Encoder, w: World, ideal: Ideal): void {
  met.frames = 0;
  met.slots = 0;
  met.nKsm = 0;
  let f = 0;
  let sl = 0;
  for (;;) {
    for (; f < e.frames.size; f++) encodeFrame(e, w, e.frames.keys[f] as number);
    for (; sl < e.slots.size; sl++) encodeSlot(e, w, e.slots.keys[sl] as number);
    if (f < e.frames.size) continue;
    // Every named frame and slot is encoded by now: the world holds more only if some are unnamed.
    const strayFrame = met.frames < w.frames.size ? firstUnnamed(e, w.frames.keys(), e.frames) : null;
    const straySlot = strayFrame === null && met.slots < w.swap.size ? firstUnnamed(e, w.swap.keys(), e.slots) : null;
    if (strayFrame === null && straySlot === null) break;
    word(e, 0x75000);
    if (strayFrame !== null) frame(e, strayFrame);
    else slot(e, straySlot ?? 0);
  }
  encodeKsmOrder(e);
  encodeLogicalPages(e, ideal);
}

function firstUnnamed(e: Encoder, keys: Iterable<number>, named: IdSpace): number | null {
  for (const k of keys) if (nameOf(e, named, k) < 0) return k;
  return null;
}

function encodeFrame(e: Encoder, w: World, pfn: number): void {
  const f = w.frames.get(pfn as never);
  if (f === undefined) return word(e, -1);
  met.frames++;
  if (f.ksm) met.ksm[met.nKsm++] = f.pfn;
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
  met.slots++;
  word(e, entry.count);
  value(e, entry.value);
  if (entry.cache === null) word(e, -1);
  else frame(e, entry.cache);
}

/**
 * ksmd keeps the lowest pfn of equal KSM pages (stableTree): their pfn order is part of the
 * state. Every frame of the world has been encoded by now, so `met.ksm` holds them all.
 */
function encodeKsmOrder(e: Encoder): void {
  const { ksm, nKsm } = met;
  if (nKsm < 2) return;
  word(e, 0x76000);
  for (let i = 1; i < nKsm; i++) {
    const pfn = ksm[i] as number;
    let j = i - 1;
    for (; j >= 0 && (ksm[j] as number) > pfn; j--) ksm[j + 1] = ksm[j] as number;
    ksm[j + 1] = pfn;
  }
  for (let i = 0; i < nKsm; i++) frame(e, ksm[i] as number);
}

/** Per logical page: value, stored, family, every value held and every value stored; then per family what its dead pages stored. */
function encodeLogicalPages(e: Encoder, ideal: Ideal): void {
  word(e, 0x77000);
  met.pages = 0;
  for (let i = 0; i < e.pages.size; i++) {
    const p = ideal.pages.get(e.pages.keys[i] as number);
    if (p === undefined) {
      word(e, -1);
      continue;
    }
    met.pages++;
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
  // Pages are keyed by their id: when every one is named, none is dead.
  if (met.pages < ideal.pages.size) encodeDeadFamilyWrites(e, ideal);
}

/** isWrittenInFamily looks at every page of the family, mapped or not: the dead ones count as one set. */
function encodeDeadFamilyWrites(e: Encoder, ideal: Ideal): void {
  const families = e.families;
  if (deadWrites.length < families.size) deadWrites = new Int32Array(2 * families.size);
  const dead = deadWrites;
  dead.fill(0, 0, families.size);
  for (const p of ideal.pages.values()) {
    const fam = nameOf(e, families, p.family);
    if (fam < 0 || nameOf(e, e.pages, p.id) >= 0) continue;
    let written = dead[fam] as number;
    for (const entry of p.history) if (entry.kind === "write") written |= valueBit(entry.value);
    dead[fam] = written;
  }
  // In raw mode nameOf still gives the order of first occurrence; the stream carries the raw id.
  for (let fam = 0; fam < families.size; fam++) {
    const m = dead[fam] as number;
    if (m === 0) continue;
    word(e, 0x78000 | (e.canonical ? fam : (families.keys[fam] as number)));
    valueMask(e, m);
  }
}
