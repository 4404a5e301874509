// vm_area_struct bookkeeping: lookup (find_vma), split (__split_vma) and merge (vma_merge)
// of an mm's sorted VMA list (mm/mmap.c; mm/vma.c from 6.12).
import type { Pid, Vpn } from "./ids.js";
import type { Mm, Vma, World } from "./state.js";
import { cloneVma } from "./world.js";

/** The mm of a process, or undefined once it exited (or never existed). */
export function getMm(world: World, pid: Pid): Mm | undefined {
  return world.mms.get(pid);
}

/** Index of the VMA containing vpn, or -1 (binary search: vmas are sorted and disjoint). */
export function findVmaIndex(mm: Mm, vpn: Vpn): number {
  const vmas = mm.vmas;
  let lo = 0;
  let hi = vmas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = vmas[mid] as Vma;
    if (vpn < v.start) hi = mid - 1;
    else if (vpn >= v.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The VMA containing vpn, or undefined. */
export function findVma(mm: Mm, vpn: Vpn): Vma | undefined {
  const i = findVmaIndex(mm, vpn);
  return i < 0 ? undefined : mm.vmas[i];
}

/** is_cow_mapping (include/linux/mm.h): VM_MAYWRITE set and VM_SHARED clear. */
export function isCowMapping(vma: Vma): boolean {
  return vma.mayWrite && !vma.shared;
}

/** Index of the first VMA ending after vpn (where a VMA at vpn would be inserted). */
function lowerBound(mm: Mm, vpn: Vpn): number {
  const vmas = mm.vmas;
  let lo = 0;
  let hi = vmas.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((vmas[mid] as Vma).end <= vpn) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** __split_vma: if a VMA straddles vpn, cut it in two at vpn (both keep every flag and the anon_vma). */
export function splitVmaAt(mm: Mm, vpn: Vpn): void {
  const i = findVmaIndex(mm, vpn);
  if (i < 0) return;
  const v = mm.vmas[i] as Vma;
  if (v.start === vpn) return;
  const tail = cloneVma(v);
  tail.start = vpn;
  v.end = vpn;
  mm.vmas.splice(i + 1, 0, tail);
}

/** The VMAs overlapping [start, end), after splitting so that each lies wholly inside the range. */
export function isolateRange(mm: Mm, start: Vpn, end: Vpn): Vma[] {
  splitVmaAt(mm, start);
  splitVmaAt(mm, end);
  return vmasIn(mm, start, end);
}

/** The VMAs overlapping [start, end), in address order (no splitting). */
export function vmasIn(mm: Mm, start: Vpn, end: Vpn): Vma[] {
  const out: Vma[] = [];
  for (let i = lowerBound(mm, start); i < mm.vmas.length; i++) {
    const v = mm.vmas[i] as Vma;
    if (v.start >= end) break;
    out.push(v);
  }
  return out;
}

/** True when every page of [start, end) lies in some VMA. */
export function isFullyMapped(mm: Mm, start: Vpn, end: Vpn): boolean {
  let at = start;
  for (const v of vmasIn(mm, start, end)) {
    if (v.start > at) return false;
    at = v.end;
  }
  return at >= end;
}

/** Inserts a VMA that overlaps none of mm's VMAs, keeping the list sorted. */
export function insertVma(mm: Mm, vma: Vma): void {
  mm.vmas.splice(lowerBound(mm, vma.start), 0, vma);
}

/** Removes the VMAs inside [start, end) (the caller split at both ends first). */
export function removeVmas(mm: Mm, start: Vpn, end: Vpn): Vma[] {
  const from = lowerBound(mm, start);
  let to = from;
  while (to < mm.vmas.length && (mm.vmas[to] as Vma).start < end) to++;
  return mm.vmas.splice(from, to - from);
}

/**
 * vma_merge's compatibility test (is_mergeable_vma, is_mergeable_anon_vma): same flags apart from
 * VM_SOFTDIRTY, same shmem object, and anon_vmas that are not known to differ. Two VMAs that both
 * have an anon_vma are taken to share it (halves of one split VMA); the model keeps no anon_vma identity.
 */
export function canMergeVmas(a: Vma, b: Vma): boolean {
  return (
    a.end === b.start &&
    a.read === b.read &&
    a.write === b.write &&
    a.mayWrite === b.mayWrite &&
    a.shared === b.shared &&
    a.dontCopy === b.dontCopy &&
    a.wipeOnFork === b.wipeOnFork &&
    a.mergeable === b.mergeable &&
    a.shmem === b.shmem
  );
}

/**
 * vma_merge over [start, end): joins every compatible neighbour pair touching the range.
 * `expand` is mmap's rule (a new or expanded VMA always gets VM_SOFTDIRTY); otherwise
 * (mprotect, madvise) only VMAs with equal VM_SOFTDIRTY merge, so no flag is lost.
 */
export function mergeVmas(mm: Mm, start: Vpn, end: Vpn, expand: boolean): void {
  let i = Math.max(0, lowerBound(mm, start) - 1);
  while (i + 1 < mm.vmas.length) {
    const a = mm.vmas[i] as Vma;
    const b = mm.vmas[i + 1] as Vma;
    if (a.start >= end) break;
    if (canMergeVmas(a, b) && (expand || a.softDirty === b.softDirty)) {
      a.end = b.end;
      a.anonVma = a.anonVma || b.anonVma;
      if (expand) a.softDirty = true;
      mm.vmas.splice(i + 1, 1);
    } else {
      i++;
    }
  }
}
