// The ideal machine as words, its dead logical pages folded as cloneIdealLive folds them (one
// page per family standing for all the pages nothing names): what a search state carries of
// the ideal is exactly what the per-transition copy used to carry, in the same map order.
import type { Ideal, IdealMapping, IdealPin, IdealProcess, IdealRef, IdealRing, LogicalPage } from "../ideal/index.js";
import type { EntryKind, HistoryEntry } from "../ideal/index.js";
import { DenseIds } from "../kernel/denseIds.js";
import { foldDead } from "./snapshot.js";
import type { WordReader, WordWriter } from "./wordStream.js";
import { bit, put } from "./wordStream.js";

const KINDS: readonly EntryKind[] = ["fill", "copy", "write"];
const foll = (f: "pin" | "get"): number => (f === "pin" ? 1 : 0);
const follOf = (w: number): "pin" | "get" => (w === 1 ? "pin" : "get");

/** Writes `ideal`, its dead pages folded. */
export function packIdeal(o: WordWriter, ideal: Ideal): void {
  put(o, ideal.clock);
  put(o, ideal.nextPage);
  put(o, ideal.nextFamily);
  put(o, ideal.processes.size);
  for (const p of ideal.processes.values()) packProcess(o, p);
  packPages(o, ideal);
  put(o, ideal.pipes.size);
  for (const [id, refs] of ideal.pipes) {
    put(o, id);
    put(o, refs.length);
    for (const r of refs) packRef(o, r);
  }
  put(o, ideal.pins.size);
  for (const [id, pin] of ideal.pins) {
    put(o, id);
    packRef(o, pin);
    put(o, pin.owner);
  }
  put(o, ideal.rings.size);
  for (const [id, ring] of ideal.rings) packRing(o, id, ring);
}

/** Reads back what packIdeal wrote, as fresh objects (a local cursor, unchecked reads: see unpackWorld). */
export function unpackIdeal(r: WordReader): Ideal {
  const b = r.buf;
  const clock = b[r.i] as number;
  const nextPage = b[r.i + 1] as number;
  const nextFamily = b[r.i + 2] as number;
  r.i += 3;
  const processes = new Map<number, IdealProcess>();
  for (let n = b[r.i++] as number; n > 0; n--) {
    const p = unpackProcess(r);
    processes.set(p.pid, p);
  }
  const pages = unpackPages(r);
  const pipes = unpackPipes(r);
  const pins = unpackPins(r);
  const rings = new Map<number, IdealRing>();
  for (let n = b[r.i++] as number; n > 0; n--) {
    const id = b[r.i++] as number;
    rings.set(id, unpackRing(r));
  }
  return { clock, processes, pages, nextPage, nextFamily, pipes, pins, rings };
}

function unpackPipes(r: WordReader): Map<number, IdealRef[]> {
  const b = r.buf;
  let i = r.i;
  const pipes = new Map<number, IdealRef[]>();
  for (let n = b[i++] as number; n > 0; n--) {
    const id = b[i++] as number;
    const refs: IdealRef[] = [];
    for (let k = b[i++] as number; k > 0; k--, i += 3) refs.push({ page: b[i] as number, since: b[i + 1] as number, foll: follOf(b[i + 2] as number) });
    pipes.set(id, refs);
  }
  r.i = i;
  return pipes;
}

function unpackPins(r: WordReader): Map<number, IdealPin> {
  const b = r.buf;
  let i = r.i;
  const pins = new Map<number, IdealPin>();
  for (let n = b[i++] as number; n > 0; n--, i += 5) {
    pins.set(b[i] as number, { page: b[i + 1] as number, since: b[i + 2] as number, foll: follOf(b[i + 3] as number), owner: b[i + 4] as number });
  }
  r.i = i;
  return pins;
}

function packProcess(o: WordWriter, p: IdealProcess): void {
  put(o, p.pid);
  put(o, p.pages.size);
  for (const [vpn, m] of p.pages) {
    put(o, vpn);
    put(o, m.page);
    put(o, bit(m.read, 0) | bit(m.write, 1) | bit(m.shared, 2) | bit(m.dontCopy, 3) | bit(m.wipeOnFork, 4));
  }
}

function unpackProcess(r: WordReader): IdealProcess {
  const b = r.buf;
  let i = r.i;
  const pid = b[i++] as number;
  const pages = new Map<number, IdealMapping>();
  for (let n = b[i++] as number; n > 0; n--, i += 3) {
    const f = b[i + 2] as number;
    pages.set(b[i] as number, {
      page: b[i + 1] as number, read: (f & 1) !== 0, write: (f & 2) !== 0, shared: (f & 4) !== 0, dontCopy: (f & 8) !== 0,
      wipeOnFork: (f & 16) !== 0,
    });
  }
  r.i = i;
  return { pid, pages };
}

/** The logical pages a mapping, a pipe buffer, a pin or a ring still names (snapshot.ts livePageIds, in scratch). */
const live = new DenseIds();

function markLive(ideal: Ideal): void {
  live.reset();
  for (const p of ideal.processes.values()) for (const m of p.pages.values()) live.add(m.page);
  for (const refs of ideal.pipes.values()) for (const r of refs) live.add(r.page);
  for (const pin of ideal.pins.values()) live.add(pin.page);
  for (const ring of ideal.rings.values()) for (const r of ring.pages ?? []) if (r !== null) live.add(r.page);
}

/** The live pages in map order, then one folded page per family of dead ones (cloneIdealLive's order). */
function packPages(o: WordWriter, ideal: Ideal): void {
  markLive(ideal);
  const at = o.n;
  put(o, 0);
  let count = 0;
  let dead: Map<number, LogicalPage> | null = null;
  for (const [id, page] of ideal.pages) {
    if (live.find(id) >= 0) {
      packPage(o, page);
      count++;
    } else {
      dead ??= new Map();
      dead.set(page.family, foldDead(dead.get(page.family), page));
    }
  }
  for (const page of dead?.values() ?? []) packPage(o, page);
  o.buf[at] = count + (dead?.size ?? 0);
}

function packPage(o: WordWriter, p: LogicalPage): void {
  put(o, p.id);
  put(o, p.family);
  put(o, p.createdAt);
  put(o, (p.history.length << 1) | (p.stored ? 1 : 0));
  for (const e of p.history) {
    put(o, (e.value << 2) | KINDS.indexOf(e.kind));
    put(o, e.at);
  }
}

function unpackPages(r: WordReader): Map<number, LogicalPage> {
  const b = r.buf;
  let i = r.i;
  const pages = new Map<number, LogicalPage>();
  for (let n = b[i++] as number; n > 0; n--) {
    const id = b[i] as number;
    const family = b[i + 1] as number;
    const createdAt = b[i + 2] as number;
    const head = b[i + 3] as number;
    i += 4;
    // A history is never empty and mostly one entry: a literal allocates no spare capacity.
    const history: HistoryEntry[] = head >>> 1 === 0 ? [] : [{ value: (b[i] as number) >> 2, at: b[i + 1] as number, kind: KINDS[(b[i] as number) & 3] as EntryKind }];
    if (history.length > 0) i += 2;
    for (let k = (head >>> 1) - 1; k > 0; k--, i += 2) {
      const vk = b[i] as number;
      history.push({ value: vk >> 2, at: b[i + 1] as number, kind: KINDS[vk & 3] as EntryKind });
    }
    pages.set(id, { id, family, createdAt, history, stored: (head & 1) !== 0 });
  }
  r.i = i;
  return pages;
}

/** A reference: page, since, foll; a null one (a ring slot nothing was mapped at) is -1. */
function packRef(o: WordWriter, r: IdealRef | null): void {
  if (r === null) return put(o, -1);
  put(o, r.page);
  put(o, r.since);
  put(o, foll(r.foll));
}

function packRing(o: WordWriter, id: number, ring: IdealRing): void {
  put(o, id);
  put(o, ring.owners.length);
  for (const pid of ring.owners) put(o, pid);
  put(o, ring.pages === null ? -1 : ring.pages.length);
  for (const ref of ring.pages ?? []) packRef(o, ref);
}

function unpackRing(r: WordReader): IdealRing {
  const b = r.buf;
  let i = r.i;
  const owners: number[] = [];
  for (let n = b[i++] as number; n > 0; n--) owners.push(b[i++] as number);
  const count = b[i++] as number;
  let pages: (IdealRef | null)[] | null = null;
  if (count >= 0) {
    pages = [];
    for (let n = count; n > 0; n--) {
      const page = b[i++] as number;
      if (page === -1) {
        pages.push(null);
        continue;
      }
      pages.push({ page, since: b[i] as number, foll: follOf(b[i + 1] as number) });
      i += 2;
    }
  }
  r.i = i;
  return { owners, pages };
}
