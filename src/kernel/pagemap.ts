// What /proc/pid/pagemap shows for one page (fs/proc/task_mmu.c pte_to_pagemap_entry,
// pagemap_pte_hole): present / swapped / PM_MMAP_EXCLUSIVE / soft-dirty, and the PFN.
import type { PagemapFlags } from "./events.js";
import { frameOf, isZeroPfn } from "./frame.js";
import type { Pfn, Vpn } from "./ids.js";
import type { Mm, World } from "./state.js";
import { findVma } from "./vma.js";

const HOLE: PagemapFlags = { present: false, swapped: false, exclusive: false, softDirty: false };

/**
 * The pagemap entry of vpn. PM_MMAP_EXCLUSIVE: a normal page (never the zero page) whose mapcount
 * is 1. Soft-dirty: the PTE's or swap PTE's bit, or VM_SOFTDIRTY on the VMA (also for none PTEs).
 */
export function pagemapFlags(world: World, mm: Mm, vpn: Vpn): PagemapFlags {
  const vma = findVma(mm, vpn);
  if (vma === undefined) return HOLE;
  const pte = mm.ptes.get(vpn);
  if (pte === undefined) return { present: false, swapped: false, exclusive: false, softDirty: vma.softDirty };
  const softDirty = pte.softDirty || vma.softDirty;
  if (!pte.present) return { present: false, swapped: true, exclusive: false, softDirty };
  const exclusive = !isZeroPfn(world, pte.pfn) && frameOf(world, pte.pfn).mapcount === 1;
  return { present: true, swapped: false, exclusive, softDirty };
}

/** The pfn backing vpn now (the zero page's for a zero-page mapping), or null when not present. */
export function framePfn(mm: Mm, vpn: Vpn): Pfn | null {
  const pte = mm.ptes.get(vpn);
  return pte !== undefined && pte.present ? pte.pfn : null;
}
