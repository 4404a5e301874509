// Shrinking a fuzz failure: delta debugging over its lines (drop chunks, halving), then
// simplification (merge a child into its parent, fewer and lower pages, smaller and earlier
// letters), keeping a candidate only while it still diverges in the same class — checked in
// lock-step, then by loading its .cow text and running it as `cowlab run` would. Candidates are
// enumerated in a fixed order; the index of each accepted one is recorded, so the same shrink
// replays exactly without retrying the rejected ones (fast-check's replay path).
import { violationText } from "../kernel/invariants.js";
import { asPid } from "../kernel/ids.js";
import type { PinId, PipeId, RingId } from "../kernel/ids.js";
import type { Op } from "../kernel/ops.js";
import type { Policy } from "../kernel/policy.js";
import { createLockState, lockStep } from "../run/lockStep.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Action } from "./actions.js";
import type { FindingClass, Witness } from "./outcome.js";
import { replayWitness } from "./replay.js";
import { startOp } from "./witness.js";

/** A scenario being shrunk: the region's size and the actions after its mmap. */
export interface Candidate {
  readonly pages: number;
  readonly path: readonly Action[];
}

export interface ShrinkResult {
  readonly witness: Witness;
  readonly pages: number;
  /** The index of each accepted candidate in its round's enumeration: the replay path's tail. */
  readonly steps: readonly number[];
  /** Candidates checked. */
  readonly tried: number;
}

/** Candidates checked at most per shrink: a bound on time, not on quality (never reached on small walks). */
export const MAX_SHRINK_TRIES = 4000;

const LETTER_A = 65;

/** The first divergence (or broken invariant) when the candidate runs in lock-step, and where. */
export function firstFinding(c: Candidate, policy: Policy): { cls: FindingClass; at: number; detail: string } | null {
  const lock = createLockState([asPid(0)]);
  lockStep(lock, startOp(c.pages), policy);
  for (let i = 0; i < c.path.length; i++) {
    const v = lockStep(lock, (c.path[i] as Action).op, policy, true, false);
    if (v.invariant !== null) return { cls: "invariant", at: i, detail: violationText(v.invariant) };
    if (v.divergence !== null) return { cls: v.divergence, at: i, detail: "" };
    if (v.stopped) return null;
  }
  return null;
}

/** The candidate cut after its first finding when that finding is of class `cls`, else null. */
function sameClass(c: Candidate, cls: FindingClass, policy: Policy): { c: Candidate; detail: string } | null {
  const f = firstFinding(c, policy);
  if (f === null || f.cls !== cls) return null;
  return { c: { pages: c.pages, path: c.path.slice(0, f.at + 1) }, detail: f.detail };
}

/** The scenario text loads and `runProgram` shows the same class on its last line. */
function replays(w: Witness, pages: number, policy: Policy): boolean {
  try {
    replayWitness(w, policy, pages, "cowlab fuzz");
    return true;
  } catch {
    return false;
  }
}

/** The candidate, cut after its finding, when it fails in class `cls` both in lock-step and as loaded text. */
function accepted(c: Candidate, cls: FindingClass, policy: Policy): { c: Candidate; detail: string } | null {
  const kept = sameClass(c, cls, policy);
  return kept !== null && replays({ class: cls, path: kept.c.path, detail: kept.detail }, kept.c.pages, policy) ? kept : null;
}

/** Shrinks a failure for as long as some candidate still fails the same way. */
export function shrinkWitness(w: Witness, pages: number, policy: Policy): ShrinkResult {
  let current: Candidate = { pages, path: w.path };
  let detail = w.detail;
  const steps: number[] = [];
  let tried = 0;
  let progress = true;
  while (progress && tried < MAX_SHRINK_TRIES) {
    progress = false;
    let index = 0;
    for (const cand of candidates(current)) {
      if (tried >= MAX_SHRINK_TRIES) break;
      tried++;
      const kept = accepted(cand, w.class, policy);
      if (kept !== null) {
        current = kept.c;
        detail = kept.detail;
        steps.push(index);
        progress = true;
        break;
      }
      index++;
    }
  }
  return { witness: { class: w.class, path: current.path, detail }, pages: current.pages, steps, tried };
}

/**
 * Replays recorded shrink steps: candidate `steps[k]` of round k, each checked as shrinking checks it.
 * Fails with the first round whose candidate does not exist or does not fail the same way.
 */
export function applyShrinkSteps(
  w: Witness, pages: number, policy: Policy, steps: readonly number[],
): { ok: true; result: ShrinkResult } | { ok: false; round: number } {
  let current: Candidate = { pages, path: w.path };
  let detail = w.detail;
  for (let round = 0; round < steps.length; round++) {
    const cand = nth(candidates(current), steps[round] ?? 0);
    const kept = cand === undefined ? null : accepted(cand, w.class, policy);
    if (kept === null) return { ok: false, round };
    current = kept.c;
    detail = kept.detail;
  }
  return { ok: true, result: { witness: { class: w.class, path: current.path, detail }, pages: current.pages, steps: steps.slice(), tried: steps.length } };
}

function nth<T>(items: Iterable<T>, n: number): T | undefined {
  let i = 0;
  for (const item of items) if (i++ === n) return item;
  return undefined;
}

/** Every simpler candidate of `c`, in the fixed order shrinking tries them. */
export function* candidates(c: Candidate): Generator<Candidate> {
  const n = c.path.length;
  for (let size = Math.max(1, n >> 1); ; size >>= 1) {
    for (let start = 0; start < n; start += size) {
      yield { pages: c.pages, path: normalizeIds([...c.path.slice(0, start), ...c.path.slice(start + size)]) };
    }
    if (size <= 1) break;
  }
  for (let i = 0; i < n; i++) {
    const a = c.path[i] as Action;
    if (a.op.kind === "fork") yield { pages: c.pages, path: normalizeIds(mergeChild(c.path, i, a.op.pid, a.op.child)) };
  }
  yield* pageCandidates(c);
  yield* valueCandidates(c);
  // Two lines that only work together (a vmsplice and the pipe read that consumes it).
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      yield { pages: c.pages, path: normalizeIds(c.path.filter((_, k) => k !== i && k !== j)) };
    }
  }
}

/** The fork at `at` left out: its child's actions done by the parent instead (its exit dropped). */
function mergeChild(path: readonly Action[], at: number, parent: number, child: number): Action[] {
  const out: Action[] = [];
  path.forEach((a, i) => {
    if (i === at || (a.op.kind === "exit" && a.op.pid === child)) return;
    out.push("pid" in a.op && a.op.pid === child ? { verb: a.verb, op: { ...a.op, pid: asPid(parent) } } : a);
  });
  return out;
}

/** The page index of an op within `buf`, or null for ops that name no page. */
function pageIndex(op: Op): number | null {
  if ("range" in op) return op.range.start - FIRST_REGION_VPN;
  if ("vpn" in op) return op.vpn - FIRST_REGION_VPN;
  return null;
}

function withPage(a: Action, index: number): Action {
  const vpn = FIRST_REGION_VPN + index;
  if ("range" in a.op) return { verb: a.verb, op: { ...a.op, range: { start: vpn, pages: a.op.range.pages } } };
  if ("vpn" in a.op) return { verb: a.verb, op: { ...a.op, vpn } };
  return a;
}

const replaceAt = (path: readonly Action[], i: number, a: Action): Action[] => [...path.slice(0, i), a, ...path.slice(i + 1)];

/**
 * A smaller region when the last pages go unused, pages renumbered by first use, then each page
 * index lowered to 0 and by one.
 */
function* pageCandidates(c: Candidate): Generator<Candidate> {
  const used = c.path.map((a) => pageIndex(a.op)).filter((i): i is number => i !== null);
  const top = used.length === 0 ? 0 : Math.max(...used);
  if (top + 1 < c.pages) yield { pages: top + 1, path: c.path };
  const order = [...new Set(used)];
  if (order.some((k, i) => k !== i)) {
    yield { pages: c.pages, path: c.path.map((a) => {
      const k = pageIndex(a.op);
      return k === null ? a : withPage(a, order.indexOf(k));
    }) };
  }
  for (let i = 0; i < c.path.length; i++) {
    const a = c.path[i] as Action;
    const k = pageIndex(a.op);
    if (k === null || k === 0) continue;
    yield { pages: c.pages, path: replaceAt(c.path, i, withPage(a, 0)) };
    if (k > 1) yield { pages: c.pages, path: replaceAt(c.path, i, withPage(a, k - 1)) };
  }
}

/** Letters renamed by first occurrence (A, B, ...), then each letter lowered to A and by one. */
function* valueCandidates(c: Candidate): Generator<Candidate> {
  const renamed = renameLetters(c.path);
  if (renamed.some((a, i) => a !== c.path[i])) yield { pages: c.pages, path: renamed };
  for (let i = 0; i < c.path.length; i++) {
    const a = c.path[i] as Action;
    if (!("value" in a.op) || a.op.value <= LETTER_A) continue;
    yield { pages: c.pages, path: replaceAt(c.path, i, { verb: a.verb, op: { ...a.op, value: LETTER_A } }) };
    if (a.op.value > LETTER_A + 1) yield { pages: c.pages, path: replaceAt(c.path, i, { verb: a.verb, op: { ...a.op, value: a.op.value - 1 } }) };
  }
}

/** Letters renamed A, B, ... in order of first use; unchanged actions stay the same objects. */
function renameLetters(path: readonly Action[]): Action[] {
  const names = new Map<number, number>();
  return path.map((a) => {
    if (!("value" in a.op)) return a;
    let v = names.get(a.op.value);
    if (v === undefined) names.set(a.op.value, (v = LETTER_A + names.size));
    return v === a.op.value ? a : { verb: a.verb, op: { ...a.op, value: v } };
  });
}

/** Ids handed out in definition order, as scenario/lower numbers them. */
interface Renaming {
  readonly pids: Map<number, number>;
  readonly exited: Set<number>;
  readonly pipes: Map<number, number>;
  readonly rings: Map<number, number>;
  readonly pins: Map<number, number>;
}

/**
 * Children, pipes, rings and pins renumbered in definition order after lines were dropped, and
 * every line left out whose process, pipe, ring or pin no longer exists (or has exited).
 */
export function normalizeIds(path: readonly Action[]): Action[] {
  const r: Renaming = { pids: new Map([[0, 0]]), exited: new Set(), pipes: new Map(), rings: new Map(), pins: new Map() };
  const out: Action[] = [];
  for (const a of path) {
    const op = renameOp(r, a.op);
    if (op !== null) out.push(op === a.op ? a : { verb: a.verb, op });
  }
  return out;
}

/** The op with ids renamed, or null when it names something that does not exist. */
function renameOp(r: Renaming, op: Op): Op | null {
  if (!("pid" in op)) return op;
  const pid = r.pids.get(op.pid);
  if (pid === undefined || r.exited.has(pid)) return null;
  const p = asPid(pid);
  switch (op.kind) {
    case "fork": {
      const child = r.pids.size;
      r.pids.set(op.child, child);
      return { ...op, pid: p, child: asPid(child) };
    }
    case "exit":
      r.exited.add(pid);
      return { ...op, pid: p };
    case "vmsplice": return { ...op, pid: p, pipe: define(r.pipes, op.pipe) as PipeId };
    case "pipe-read": return refer(r.pipes, op.pipe, (pipe) => ({ ...op, pid: p, pipe: pipe as PipeId }));
    case "iouring-register": return { ...op, pid: p, ring: define(r.rings, op.ring) as RingId };
    case "ring-read":
    case "ring-write":
    case "iouring-unregister": return refer(r.rings, op.ring, (ring) => ({ ...op, pid: p, ring: ring as RingId }));
    case "pin": return { ...op, pid: p, pin: define(r.pins, op.pin) as PinId };
    case "pin-read":
    case "pin-write":
    case "unpin": return refer(r.pins, op.pin, (pin) => ({ ...op, pid: p, pin: pin as PinId }));
    default: return { ...op, pid: p };
  }
}

/** The new id of a name defined here (a pipe is defined by its first vmsplice). */
function define(ids: Map<number, number>, old: number): number {
  let id = ids.get(old);
  if (id === undefined) ids.set(old, (id = ids.size));
  return id;
}

function refer(ids: ReadonlyMap<number, number>, old: number, make: (id: number) => Op): Op | null {
  const id = ids.get(old);
  return id === undefined ? null : make(id);
}
