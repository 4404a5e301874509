// `cowlab explore --workers N`: the level-synchronous search of checker/levelSearch with each
// level's parts expanded by N threads, this one and N - 1 worker threads. Parts go to whichever
// thread is free and are merged strictly in order, so the result is the one-thread search's.
// Threads start with the first level big enough to repay them; smaller levels (the first few of
// every search) are expanded here, in the same parts, merged the same way.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Policy } from "../kernel/policy.js";
import type { ExploreOptions, ExploreResult, PartJob, PartResult, SharedOptions, SharedPartJob, SharedPartResult, SharedResult } from "../checker/index.js";
import {
  createEncoder, createSharedExpansion, expandPart, expandSharedPart, expansionOf, finishLevel, finishSharedLevel, levelSearchResult, mergePart,
  mergeSharedPart, nextLevelJob, nextSharedLevelJob, sharedLevelSearchResult, startLevelSearch, startSharedLevelSearch,
} from "../checker/index.js";
import type { PartMessage, PartReply, SharedPartMessage, SharedPartReply, SharedWorkerSetup, WorkerSetup } from "./exploreWorker.js";

/** Parts per thread and level: enough that a thread finishing early finds more work. */
const PARTS_PER_WORKER = 8;

/**
 * Levels with fewer states are expanded in this thread (the searches take another threshold for
 * tests): a thread starts cold, loading and compiling the model for longer than such a level
 * takes, and every part costs a round trip.
 */
export const THREADED_LEVEL_STATES = 2048;

/** The compiled worker module: beside this one when compiled, in dist/ when this runs from source. */
export function workerModule(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../../dist/cli/exploreWorker.js", here) : new URL("./exploreWorker.js", here);
}

interface Pool {
  readonly workers: Worker[];
  /** Starts the threads, once. */
  readonly start: () => void;
  /** Where replies go: the level being run. */
  onReply: (w: Worker, r: { readonly id: number; readonly result: unknown }) => void;
  onError: (e: Error) => void;
}

/** A pool of `n` threads started with `workerData` when first needed. */
function createPool(n: number, workerData: unknown): Pool {
  const url = workerModule();
  if (!existsSync(fileURLToPath(url))) throw new Error(`${fileURLToPath(url)} is missing: worker threads run the built cowlab (npm run build)`);
  const workers: Worker[] = [];
  const pool: Pool = {
    workers,
    start: () => {
      for (let i = workers.length; i < n; i++) {
        const w = new Worker(url, { workerData });
        w.on("message", (r: PartReply | SharedPartReply) => pool.onReply(w, r));
        w.on("error", (e) => pool.onError(e));
        w.on("exit", (code) => { if (code !== 0) pool.onError(new Error(`an explore worker thread exited with code ${code}`)); });
        workers.push(w);
      }
    },
    onReply: () => undefined,
    onError: () => undefined,
  };
  return pool;
}

/** Runs `fn` with a pool of `n` threads started with `workerData`, and stops the threads after it. */
async function withPool<T>(n: number, workerData: unknown, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(n, workerData);
  try {
    return await fn(pool);
  } finally {
    pool.onError = () => undefined;
    pool.onReply = () => undefined;
    await Promise.all(pool.workers.map((w) => w.terminate()));
  }
}

/** One level's parts as the pool runs them: the message of part `id`, and the in-order merge of its result (true: stop). */
interface LevelRun<R> {
  readonly parts: number;
  readonly message: (id: number) => unknown;
  readonly merge: (r: R, left: number) => boolean;
}

/** Runs one level's parts on the pool if `threaded`, else here; resolves once every part is merged or the search stopped. */
function runLevel<R>(pool: Pool, run: LevelRun<R>, threaded: boolean, here: (id: number) => R): Promise<void> {
  if (!threaded) {
    for (let id = 0; id < run.parts; id++) if (run.merge(here(id), run.parts - id)) break;
    return Promise.resolve();
  }
  pool.start();
  return runOnPool(pool, run, here);
}

/** Parts sent ahead to each thread, so that it has the next one while its reply waits for this thread. */
const AHEAD = 2;

/**
 * Runs one level's parts on the pool and in this thread, which takes the next unsent part
 * whenever it is free (it is the warmest thread: it expanded every level so far). Resolves once
 * every part is merged in order or the search stopped.
 */
function runOnPool<R>(pool: Pool, run: LevelRun<R>, here: (id: number) => R): Promise<void> {
  return new Promise((resolve, reject) => {
    const results: (R | undefined)[] = [];
    let sent = 0;
    let merged = 0;
    let done = false;
    const finish = (): void => {
      done = true;
      resolve();
    };
    const send = (w: Worker): void => {
      if (done || sent >= run.parts) return;
      w.postMessage(run.message(sent));
      sent++;
    };
    /** Merges every result that is next in order; true when the level is over. */
    const drain = (): boolean => {
      for (let next = results[merged]; next !== undefined; next = results[merged]) {
        results[merged] = undefined;
        merged++;
        if (run.merge(next, run.parts - merged + 1)) {
          finish();
          return true;
        }
      }
      if (merged === run.parts) finish();
      return done;
    };
    const work = (): void => {
      if (done || sent >= run.parts) return;
      const id = sent++;
      results[id] = here(id);
      // Let the replies that came in meanwhile be taken (and their threads fed) before the next part.
      if (!drain()) setImmediate(work);
    };
    pool.onError = reject;
    pool.onReply = (w, r) => {
      // Parts still running when the search stopped come back to nothing.
      if (done) return;
      results[r.id] = r.result as R;
      send(w);
      drain();
    };
    for (let k = 0; k < AHEAD; k++) for (const w of pool.workers) send(w);
    setImmediate(work);
  });
}

/** The search `o` with `n` worker threads; `kernel` names o.policy's version for the threads. */
export async function exploreWithWorkers(o: ExploreOptions, kernel: string, n: number, threadedLevelStates = THREADED_LEVEL_STATES): Promise<ExploreResult> {
  const setup: WorkerSetup = { kernel, bounds: o.bounds, canonical: o.canonical ?? true, invariants: o.invariants ?? true, all: o.all === true };
  // What each thread expands with (exploreWorker.ts), for the levels expanded here.
  const x = expansionOf({ bounds: o.bounds, policy: o.policy, canonical: setup.canonical, invariants: setup.invariants });
  return withPool(n - 1, { cowlabExplore: setup }, async (pool) => {
    const s = startLevelSearch(o, (bytes) => new SharedArrayBuffer(bytes));
    for (let job = nextLevelJob(s, n * PARTS_PER_WORKER); job !== null; job = nextLevelJob(s, n * PARTS_PER_WORKER)) {
      const message = (id: number): PartMessage => ({ id, level: job.level, above: job.above, part: job.parts[id] as PartJob });
      const here = (id: number): PartResult => expandPart(x, job.level, job.parts[id] as PartJob, job.above, setup.all);
      await runLevel(pool, { parts: job.parts.length, message, merge: (r: PartResult, left) => mergePart(s, r, left) }, levelStates(job.parts) >= threadedLevelStates, here);
      finishLevel(s);
    }
    return levelSearchResult(s);
  });
}

/** The search of every kernel of `kernels` (version strings naming `policies`) with `n` worker threads. */
export async function exploreSharedWithWorkers(
  o: SharedOptions, policies: readonly Policy[], kernels: readonly string[], n: number, threadedLevelStates = THREADED_LEVEL_STATES,
): Promise<SharedResult> {
  const setup: SharedWorkerSetup = { kernels, bounds: o.bounds, canonical: o.canonical ?? true, invariants: o.invariants ?? true };
  // What each thread expands with (exploreWorker.ts), for the levels expanded here.
  const x = createSharedExpansion({ bounds: setup.bounds, invariants: setup.invariants }, policies);
  const encoder = createEncoder(setup.canonical);
  return withPool(n - 1, { cowlabExploreShared: setup }, async (pool) => {
    const s = startSharedLevelSearch(o, policies, (bytes) => new SharedArrayBuffer(bytes));
    for (let job = nextSharedLevelJob(s, n * PARTS_PER_WORKER); job !== null; job = nextSharedLevelJob(s, n * PARTS_PER_WORKER)) {
      const message = (id: number): SharedPartMessage => ({ id, level: job.level, above: job.above, part: job.parts[id] as SharedPartJob });
      const here = (id: number): SharedPartResult => expandSharedPart(x, encoder, job.level, job.parts[id] as SharedPartJob, job.above);
      const merge = (r: SharedPartResult, left: number): boolean => {
        mergeSharedPart(s, r, left);
        return false;
      };
      await runLevel(pool, { parts: job.parts.length, message, merge }, levelStates(job.parts) >= threadedLevelStates, here);
      finishSharedLevel(s);
    }
    return sharedLevelSearchResult(s);
  });
}

/** The states of a level split into contiguous parts. */
const levelStates = (parts: readonly { readonly to: number }[]): number => parts[parts.length - 1]?.to ?? 0;
