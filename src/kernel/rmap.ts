// Reverse-map accounting of a freshly allocated anon page (mm/rmap.c page_add_new_anon_rmap,
// folio_add_new_anon_rmap) and its entry into the LRU add batch (lru_cache_add).
import type { Ctx } from "./context.js";
import { lruCacheAdd } from "./lru.js";
import type { Frame } from "./state.js";

/**
 * page_add_new_anon_rmap + lru_cache_add_inactive_or_unevictable: the caller's reference becomes
 * the one mapping's; from 5.19 every new anon page starts PG_anon_exclusive (6c287605fd56).
 */
export function pageAddNewAnonRmap(ctx: Ctx, frame: Frame): void {
  frame.mapcount = 1;
  // Stored in every era (false before 5.19, as allocFrame left it): a store that only one era
  // makes has no type feedback when the other ran first, and deoptimises every caller it is inlined in.
  frame.anonExclusive = ctx.policy.anonExclusive;
  lruCacheAdd(ctx, frame);
}
