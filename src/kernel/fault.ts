// Page faults on anonymous memory (mm/memory.c handle_mm_fault → handle_pte_fault): the
// access check, the none-PTE cases (zero page, do_anonymous_page, shmem with fault-around)
// and the dispatch of swap PTEs to do_swap_page and of read-only PTEs to do_wp_page.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { FaultRequest, FaultResult } from "./faultTypes.js";
import { doFaultAround, readFaultPte } from "./faultAround.js";
import { allocFrame, getPage } from "./frame.js";
import type { Vpn } from "./ids.js";
import { pageAddNewAnonRmap } from "./rmap.js";
import { shmemGetPage } from "./shmem.js";
import type { Mm, PresentPte, Pte, Vma } from "./state.js";
import { doSwapPage } from "./swap.js";
import { findVma, isCowMapping } from "./vma.js";
import { FAULT_OK, FAULT_SEGV, doWpPage } from "./wpPage.js";

/**
 * The VMA permission check of the fault path (access_error in arch/x86/mm/fault.c) and of GUP
 * (check_vma_flags): a write needs VM_WRITE, or FOLL_FORCE on a COW mapping; a read or unshare
 * needs VM_READ, or FOLL_FORCE.
 */
export function accessAllowed(vma: Vma, req: FaultRequest): boolean {
  if (req.write) return vma.write || (req.force && isCowMapping(vma));
  return vma.read || req.force;
}

/** handle_mm_fault for one page of mm. */
export function handleMmFault(ctx: Ctx, mm: Mm, vpn: Vpn, req: FaultRequest): FaultResult {
  const vma = findVma(mm, vpn);
  if (vma === undefined) return FAULT_SEGV;
  return handleVmaFault(ctx, mm, vma, vpn, req);
}

/** handle_mm_fault with the VMA already looked up. */
export function handleVmaFault(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, req: FaultRequest): FaultResult {
  return handlePteFault(ctx, mm, vma, vpn, mm.ptes.get(vpn), req);
}

/**
 * handle_mm_fault with the VMA and the current PTE (or undefined for none) already looked up:
 * the user-access loop has both in hand.
 */
export function handlePteFault(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, pte: Pte | undefined, req: FaultRequest): FaultResult {
  if (!accessAllowed(vma, req)) return FAULT_SEGV;
  // Before 5.19 there is no FAULT_FLAG_UNSHARE: such a request is an ordinary read.
  const unshare = req.unshare && ctx.policy.unshareOnRoPin !== "none";
  if (ctx.record !== false) emit(ctx, { kind: "fault", pid: mm.pid, vpn, text: faultText(req, unshare) });
  if (pte === undefined) return doPteMissing(ctx, mm, vma, vpn, req.write);
  if (!pte.present) return doSwapPage(ctx, mm, vma, vpn, pte, req);
  if (!req.write && !unshare) return FAULT_OK;
  if (pte.write) {
    // handle_pte_fault: a spurious write fault on a writable PTE only marks it dirty.
    if (req.write) pte.dirty = pte.softDirty = true;
    return FAULT_OK;
  }
  return doWpPage(ctx, mm, vma, vpn, pte, unshare);
}

/**
 * do_pte_missing (6.3; do_anonymous_page / do_fault before): no PTE yet. A function of its own so
 * that handlePteFault stays small enough for the compiler to inline into the access loop.
 */
function doPteMissing(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, write: boolean): FaultResult {
  if (vma.shared) return write ? shmemFault(ctx, mm, vma, vpn, true) : doReadFault(ctx, mm, vma, vpn);
  return write ? doAnonymousPage(ctx, mm, vma, vpn) : mapZeroPage(ctx, mm, vpn);
}

const FAULT_TEXTS = [
  "handle_mm_fault: read fault",
  "handle_mm_fault: write fault",
  "handle_mm_fault: unshare fault",
  "handle_mm_fault: read fault (FOLL_FORCE)",
  "handle_mm_fault: write fault (FOLL_FORCE)",
  "handle_mm_fault: unshare fault (FOLL_FORCE)",
] as const;

function faultText(req: FaultRequest, unshare: boolean): string {
  return FAULT_TEXTS[(req.force ? 3 : 0) + (req.write ? 1 : unshare ? 2 : 0)] as string;
}

/** do_anonymous_page, read side: map the shared zero page read-only (no reference is taken on it). */
function mapZeroPage(ctx: Ctx, mm: Mm, vpn: Vpn): FaultResult {
  const zero = ctx.world.zeroPfn;
  mm.ptes.set(vpn, { present: true, pfn: zero, write: false, dirty: false, softDirty: false, uffdWp: false });
  emit(ctx, { kind: "zero-map", pid: mm.pid, vpn, pfn: zero, text: "do_anonymous_page: read fault, map the zero page" });
  return FAULT_OK;
}

/**
 * do_anonymous_page, write side: a new zeroed anon page (exclusive from 5.19), mapped dirty and
 * writable when the VMA has VM_WRITE; a FOLL_FORCE write on a read-only VMA gets a clean
 * read-only PTE and faults again into do_wp_page.
 */
function doAnonymousPage(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn): FaultResult {
  vma.anonVma = true;
  const frame = allocFrame(ctx, 0, "do_anonymous_page: write fault, new zeroed page");
  pageAddNewAnonRmap(ctx, frame);
  const w = vma.write;
  mm.ptes.set(vpn, { present: true, pfn: frame.pfn, write: w, dirty: w, softDirty: w, uffdWp: false });
  return FAULT_OK;
}

/**
 * do_read_fault on a shmem VMA: fault around first (filemap_map_pages); when that did not map the
 * faulting page (a hole or a swapped-out page), ->fault = shmem_fault finds or makes it.
 */
function doReadFault(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn): FaultResult {
  if (doFaultAround(ctx, mm, vma, vpn)) return FAULT_OK;
  return shmemFault(ctx, mm, vma, vpn, false);
}

/**
 * shmem_fault → finish_fault → do_set_pte: find, swap in or allocate the object's page (the page
 * cache holds one reference) and map it. A read fault maps it as fault-around would (readFaultPte);
 * a write fault (do_shared_fault) maps it writable and dirty.
 */
function shmemFault(ctx: Ctx, mm: Mm, vma: Vma, vpn: Vpn, write: boolean): FaultResult {
  const frame = shmemGetPage(ctx, vma, vpn);
  getPage(ctx, frame.pfn);
  frame.mapcount++;
  const pte: PresentPte = write
    ? { present: true, pfn: frame.pfn, write: true, dirty: true, softDirty: true, uffdWp: false }
    : readFaultPte(vma, frame.pfn);
  mm.ptes.set(vpn, pte);
  return FAULT_OK;
}
