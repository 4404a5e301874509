// The ideal machine as words, its dead logical pages folded as cloneIdealLive folds them (one
// page per family standing for all the pages nothing names): what a search state carries of
// the ideal is exactly what the per-transition copy used to carry, in the same map order.
import type { Ideal, IdealMapping, IdealPin, IdealProcess, IdealRef, IdealRing, LogicalPage } from "../ideal/index.js";
import type { EntryKind, HistoryEntry } from "../ideal/index.js";
import { foldDead, livePageIds } from "./snapshot.js";
import type { WordReader, WordWriter } from "./wordStream.js";
import { bit, has, put, take } from "./wordStream.js";

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

/** Reads back what packIdeal wrote, as fresh objects. */
export function unpackIdeal(r: WordReader): Ideal {
  const clock = take(r);
  const nextPage = take(r);
  const nextFamily = take(r);
  const processes = new Map<number, IdealProcess>();
  for (let n = take(r); n > 0; n--) {
    const p = unpackProcess(r);
    processes.set(p.pid, p);
  }
  const pages = unpackPages(r);
  const pipes = new Map<number, IdealRef[]>();
  for (let n = take(r); n > 0; n--) {
    const id = take(r);
    const refs: IdealRef[] = [];
    for (let k = take(r); k > 0; k--) refs.push(unpackRef(r, take(r)));
    pipes.set(id, refs);
  }
  const pins = new Map<number, IdealPin>();
  for (let n = take(r); n > 0; n--) {
    const id = take(r);
    const ref = unpackRef(r, take(r));
    pins.set(id, { page: ref.page, since: ref.since, foll: ref.foll, owner: take(r) });
  }
  const rings = new Map<number, IdealRing>();
  for (let n = take(r); n > 0; n--) rings.set(take(r), unpackRing(r));
  return { clock, processes, pages, nextPage, nextFamily, pipes, pins, rings };
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
  const pid = take(r);
  const pages = new Map<number, IdealMapping>();
  for (let n = take(r); n > 0; n--) {
    const vpn = take(r);
    const page = take(r);
    const f = take(r);
    pages.set(vpn, { page, read: has(f, 0), write: has(f, 1), shared: has(f, 2), dontCopy: has(f, 3), wipeOnFork: has(f, 4) });
  }
  return { pid, pages };
}

/** The live pages in map order, then one folded page per family of dead ones (cloneIdealLive's order). */
function packPages(o: WordWriter, ideal: Ideal): void {
  const live = livePageIds(ideal);
  const at = o.n;
  put(o, 0);
  let count = 0;
  let dead: Map<number, LogicalPage> | null = null;
  for (const [id, page] of ideal.pages) {
    if (live.has(id)) {
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
  const pages = new Map<number, LogicalPage>();
  for (let n = take(r); n > 0; n--) {
    const id = take(r);
    const family = take(r);
    const createdAt = take(r);
    const head = take(r);
    const history: HistoryEntry[] = [];
    for (let k = head >>> 1; k > 0; k--) {
      const vk = take(r);
      history.push({ value: vk >> 2, at: take(r), kind: KINDS[vk & 3] as EntryKind });
    }
    pages.set(id, { id, family, createdAt, history, stored: (head & 1) !== 0 });
  }
  return pages;
}

/** A reference: page, since, foll; a null one (a ring slot nothing was mapped at) is -1. */
function packRef(o: WordWriter, r: IdealRef | null): void {
  if (r === null) return put(o, -1);
  put(o, r.page);
  put(o, r.since);
  put(o, foll(r.foll));
}

/** The reference whose first word, `page`, the caller has read already. */
function unpackRef(r: WordReader, page: number): IdealRef {
  const since = take(r);
  return { page, since, foll: follOf(take(r)) };
}

function packRing(o: WordWriter, id: number, ring: IdealRing): void {
  put(o, id);
  put(o, ring.owners.length);
  for (const pid of ring.owners) put(o, pid);
  put(o, ring.pages === null ? -1 : ring.pages.length);
  for (const ref of ring.pages ?? []) packRef(o, ref);
}

function unpackRing(r: WordReader): IdealRing {
  const owners: number[] = [];
  for (let n = take(r); n > 0; n--) owners.push(take(r));
  const count = take(r);
  if (count < 0) return { owners, pages: null };
  const pages: (IdealRef | null)[] = [];
  for (let n = count; n > 0; n--) {
    const page = take(r);
    pages.push(page === -1 ? null : unpackRef(r, page));
  }
  return { owners, pages };
}
