// The actions enabled in an explored state: every allowed verb on every page of the region, by
// every live process, within the bounds. Writes use the letters already written plus one new
// letter (values are symmetric, so any other new letter gives an isomorphic state). Ids for new
// processes, pipes, rings and pins follow definition order, as scenario/lower numbers them.
import type { Pid, PinId, PipeId, RingId } from "../kernel/ids.js";
import type { Advice, Op } from "../kernel/ops.js";
import type { Vma, World } from "../kernel/state.js";
import { findVma } from "../kernel/vma.js";
import type { LockState } from "../run/lockStep.js";
import type { CheckerVerb } from "./verbs.js";

/** The bounds of a search (and of a random walk). */
export interface Bounds {
  /** Processes alive at once. */
  readonly procs: number;
  /** Pages of the one region `buf`. */
  readonly pages: number;
  /** GUP references and pins held at once (pipe buffers, ring pages, gup_test pins). */
  readonly pins: number;
  readonly depth: number;
  /** Distinct letters a write may store: A, B, ... */
  readonly values: number;
  readonly verbs: readonly CheckerVerb[];
}

/** Ids handed out so far along a path (names are defined once in a scenario). */
export interface Counters {
  readonly nextPid: number;
  readonly pipes: number;
  readonly rings: number;
  readonly pins: number;
  /** Letters written so far: A .. A + letters - 1. */
  readonly letters: number;
}

export const START_COUNTERS: Counters = { nextPid: 1, pipes: 0, rings: 0, pins: 0, letters: 0 };

/** One step of a path: the op and the verb family it came from. */
export interface Action {
  readonly verb: CheckerVerb;
  readonly op: Op;
}

const LETTER_A = 65;
const ADVICE: Partial<Record<CheckerVerb, Advice>> = {
  dontneed: "dontneed", dontfork: "dontfork", dofork: "dofork", wipeonfork: "wipeonfork", pageout: "pageout",
};

/** The counters after `a`. */
export function advance(c: Counters, a: Action): Counters {
  const op = a.op;
  const wrote = "value" in op && op.value >= LETTER_A + c.letters ? op.value - LETTER_A + 1 : c.letters;
  switch (op.kind) {
    case "fork": return counters(c.nextPid + 1, c.pipes, c.rings, c.pins, c.letters);
    case "vmsplice": return op.pipe >= c.pipes ? counters(c.nextPid, op.pipe + 1, c.rings, c.pins, c.letters) : c;
    case "iouring-register": return counters(c.nextPid, c.pipes, c.rings + 1, c.pins, c.letters);
    case "pin": return counters(c.nextPid, c.pipes, c.rings, c.pins + 1, c.letters);
    default: return wrote === c.letters ? c : counters(c.nextPid, c.pipes, c.rings, c.pins, wrote);
  }
}

/** Counters in one field order (unpackFrom's), so that every Counters object has one hidden class. */
const counters = (nextPid: number, pipes: number, rings: number, pins: number, letters: number): Counters => ({ nextPid, pipes, rings, pins, letters });

/** GUP references held now: pipe buffers, registered ring pages, gup_test pins. */
export function heldReferences(w: World): number {
  let n = w.pins.size;
  for (const bufs of w.pipes.values()) n += bufs.length;
  for (const r of w.rings.values()) n += r.pfns?.length ?? 0;
  return n;
}

/** Everything the search may do next from state `s`, in a fixed order. */
export function enabledActions(s: LockState, c: Counters, bounds: Bounds, start: number): Action[] {
  const out: Action[] = [];
  const w = s.world;
  const has = new Set(bounds.verbs);
  const pids = [...w.mms.keys()].sort((a, b) => a - b);
  const canRef = heldReferences(w) < bounds.pins;
  const letters = Math.min(c.letters + 1, bounds.values);
  for (const pid of pids) {
    const ideal = s.ideal.processes.get(pid)?.pages;
    const mapped = (vpn: number): boolean => ideal?.has(vpn) === true;
    processActions(out, { w, c, bounds, has, pid, canRef, letters, start, live: pids.length, mapped });
  }
  kernelActions(out, w, has, pids, bounds, start);
  return out;
}

interface Ctx {
  readonly w: World;
  readonly c: Counters;
  readonly bounds: Bounds;
  readonly has: ReadonlySet<CheckerVerb>;
  readonly pid: Pid;
  readonly canRef: boolean;
  readonly letters: number;
  readonly start: number;
  readonly live: number;
  /** The ideal machine maps pid's page at vpn. */
  readonly mapped: (vpn: number) => boolean;
}

function processActions(out: Action[], x: Ctx): void {
  const { pid, has, start } = x;
  const one = (i: number): { start: number; pages: number } => ({ start: start + i, pages: 1 });
  for (let i = 0; i < x.bounds.pages; i++) {
    if (has.has("write")) for (let l = 0; l < x.letters; l++) out.push({ verb: "write", op: { kind: "write", pid, range: one(i), value: LETTER_A + l } });
    if (has.has("read")) out.push({ verb: "read", op: { kind: "read", pid, range: one(i) } });
  }
  if (has.has("fork") && x.live < x.bounds.procs) out.push({ verb: "fork", op: { kind: "fork", pid, child: x.c.nextPid as Pid } });
  if (has.has("exit")) out.push({ verb: "exit", op: { kind: "exit", pid } });
  for (let i = 0; i < x.bounds.pages; i++) pageActions(out, x, i);
  referenceActions(out, x);
  if (has.has("clear-refs")) out.push({ verb: "clear-refs", op: { kind: "clear-refs", pid } });
}

/**
 * munmap, mprotect, madvise, GUPs and force-write on page i. On a page neither machine maps they
 * all fail alike, and a flag advice that would leave its flag as it is changes nothing: both are
 * left out (reads and writes of such a page are kept: they must fault).
 */
function pageActions(out: Action[], x: Ctx, i: number): void {
  const { pid, has } = x;
  const range = { start: x.start + i, pages: 1 };
  const vpn = x.start + i;
  const mm = x.w.mms.get(pid);
  const vma = mm === undefined ? undefined : findVma(mm, vpn);
  if (vma === undefined && !x.mapped(vpn)) return;
  if (has.has("munmap")) out.push({ verb: "munmap", op: { kind: "munmap", pid, range } });
  if (has.has("mprotect")) {
    out.push({ verb: "mprotect", op: { kind: "mprotect", pid, range, prot: "ro" } });
    out.push({ verb: "mprotect", op: { kind: "mprotect", pid, range, prot: "rw" } });
  }
  for (const verb of ["dontneed", "dontfork", "dofork", "wipeonfork", "pageout"] as const) {
    const advice = ADVICE[verb];
    if (has.has(verb) && advice !== undefined && !isFlagNoop(vma, verb)) out.push({ verb, op: { kind: "madvise", pid, range, advice } });
  }
  if (x.canRef && has.has("vmsplice")) {
    for (const pipe of pipeTargets(x.w, x.c)) out.push({ verb: "vmsplice", op: { kind: "vmsplice", pid, range, pipe } });
  }
  if (x.canRef && has.has("iouring-register")) {
    out.push({ verb: "iouring-register", op: { kind: "iouring-register", pid, range, ring: x.c.rings as RingId } });
  }
  if (x.canRef && has.has("pin")) {
    for (const write of [false, true]) {
      for (const longterm of [true, false]) {
        out.push({ verb: "pin", op: { kind: "pin", pid, vpn, write, longterm, get: false, pin: x.c.pins as PinId } });
      }
    }
  }
  if (has.has("force-write")) {
    for (let l = 0; l < x.letters; l++) out.push({ verb: "force-write", op: { kind: "force-write", pid, vpn, value: LETTER_A + l } });
  }
}

/** The advice would set a VMA flag to the value it has already. */
function isFlagNoop(vma: Vma | undefined, verb: CheckerVerb): boolean {
  if (vma === undefined) return false;
  if (verb === "dontfork") return vma.dontCopy;
  if (verb === "dofork") return !vma.dontCopy;
  if (verb === "wipeonfork") return vma.wipeOnFork;
  return false;
}

/** Pipes a vmsplice may fill: those holding buffers, and one new pipe (an empty old one is equivalent). */
function pipeTargets(w: World, c: Counters): PipeId[] {
  const out: PipeId[] = [];
  for (let id = 0; id < c.pipes; id++) if ((w.pipes.get(id as PipeId)?.length ?? 0) > 0) out.push(id as PipeId);
  out.push(c.pipes as PipeId);
  return out;
}

/** Ring and pin use by their owner: the ring's lowest-pid owner acts for all (the device does not care who submits). */
function referenceActions(out: Action[], x: Ctx): void {
  const { pid, has } = x;
  for (const [id, ring] of [...x.w.rings].sort((a, b) => a[0] - b[0])) {
    if (ring.pfns === null || Math.min(...ring.owners) !== pid) continue;
    const ring0 = { pid, ring: id, index: 0 };
    if (has.has("ring-read")) out.push({ verb: "ring-read", op: { kind: "ring-read", ...ring0 } });
    if (has.has("ring-write")) {
      for (let l = 0; l < x.letters; l++) out.push({ verb: "ring-write", op: { kind: "ring-write", ...ring0, value: LETTER_A + l } });
    }
    if (has.has("iouring-unregister")) out.push({ verb: "iouring-unregister", op: { kind: "iouring-unregister", pid, ring: id } });
  }
  for (const [id, p] of [...x.w.pins].sort((a, b) => a[0] - b[0])) {
    if (p.owner !== pid) continue;
    if (has.has("pin-read")) out.push({ verb: "pin-read", op: { kind: "pin-read", pid, pin: id } });
    if (has.has("pin-write") && p.write) {
      for (let l = 0; l < x.letters; l++) out.push({ verb: "pin-write", op: { kind: "pin-write", pid, pin: id, value: LETTER_A + l } });
    }
    if (has.has("unpin")) out.push({ verb: "unpin", op: { kind: "unpin", pid, pin: id } });
  }
}

/** Pipe reads (by the lowest live pid: any reader sees the same), ksmd, LRU drain, reclaim, migration. */
function kernelActions(out: Action[], w: World, has: ReadonlySet<CheckerVerb>, pids: readonly Pid[], bounds: Bounds, start: number): void {
  const reader = pids[0];
  if (has.has("pipe-read") && reader !== undefined) {
    for (const [id, bufs] of [...w.pipes].sort((a, b) => a[0] - b[0])) {
      if (bufs.length > 0) out.push({ verb: "pipe-read", op: { kind: "pipe-read", pid: reader, pipe: id } });
    }
  }
  if (has.has("ksm-scan")) out.push({ verb: "ksm-scan", op: { kind: "ksm-scan" } });
  if (has.has("lru-drain")) out.push({ verb: "lru-drain", op: { kind: "lru-drain" } });
  for (const verb of ["reclaim", "migrate"] as const) {
    if (!has.has(verb)) continue;
    for (const pid of pids) for (let i = 0; i < bounds.pages; i++) out.push({ verb, op: { kind: verb, pid, vpn: start + i } });
  }
}
