// One level of the breadth-first search: its states packed back to back in one byte array
// (each state's words as varints), and per state the index of its parent in the level above
// and the action (its index in enabledActions order) that led there. No object per state:
// the path is those two numbers.
import type { LockState } from "../run/lockStep.js";
import type { Counters } from "./actions.js";
import { packInto } from "./packedState.js";
import type { ByteWriter } from "./varint.js";
import { createByteWriter, getVarints, putBytes, putVarints } from "./varint.js";
import type { Allocate, WordWriter } from "./wordStream.js";
import { createWordWriter, put } from "./wordStream.js";

/** A level's states; state i is bytes[starts[i] .. starts[i + 1]). */
export interface Frontier {
  readonly bytes: ByteWriter;
  /** count + 1 offsets into bytes. */
  readonly starts: WordWriter;
  readonly parents: WordWriter;
  readonly actions: WordWriter;
}

/** An empty level; `alloc` gives the memory of its states (shared memory when worker threads read them). */
export function createFrontier(alloc?: Allocate): Frontier {
  const starts = createWordWriter(64, alloc);
  put(starts, 0);
  return { bytes: createByteWriter(1 << 14, alloc), starts, parents: createWordWriter(64), actions: createWordWriter(64) };
}

/** The number of states in the level. */
export const frontierSize = (f: Frontier): number => f.parents.n;

/** Per thread: the words of the state being packed. */
const scratch = createWordWriter(1024);

/** Packs `lock` and `counters` as varints onto `out`. */
export function packBytes(out: ByteWriter, lock: LockState, counters: Counters): void {
  scratch.n = 0;
  packInto(scratch, lock, counters);
  putVarints(out, scratch.buf, 0, scratch.n);
}

/** Packs a state onto the level, reached from state `parent` of the level above by action `k`. */
export function pushState(f: Frontier, lock: LockState, counters: Counters, parent: number, k: number): void {
  packBytes(f.bytes, lock, counters);
  put(f.starts, f.bytes.n);
  put(f.parents, parent);
  put(f.actions, k);
}

/** Appends a state someone else packed (a worker thread's candidate): bytes[from..to). */
export function pushPacked(f: Frontier, bytes: Uint8Array, from: number, to: number, parent: number, k: number): void {
  putBytes(f.bytes, bytes, from, to);
  put(f.starts, f.bytes.n);
  put(f.parents, parent);
  put(f.actions, k);
}

/** A level's packed states as plain arrays: what a worker thread reads. */
export interface PackedLevel {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
}

/** The states of `f` as views of its arrays (shared with worker threads when `f` was made in shared memory). */
export function packedLevel(f: Frontier): PackedLevel {
  return { bytes: f.bytes.buf.subarray(0, f.bytes.n), starts: f.starts.buf.subarray(0, f.starts.n) };
}

/** Per thread: the words of the state being read. */
let decoded = new Int32Array(1024);

/**
 * The words of state i of a level, valid until the next call (expanding a state unpacks its
 * words once per action; nothing in between reads another state of a level).
 */
export function stateWords(level: PackedLevel, i: number): Int32Array {
  const from = level.starts[i] as number;
  const to = level.starts[i + 1] as number;
  if (decoded.length < to - from) decoded = new Int32Array(2 * (to - from));
  return getVarints(level.bytes, from, to, decoded);
}

/** Where one level came from: per state its parent's index and its action's index. */
export interface LevelPaths {
  readonly parents: Int32Array;
  readonly actions: Int32Array;
}

/** The paths of `f`, kept after its states are dropped (witnesses are rebuilt from them). */
export function levelPaths(f: Frontier): LevelPaths {
  return { parents: f.parents.buf.slice(0, f.parents.n), actions: f.actions.buf.slice(0, f.actions.n) };
}

/** Bytes the level's arrays hold now (states, offsets, parents, actions). */
export function frontierBytes(f: Frontier): number {
  return f.bytes.n + 4 * (f.starts.n + f.parents.n + f.actions.n);
}
