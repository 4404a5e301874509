// Fault-around on a read fault of a shmem mapping (mm/memory.c do_read_fault →
// do_fault_around → vm_ops->map_pages = filemap_map_pages, mm/filemap.c): the pages already
// in the page cache next to the fault are mapped too, so later reads take no fault.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { getPage, frameOf } from "./frame.js";
import type { Vpn } from "./ids.js";
import type { Mm, PresentPte, Vma } from "./state.js";
import { shmemPages } from "./shmem.js";

/** fault_around_bytes (64 KiB, the default since 3.15) in pages. */
export const FAULT_AROUND_PAGES = 16;
/** PTRS_PER_PTE on x86-64: the pages one page table maps. */
export const PTRS_PER_PTE = 512;

/**
 * The pages do_fault_around hands to ->map_pages, [start, end): nr pages from the fault address
 * rounded down to nr, or from vm_start when the VMA starts later, clipped to the VMA and the page
 * table. The same window in every modelled era: the 4.4 form (start_addr = max(address & mask,
 * vm_start), max_pgoff = min3(table end, VMA end, pgoff + nr - 1)) and the 6.4 rewrite
 * (9042599e81c2, from_pte / to_pte) compute it alike.
 */
export function faultAroundWindow(vma: Vma, vpn: Vpn): { start: Vpn; end: Vpn } {
  const table = vpn - (vpn % PTRS_PER_PTE);
  const start = Math.max(vpn - (vpn % FAULT_AROUND_PAGES), vma.start, table);
  const end = Math.min(start + FAULT_AROUND_PAGES, table + PTRS_PER_PTE, vma.end);
  return { start, end };
}

/**
 * The PTE filemap_map_pages (do_set_pte / set_pte_range with write = false) installs: clean and
 * young, writable exactly when vm_page_prot is — VM_WRITE without write-notify, which a shmem VMA
 * only wants while soft-dirty tracking is armed (vma_wants_writenotify). The read side of
 * shmem's finish_fault builds the same PTE.
 */
export function readFaultPte(vma: Vma, pfn: PresentPte["pfn"]): PresentPte {
  return { present: true, pfn, write: vma.write && vma.softDirty, dirty: false, softDirty: false, uffdWp: false };
}

/**
 * do_fault_around → filemap_map_pages: map every page of the window whose PTE is none and whose
 * page sits in the object's page cache (swap entries, xa_is_value, and holes are skipped), each
 * taking a reference and a mapping. True when the faulting page itself was mapped
 * (VM_FAULT_NOPAGE: ->fault is not called).
 */
export function doFaultAround(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn): boolean {
  const pages = shmemPages(ctx.world, vma);
  const { start, end } = faultAroundWindow(vma, vpn);
  let mapped = 0;
  for (let v = start; v < end; v++) {
    const pfn = pages.get(v);
    if (pfn === undefined || mm.ptes.has(v)) continue;
    getPage(ctx, pfn);
    frameOf(ctx.world, pfn).mapcount++;
    mm.ptes.set(v, readFaultPte(vma, pfn));
    mapped++;
  }
  if (mapped > 0) {
    const text = `do_fault_around: filemap_map_pages maps ${mapped} page-cache page(s) of [${start}, ${end})`;
    emit(ctx, { kind: "flag", pid: mm.pid, vpn, text });
  }
  return mm.ptes.has(vpn);
}
