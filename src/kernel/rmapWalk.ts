// Reverse mapping for the model (mm/rmap.c rmap_walk): every present PTE that maps a frame,
// found by scanning the page tables, in a fixed order so that runs are reproducible.
import type { Pfn, Vpn } from "./ids.js";
import type { Mm, PresentPte, World } from "./state.js";

/** One mapping of a frame: the mm, the address and the PTE. */
export interface Mapping {
  readonly mm: Mm;
  readonly vpn: Vpn;
  readonly pte: PresentPte;
}

/** The mms of the world, by pid. */
export function mmsByPid(world: World): Mm[] {
  return [...world.mms.values()].sort((a, b) => a.pid - b.pid);
}

/** The present PTEs of an mm, by address. */
export function presentPtes(mm: Mm): { vpn: Vpn; pte: PresentPte }[] {
  const out: { vpn: Vpn; pte: PresentPte }[] = [];
  mm.ptes.forEach((pte, vpn) => {
    if (pte.present) out.push({ vpn, pte });
  });
  return out.sort((a, b) => a.vpn - b.vpn);
}

/** rmap_walk: the mappings of a frame, ordered by pid then address (a snapshot: callers may change PTEs). */
export function rmapWalk(world: World, pfn: Pfn): Mapping[] {
  const out: Mapping[] = [];
  for (const mm of mmsByPid(world)) {
    for (const { vpn, pte } of presentPtes(mm)) if (pte.pfn === pfn) out.push({ mm, vpn, pte });
  }
  return out;
}
