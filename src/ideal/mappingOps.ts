// The ideal effect of the ops that change what addresses stand for: mmap, munmap, mprotect,
// madvise, fork and exit (design.md §3). None of them has an observable outcome to judge.
import type { Ideal, IdealMapping, IdealProcess } from "./ideal.js";
import { createLogicalPage, logicalPage } from "./ideal.js";
import { currentValue } from "./logical.js";
import type { IdealRange } from "./ops.js";

type Prot = "rw" | "ro" | "none";

/**
 * A mapping with every field spelled out in one order: the explorer unpacks, steps and
 * fingerprints mappings millions of times, and spread copies would give them other hidden
 * classes, turning every read of a mapping polymorphic.
 */
function mapping(page: number, read: boolean, write: boolean, shared: boolean, dontCopy: boolean, wipeOnFork: boolean): IdealMapping {
  return { page, read, write, shared, dontCopy, wipeOnFork };
}

const withPage = (m: IdealMapping, page: number): IdealMapping => mapping(page, m.read, m.write, m.shared, m.dontCopy, m.wipeOnFork);

function processOf(ideal: Ideal, pid: number): IdealProcess {
  let p = ideal.processes.get(pid);
  if (p === undefined) {
    p = { pid, pages: new Map() };
    ideal.processes.set(pid, p);
  }
  return p;
}

/** mmap: every page a fresh logical page of its own family, holding 0. */
export function idealMmap(ideal: Ideal, pid: number, range: IdealRange, prot: Prot, shared: boolean): void {
  const pages = processOf(ideal, pid).pages;
  for (let vpn = range.start; vpn < range.start + range.pages; vpn++) {
    const page = createLogicalPage(ideal, 0, "fill", null);
    pages.set(vpn, mapping(page.id, prot !== "none", prot === "rw", shared, false, false));
  }
}

/** munmap: the pages detach; references bound to them keep them alive. */
export function idealMunmap(ideal: Ideal, pid: number, range: IdealRange): void {
  const pages = ideal.processes.get(pid)?.pages;
  if (pages === undefined) return;
  for (let vpn = range.start; vpn < range.start + range.pages; vpn++) pages.delete(vpn);
}

/** Applies `advice` to every mapped page of the range. */
function adviseMappings(ideal: Ideal, pid: number, range: IdealRange, advice: string): void {
  const pages = ideal.processes.get(pid)?.pages;
  if (pages === undefined) return;
  for (let vpn = range.start; vpn < range.start + range.pages; vpn++) {
    const m = pages.get(vpn);
    if (m !== undefined) pages.set(vpn, advised(ideal, m, advice));
  }
}

/** One mapping after madvise `advice` (one of those idealMadvise acts on). */
function advised(ideal: Ideal, m: IdealMapping, advice: string): IdealMapping {
  switch (advice) {
    case "dontneed":
      if (m.shared) return m;
      return withPage(m, createLogicalPage(ideal, 0, "fill", logicalPage(ideal, m.page).family).id);
    case "dontfork":
    case "dofork":
      return mapping(m.page, m.read, m.write, m.shared, advice === "dontfork", m.wipeOnFork);
    default:
      // VM_WIPEONFORK exists for private anonymous mappings only (the kernel answers EINVAL otherwise).
      return m.shared ? m : mapping(m.page, m.read, m.write, m.shared, m.dontCopy, advice === "wipeonfork");
  }
}

/**
 * mprotect: only the access rights change, page by page up to the first unmapped page, where
 * the system call stops with ENOMEM (do_mprotect_pkey, mm/mprotect.c, walks the VMAs in order
 * and gives up at a hole; a hole at the start changes nothing).
 */
export function idealMprotect(ideal: Ideal, pid: number, range: IdealRange, prot: Prot): void {
  const pages = ideal.processes.get(pid)?.pages;
  if (pages === undefined) return;
  for (let vpn = range.start; vpn < range.start + range.pages; vpn++) {
    const m = pages.get(vpn);
    if (m === undefined) return;
    pages.set(vpn, mapping(m.page, prot !== "none", prot === "rw", m.shared, m.dontCopy, m.wipeOnFork));
  }
}

/**
 * madvise: DONTNEED gives a private page a fresh zero page (a shared anonymous page keeps its
 * data in shmem); DONTFORK / WIPEONFORK set what fork will do. Other advice changes no value.
 */
export function idealMadvise(ideal: Ideal, pid: number, range: IdealRange, advice: string): void {
  switch (advice) {
    case "dontneed":
    case "dontfork":
    case "dofork":
    case "wipeonfork":
    case "keeponfork":
      return adviseMappings(ideal, pid, range, advice);
    default:
      return;
  }
}

/** The child's mapping of one parent page, or null for a DONTFORK hole. */
function forkMapping(ideal: Ideal, m: IdealMapping): IdealMapping | null {
  if (m.dontCopy) return null;
  if (m.shared) return m;
  const parent = logicalPage(ideal, m.page);
  const copy = m.wipeOnFork
    ? createLogicalPage(ideal, 0, "fill", parent.family)
    : createLogicalPage(ideal, currentValue(parent), "copy", parent.family, parent.stored);
  return withPage(m, copy.id);
}

/** fork: private pages are copied, shared ones shared; the child holds the parent's rings too. */
export function idealFork(ideal: Ideal, pid: number, child: number): void {
  const pages = new Map<number, IdealMapping>();
  for (const [vpn, m] of ideal.processes.get(pid)?.pages ?? []) {
    const cm = forkMapping(ideal, m);
    if (cm !== null) pages.set(vpn, cm);
  }
  ideal.processes.set(child, { pid: child, pages });
  for (const ring of ideal.rings.values()) if (ring.owners.includes(pid)) ring.owners.push(child);
}

/** exit: the mappings go, gup_test pins of the process are released, rings lose an owner. */
export function idealExit(ideal: Ideal, pid: number): void {
  ideal.processes.delete(pid);
  for (const [id, pin] of [...ideal.pins]) if (pin.owner === pid) ideal.pins.delete(id);
  for (const ring of ideal.rings.values()) {
    const i = ring.owners.indexOf(pid);
    if (i < 0) continue;
    ring.owners.splice(i, 1);
    // The last holder of the ring's file descriptor is gone: io_uring drops its buffers.
    if (ring.owners.length === 0) ring.pages = null;
  }
}
