// Creating and tearing down mappings: mmap of anonymous memory (mm/mmap.c mmap_region,
// shmem_zero_setup for MAP_SHARED), munmap (__do_munmap → unmap_region) and process exit
// (exit_mmap). Both teardown paths drain the LRU batch until 6.13 (lruDrainOnZap).
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { Outcome } from "./events.js";
import { holdersOnExit } from "./holderOps.js";
import type { Vpn } from "./ids.js";
import { lruAddDrain } from "./lru.js";
import type { Op } from "./ops.js";
import { createShmemObject, releaseShmemObject } from "./shmem.js";
import type { Mm, Vma } from "./state.js";
import { insertVma, isolateRange, mergeVmas, removeVmas } from "./vma.js";
import { zapRange } from "./zap.js";

const DONE: Outcome = { kind: "done" };

/** mmap(MAP_FIXED | MAP_ANONYMOUS, private or shared): replaces whatever was mapped there. */
export function mmapRegion(ctx: Ctx, mm: Mm, op: Extract<Op, { kind: "mmap" }>): Outcome {
  if (op.hugetlb) return { kind: "unsupported", feature: "hugetlb mappings" };
  if (op.file !== null) return { kind: "unsupported", feature: "file mappings" };
  const start = op.range.start;
  const end = start + op.range.pages;
  if (op.range.pages <= 0) return { kind: "error", errno: "EINVAL", why: "mmap of zero pages" };
  unmapRange(ctx, mm, start, end, "mmap_region");
  insertVma(mm, {
    start,
    end,
    read: op.prot !== "none",
    write: op.prot === "rw",
    mayWrite: true,
    shared: op.shared,
    dontCopy: false,
    wipeOnFork: false,
    // "New (or expanded) vma always get soft dirty status" (mmap_region).
    softDirty: true,
    mergeable: false,
    anonVma: false,
    shmem: op.shared ? createShmemObject(ctx) : null,
  });
  mergeVmas(mm, start, end, true);
  emit(ctx, { kind: "flag", pid: mm.pid, vpn: start, text: `mmap_region: ${op.shared ? "shared" : "private"} anonymous VMA, ${op.range.pages} pages ${op.prot}` });
  return DONE;
}

/** munmap: unmapping nothing is not an error. */
export function munmap(ctx: Ctx, mm: Mm, start: Vpn, pages: number): Outcome {
  if (pages <= 0) return { kind: "error", errno: "EINVAL", why: "munmap of zero pages" };
  unmapRange(ctx, mm, start, start + pages, "munmap");
  return DONE;
}

/**
 * __do_munmap: split the VMAs at both ends, then unmap_region: drain the LRU batch (until 6.13),
 * zap the PTEs, remove the VMAs, and drop shmem objects no VMA maps any more.
 */
function unmapRange(ctx: Ctx, mm: Mm, start: Vpn, end: Vpn, caller: string): void {
  const vmas = isolateRange(mm, start, end);
  if (vmas.length === 0) return;
  if (ctx.policy.lruDrainOnZap) lruAddDrain(ctx, `${caller}: unmap_region`);
  for (const v of vmas) zapRange(ctx, mm, v.start, v.end, caller);
  const removed = removeVmas(mm, start, end);
  releaseShmem(ctx, removed);
}

/**
 * exit_mmap: drain the LRU batch (until 6.13), zap every PTE, drop the VMAs; then the process
 * closes its files (ring fds, gup_test pins) and its mm is gone.
 */
export function exitMmap(ctx: Ctx, mm: Mm): Outcome {
  if (ctx.policy.lruDrainOnZap) lruAddDrain(ctx, "exit_mmap");
  for (const v of mm.vmas) zapRange(ctx, mm, v.start, v.end, "exit_mmap");
  const removed = mm.vmas;
  mm.vmas = [];
  releaseShmem(ctx, removed);
  holdersOnExit(ctx, mm.pid);
  ctx.world.mms.delete(mm.pid);
  emit(ctx, { kind: "flag", pid: mm.pid, text: "do_exit: mm torn down" });
  return DONE;
}

/** Drops the shmem objects of removed VMAs that no VMA of any process maps any more. */
function releaseShmem(ctx: Ctx, removed: readonly Vma[]): void {
  const ids = new Set<number>();
  for (const v of removed) if (v.shmem !== null) ids.add(v.shmem);
  if (ids.size === 0) return;
  for (const mm of ctx.world.mms.values()) for (const v of mm.vmas) if (v.shmem !== null) ids.delete(v.shmem);
  for (const id of [...ids].sort((a, b) => a - b)) releaseShmemObject(ctx, id);
}
