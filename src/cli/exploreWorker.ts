// A worker thread of `cowlab explore --workers N`: it expands the parts of levels it is sent,
// reading the level's packed states and the visited table of the levels above from shared
// memory, and posts each part's candidates and findings back (their buffers transferred).
import { parentPort, workerData } from "node:worker_threads";
import type { Bounds, PackedLevel, PartJob, PartResult, SharedLevelView, SharedPartJob, SharedPartResult, TableView } from "../checker/index.js";
import { createEncoder, createSharedExpansion, expandPart, expandSharedPart, expansionOf } from "../checker/index.js";
import { parseVersion, policyFor } from "../history/index.js";

/** What every worker of one search is started with. */
export interface WorkerSetup {
  readonly kernel: string;
  readonly bounds: Bounds;
  readonly canonical: boolean;
  readonly invariants: boolean;
  readonly all: boolean;
}

/** One part of a level (L) to expand as job J; `id` comes back with its result. */
interface LevelPartMessage<L, J> {
  readonly id: number;
  readonly level: L;
  readonly above: TableView;
  readonly part: J;
}

/** A part's result R, with the id of its message. */
interface LevelPartReply<R> {
  readonly id: number;
  readonly result: R;
}

export type PartMessage = LevelPartMessage<PackedLevel, PartJob>;
export type PartReply = LevelPartReply<PartResult>;

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

/** What every worker of one search over many kernels is started with. */
export interface SharedWorkerSetup {
  /** The kernels' versions, in the search's order. */
  readonly kernels: readonly string[];
  readonly bounds: Bounds;
  readonly canonical: boolean;
  readonly invariants: boolean;
}

export type SharedPartMessage = LevelPartMessage<SharedLevelView, SharedPartJob>;
export type SharedPartReply = LevelPartReply<SharedPartResult>;

function serveShared(setup: SharedWorkerSetup): void {
  const policies = setup.kernels.map((kernel) => {
    const version = parseVersion(kernel);
    // The main thread took these versions from its own policies.
    if (version === null) throw new Error(`explore worker: bad kernel version ${kernel}`);
    return policyFor(version);
  });
  const x = createSharedExpansion({ bounds: setup.bounds, invariants: setup.invariants }, policies);
  const encoder = createEncoder(setup.canonical);
  parentPort?.on("message", (m: SharedPartMessage) => {
    const result = expandSharedPart(x, encoder, m.level, m.part, m.above);
    const reply: SharedPartReply = { id: m.id, result };
    parentPort?.postMessage(reply, [result.records.buffer as ArrayBuffer, result.bytes.buffer as ArrayBuffer]);
  });
}

const data = workerData as { cowlabExplore?: WorkerSetup; cowlabExploreShared?: SharedWorkerSetup } | null;
if (data?.cowlabExplore !== undefined) serve(data.cowlabExplore);
if (data?.cowlabExploreShared !== undefined) serveShared(data.cowlabExploreShared);
