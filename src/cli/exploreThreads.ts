// `cowlab explore --workers N`: the level-synchronous search of checker/levelSearch with each
// level's parts expanded by N worker threads. Parts go to whichever thread is free and are
// merged strictly in order as they come back, so the result is the one-thread search's.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ExploreOptions, ExploreResult, LevelJob, LevelSearch, PartJob, PartResult } from "../checker/index.js";
import { finishLevel, levelSearchResult, mergePart, nextLevelJob, startLevelSearch } from "../checker/index.js";
import type { PartMessage, PartReply, WorkerSetup } from "./exploreWorker.js";

/** Parts per thread and level: enough that a thread finishing early finds more work. */
const PARTS_PER_WORKER = 8;

/** The compiled worker module: beside this one when compiled, in dist/ when this runs from source. */
export function workerModule(): URL {
  const here = import.meta.url;
  return here.endsWith(".ts") ? new URL("../../dist/cli/exploreWorker.js", here) : new URL("./exploreWorker.js", here);
}

interface Pool {
  readonly workers: Worker[];
  /** Where replies go: the level being run. */
  onReply: (w: Worker, r: PartReply) => void;
  onError: (e: Error) => void;
}

function createPool(n: number, setup: WorkerSetup): Pool {
  const url = workerModule();
  if (!existsSync(fileURLToPath(url))) throw new Error(`${fileURLToPath(url)} is missing: worker threads run the built cowlab (npm run build)`);
  const pool: Pool = { workers: [], onReply: () => undefined, onError: () => undefined };
  for (let i = 0; i < n; i++) {
    const w = new Worker(url, { workerData: { cowlabExplore: setup } });
    w.on("message", (r: PartReply) => pool.onReply(w, r));
    w.on("error", (e) => pool.onError(e));
    w.on("exit", (code) => { if (code !== 0) pool.onError(new Error(`an explore worker thread exited with code ${code}`)); });
    pool.workers.push(w);
  }
  return pool;
}

/** Runs one level's parts on the pool; resolves once every part is merged or the search stopped. */
function runLevel(pool: Pool, s: LevelSearch, job: LevelJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const results: (PartResult | undefined)[] = [];
    let sent = 0;
    let merged = 0;
    let done = false;
    const finish = (): void => {
      done = true;
      resolve();
    };
    const send = (w: Worker): void => {
      if (done || sent >= job.parts.length) return;
      const m: PartMessage = { id: sent, level: job.level, above: job.above, part: job.parts[sent] as PartJob };
      sent++;
      w.postMessage(m);
    };
    pool.onError = reject;
    pool.onReply = (w, r) => {
      // Parts still running when the search stopped come back to nothing.
      if (done) return;
      results[r.id] = r.result;
      send(w);
      for (let next = results[merged]; next !== undefined; next = results[merged]) {
        results[merged] = undefined;
        merged++;
        if (mergePart(s, next, job.parts.length - merged + 1)) return finish();
      }
      if (merged === job.parts.length) finish();
    };
    for (const w of pool.workers) send(w);
  });
}

/** The search `o` with `n` worker threads; `kernel` names o.policy's version for the threads. */
export async function exploreWithWorkers(o: ExploreOptions, kernel: string, n: number): Promise<ExploreResult> {
  const setup: WorkerSetup = { kernel, bounds: o.bounds, canonical: o.canonical ?? true, invariants: o.invariants ?? true, all: o.all === true };
  const pool = createPool(n, setup);
  try {
    const s = startLevelSearch(o, (bytes) => new SharedArrayBuffer(bytes));
    for (let job = nextLevelJob(s, n * PARTS_PER_WORKER); job !== null; job = nextLevelJob(s, n * PARTS_PER_WORKER)) {
      await runLevel(pool, s, job);
      finishLevel(s);
    }
    return levelSearchResult(s);
  } finally {
    pool.onError = () => undefined;
    pool.onReply = () => undefined;
    await Promise.all(pool.workers.map((w) => w.terminate()));
  }
}
