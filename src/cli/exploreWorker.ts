// A worker thread of `cowlab explore --workers N`: it expands the parts of levels it is sent,
// reading the level's packed states and the visited table of the levels above from shared
// memory, and posts each part's candidates and findings back (their buffers transferred).
import { parentPort, workerData } from "node:worker_threads";
import type { Bounds, PackedLevel, PartJob, PartResult } from "../checker/index.js";
import { expandPart, expansionOf } from "../checker/index.js";
import { parseVersion, policyFor } from "../history/index.js";

/** What every worker of one search is started with. */
export interface WorkerSetup {
  readonly kernel: string;
  readonly bounds: Bounds;
  readonly canonical: boolean;
  readonly invariants: boolean;
  readonly all: boolean;
}

/** One part to expand; `id` comes back with its result. */
export interface PartMessage {
  readonly id: number;
  readonly level: PackedLevel;
  readonly above: { readonly table: Uint32Array; readonly mask: number };
  readonly part: PartJob;
}

export interface PartReply {
  readonly id: number;
  readonly result: PartResult;
}

function serve(setup: WorkerSetup): void {
  const version = parseVersion(setup.kernel);
  // The main thread parsed this very version string before starting the search.
  if (version === null) throw new Error(`explore worker: bad kernel version ${setup.kernel}`);
  const x = expansionOf({ bounds: setup.bounds, policy: policyFor(version), canonical: setup.canonical, invariants: setup.invariants });
  parentPort?.on("message", (m: PartMessage) => {
    const result = expandPart(x, m.level, m.part, m.above, setup.all);
    const reply: PartReply = { id: m.id, result };
    parentPort?.postMessage(reply, [result.records.buffer as ArrayBuffer, result.bytes.buffer as ArrayBuffer]);
  });
}

const setup = (workerData as { cowlabExplore?: WorkerSetup } | null)?.cowlabExplore;
if (setup !== undefined) serve(setup);
