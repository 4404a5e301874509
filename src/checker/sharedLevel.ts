// One level of a search over many kernels at once: packed states as in a one-kernel level, and
// per state the kernels (a bit mask) that expand it. A state reached by other kernels from
// another parent joins the entry only when its packed form is byte for byte the same (so every
// kernel's path replays to exactly these states); that join is kept as an extra path.
import type { Frontier, LevelPaths } from "./frontier.js";
import { createFrontier, frontierSize, levelPaths, pushPacked } from "./frontier.js";
import type { Allocate, WordWriter } from "./wordStream.js";
import { createWordWriter, put } from "./wordStream.js";

export interface SharedLevel {
  readonly states: Frontier;
  /** Per state: the kernels that reach it first on this level. */
  readonly kernels: WordWriter;
  /** Joins as (entry, parent, action, kernels) quadruples: those kernels came from that parent by that action. */
  readonly joins: number[];
  /** Every kernel with a state on this level. */
  present: number;
}

/** An empty level; `alloc` gives its memory (shared memory when worker threads read it). */
export function createSharedLevel(alloc?: Allocate): SharedLevel {
  return { states: createFrontier(alloc), kernels: createWordWriter(64, alloc), joins: [], present: 0 };
}

/** Appends a packed state (bytes[from..to)) for `kernels`, reached from `parent` by action `k`; its index. */
export function pushShared(l: SharedLevel, bytes: Uint8Array, from: number, to: number, kernels: number, parent: number, k: number): number {
  pushPacked(l.states, bytes, from, to, parent, k);
  put(l.kernels, kernels | 0);
  l.present |= kernels;
  return frontierSize(l.states) - 1;
}

/** Whether entry i holds exactly bytes[from..to). */
export function sameBytes(l: SharedLevel, i: number, bytes: Uint8Array, from: number, to: number): boolean {
  const starts = l.states.starts.buf;
  const at = starts[i] as number;
  if ((starts[i + 1] as number) - at !== to - from) return false;
  const own = l.states.bytes.buf;
  for (let j = 0; j < to - from; j++) if (own[at + j] !== bytes[from + j]) return false;
  return true;
}

/** Kernels `kernels` reach entry i too, from `parent` by action `k`. */
export function joinShared(l: SharedLevel, i: number, kernels: number, parent: number, k: number): void {
  l.kernels.buf[i] = (l.kernels.buf[i] as number) | kernels;
  l.joins.push(i, parent, k, kernels);
  l.present |= kernels;
}

/** Where a level's states came from, kept after its states are dropped. */
export interface SharedPaths {
  readonly paths: LevelPaths;
  readonly joins: readonly number[];
  /** Entry -> offsets of its joins, built when a witness first needs it. */
  byEntry: Map<number, number[]> | null;
}

export const sharedPaths = (l: SharedLevel): SharedPaths => ({ paths: levelPaths(l.states), joins: l.joins.slice(), byEntry: null });

function joinsByEntry(p: SharedPaths): Map<number, number[]> {
  if (p.byEntry !== null) return p.byEntry;
  const m = new Map<number, number[]>();
  for (let j = 0; j < p.joins.length; j += 4) {
    const i = p.joins[j] as number;
    const list = m.get(i);
    if (list === undefined) m.set(i, [j]);
    else list.push(j);
  }
  p.byEntry = m;
  return m;
}

/** Kernel g's parent and action for entry i: a join that names g, else the entry's first parent. */
function stepOf(p: SharedPaths, i: number, g: number): [number, number] {
  for (const j of joinsByEntry(p).get(i) ?? []) {
    if (((p.joins[j + 3] as number) & (1 << g)) !== 0) return [p.joins[j + 1] as number, p.joins[j + 2] as number];
  }
  return [p.paths.parents[i] as number, p.paths.actions[i] as number];
}

/** Kernel g's action indices from its start to entry `index` of `level` (levels[0] holds the starts). */
export function kernelActionIndices(levels: readonly SharedPaths[], level: number, index: number, g: number): number[] {
  const ks: number[] = [];
  for (let l = level, i = index; l > 0; l--) {
    const p = levels[l];
    // Every level up to the one being expanded has its paths recorded before it is expanded.
    if (p === undefined) throw new Error(`checker bug: no paths for level ${l}`);
    const [parent, k] = stepOf(p, i, g);
    ks.push(k);
    i = parent;
  }
  return ks.reverse();
}
