// Who holds a page's references, in words, for the event that explains a copy: the
// mappings, the LRU add batch, the swap cache, pipe buffers, GUP references and pins.
import type { Frame, World } from "./state.js";

/**
 * "mapcount 1 + pipe 1", "mapcount 1 + LRU batch", "mapcount 1 + FOLL_PIN 1": the holders
 * behind page_count. Walks the pipes, pins and rings only when the references are not all
 * mappings, so the common COW fault stays cheap.
 */
export function refHolders(world: World, frame: Frame): string {
  let text = `mapcount ${frame.mapcount}`;
  if (frame.refcount === frame.mapcount) return text;
  if (frame.inLruBatch) text += " + LRU batch";
  if (frame.swapCache !== null) text += " + swap cache";
  let pipes = 0;
  for (const bufs of world.pipes.values()) for (const b of bufs) if (b.pfn === frame.pfn) pipes++;
  let gets = 0;
  let pins = 0;
  for (const pin of world.pins.values()) {
    if (pin.pfn !== frame.pfn) continue;
    if (pin.foll === "pin") pins++;
    else gets++;
  }
  for (const ring of world.rings.values()) {
    for (const pfn of ring.pfns ?? []) {
      if (pfn !== frame.pfn) continue;
      if (ring.foll === "pin") pins++;
      else gets++;
    }
  }
  let shmem = 0;
  for (const pages of world.shmem.values()) for (const pfn of pages.values()) if (pfn === frame.pfn) shmem++;
  if (pipes > 0) text += ` + pipe ${pipes}`;
  if (gets > 0) text += ` + FOLL_GET ${gets}`;
  if (pins > 0) text += ` + FOLL_PIN ${pins}`;
  if (shmem > 0) text += " + page cache";
  return text;
}
