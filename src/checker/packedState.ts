// A search state packed into one Int32Array: the path counters, the kernel world and the ideal
// machine (dead logical pages folded, as the per-transition copy folds them). Lossless for
// everything a later step, the judge, the invariants or the fingerprint reads; unpacking builds
// fresh objects whose maps iterate in the packed state's order, so it steps exactly alike.
import type { LockState } from "../run/lockStep.js";
import type { Counters } from "./actions.js";
import { packIdeal, unpackIdeal } from "./packIdeal.js";
import { packWorld, unpackWorld } from "./packWorld.js";
import type { WordReader, WordWriter } from "./wordStream.js";
import { createWordWriter, put } from "./wordStream.js";

/** A search state and the ids its path has handed out, as plain objects. */
export interface SearchState {
  readonly lock: LockState;
  readonly counters: Counters;
}

const scratch = createWordWriter();

/** Appends the packed form of (lock, counters) to `o`. */
export function packInto(o: WordWriter, lock: LockState, counters: Counters): void {
  put(o, counters.nextPid);
  put(o, counters.pipes);
  put(o, counters.rings);
  put(o, counters.pins);
  put(o, counters.letters);
  packWorld(o, lock.world);
  packIdeal(o, lock.ideal);
}

/** The packed state in an array of its own. */
export function packState(lock: LockState, counters: Counters): Int32Array {
  scratch.n = 0;
  packInto(scratch, lock, counters);
  return scratch.buf.slice(0, scratch.n);
}

/** Reads one packed state at the reader's cursor (and moves it past the state). */
export function unpackFrom(r: WordReader): SearchState {
  const b = r.buf;
  const i = r.i;
  const counters: Counters = {
    nextPid: b[i] as number, pipes: b[i + 1] as number, rings: b[i + 2] as number, pins: b[i + 3] as number, letters: b[i + 4] as number,
  };
  r.i = i + 5;
  const world = unpackWorld(r);
  const ideal = unpackIdeal(r);
  return { lock: { world, ideal }, counters };
}

/** The state packState packed, as fresh objects. */
export function unpackState(buf: Int32Array): SearchState {
  const r = { buf, i: 0 };
  const s = unpackFrom(r);
  // A packed state is read whole or the codec is out of step with itself.
  if (r.i !== buf.length) throw new Error(`packed state bug: read ${r.i} of ${buf.length} words`);
  return s;
}
