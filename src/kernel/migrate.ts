// Page migration of one page (mm/migrate.c migrate_pages → unmap_and_move): refused while
// the page has references other than its mappings and the swap cache (a GUP reference or a
// pin), else every mapping and the swap cache move to a new frame with the same contents.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { Outcome } from "./events.js";
import { allocFrame, frameOf, isZeroPfn, putPage } from "./frame.js";
import { lruAddDrain, lruCacheAdd } from "./lru.js";
import { DONE, isMm, mmOrError } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";
import { rmapWalk } from "./rmapWalk.js";
import type { Frame } from "./state.js";
import { swapEntryOf } from "./swapSlots.js";

/** migrate_page_move_mapping's expected count, less the isolation reference: mappings + swap cache. */
export function migrationRefsOk(frame: Frame): boolean {
  return frame.refcount === frame.mapcount + (frame.swapCache !== null ? 1 : 0);
}

/** The swap cache and every mapping of `old` move to `fresh`; the last move frees `old`. */
function moveToNewPage(ctx: Ctx, old: Frame, fresh: Frame): void {
  if (old.swapCache !== null) {
    swapEntryOf(ctx.world, old.swapCache).cache = fresh.pfn;
    fresh.swapCache = old.swapCache;
    fresh.refcount++;
    old.swapCache = null;
    putPage(ctx, old.pfn);
  }
  for (const { pte } of rmapWalk(ctx.world, old.pfn)) {
    // remove_migration_pte keeps write, soft-dirty and uffd-wp; the dirty bit stays on the PTE.
    pte.pfn = fresh.pfn;
    if (pte.dirty) fresh.dirty = true;
    fresh.mapcount++;
    fresh.refcount++;
    old.mapcount--;
    putPage(ctx, old.pfn);
  }
}

/**
 * `kernel: migrate pid vpn`: lru_add_drain_all (migrate_prep), then the refcount test; a moved
 * page keeps its value and flags, PG_anon_exclusive included (5.19 read_exclusive / writable
 * migration entries restore it), and the new page goes through putback_lru_page into the batch.
 */
export function opMigrate(ctx: Ctx, op: OpOf<"migrate">): Outcome {
  const mm = mmOrError(ctx.world, op.pid);
  if (!isMm(mm)) return mm;
  const pte = mm.ptes.get(op.vpn);
  if (pte === undefined || !pte.present || isZeroPfn(ctx.world, pte.pfn)) {
    return { kind: "error", errno: "ENOENT", why: "migrate_pages: no page mapped there" };
  }
  const old = frameOf(ctx.world, pte.pfn);
  if (!old.anon) return { kind: "unsupported", feature: "migration of shmem pages" };
  lruAddDrain(ctx, "migrate_prep: lru_add_drain_all");
  if (!migrationRefsOk(old)) {
    const why = `migrate_page_move_mapping: page_count ${old.refcount} != mapcount ${old.mapcount} + swapcache, `
      + "EAGAIN until it gives up";
    emit(ctx, { kind: "refuse", pid: op.pid, vpn: op.vpn, pfn: old.pfn, text: why });
    return { kind: "error", errno: "EBUSY", why };
  }
  const fresh = allocFrame(ctx, old.value, "migrate_pages: new page");
  fresh.ksm = old.ksm;
  fresh.anonExclusive = old.anonExclusive;
  fresh.dirty = old.dirty;
  moveToNewPage(ctx, old, fresh);
  emit(ctx, { kind: "migrate", pid: op.pid, vpn: op.vpn, pfn: old.pfn, to: fresh.pfn, text: "migrate_pages: page moved" });
  // putback_lru_page: lru_cache_add, then the allocation reference is dropped.
  lruCacheAdd(ctx, fresh);
  putPage(ctx, fresh.pfn);
  return DONE;
}
