// Loads and stores through a process's own mappings, and the FOLL_FORCE write of
// /proc/self/mem: what each may show and where each must fault (design.md §3).
import type { Allowed, PageAllowed } from "./allowed.js";
import type { Ideal } from "./ideal.js";
import { logicalPage, mappingAt } from "./ideal.js";
import { currentValue, storeValue } from "./logical.js";
import type { IdealRange, KernelOutcomeLike } from "./ops.js";

/** A read shows each page's current value, in page order, until the first page without read access. */
export function idealRead(ideal: Ideal, pid: number, range: IdealRange): Allowed {
  const pages: PageAllowed[] = [];
  for (let vpn = range.start; vpn < range.start + range.pages; vpn++) {
    const m = mappingAt(ideal, pid, vpn);
    if (m === undefined || !m.read) return { kind: "read", pages, segvAt: vpn };
    const page = logicalPage(ideal, m.page);
    pages.push({ vpn, page: page.id, values: [currentValue(page)], via: "mapping", since: page.createdAt });
  }
  return { kind: "read", pages, segvAt: null };
}

/** A write stores into each page in order and stops at the first page without write access. */
export function idealWrite(ideal: Ideal, pid: number, range: IdealRange, value: number): Allowed {
  for (let vpn = range.start; vpn < range.start + range.pages; vpn++) {
    const m = mappingAt(ideal, pid, vpn);
    if (m === undefined || !m.write) return { kind: "access", segvAt: vpn };
    storeValue(logicalPage(ideal, m.page), value, ideal.clock);
  }
  return { kind: "access", segvAt: null };
}

/**
 * force-write may write a private mapping whatever its protection (it is a COW mapping: the
 * store lands in the process's own logical page); a shared mapping only with write access;
 * an unmapped page never. The store follows the kernel: it is applied when the kernel did it.
 */
export function idealForceWrite(
  ideal: Ideal, pid: number, vpn: number, value: number, outcome: KernelOutcomeLike,
): Allowed {
  const m = mappingAt(ideal, pid, vpn);
  const ok = m !== undefined && (!m.shared || m.write);
  if (m !== undefined && outcome.kind !== "error") storeValue(logicalPage(ideal, m.page), value, ideal.clock);
  return { kind: "result", ok };
}
