// User-space loads and stores over a page range: the MMU uses a present PTE that allows the
// access and faults otherwise (arch/x86/mm/fault.c → handle_mm_fault), retrying after the fault;
// the first page that cannot be accessed ends the run with SIGSEGV.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { Outcome } from "./events.js";
import { READ_FAULT, WRITE_FAULT } from "./faultTypes.js";
import { frameOf } from "./frame.js";
import type { Vpn } from "./ids.js";
import type { PageRange, Value } from "./ops.js";
import type { Mm, PresentPte, Pte, Vma } from "./state.js";
import { findVma } from "./vma.js";
import { handlePteFault } from "./fault.js";
import { modelBug } from "./modelBug.js";

const DONE: Outcome = { kind: "done" };

/** A fault that leaves the PTE unusable twice in a row would loop forever in the kernel: a model bug. */
const MAX_FAULTS_PER_ACCESS = 3;

function segv(ctx: Ctx, mm: Mm, vpn: Vpn, write: boolean): Outcome {
  emit(ctx, { kind: "segv", pid: mm.pid, vpn, text: `${write ? "store" : "load"}: SIGSEGV (access_error or no VMA)` });
  return { kind: "segv", vpn };
}

/**
 * The present PTE at vpn that allows the access, faulting as often as needed; null on SIGSEGV.
 * `vma` is the VMA containing vpn (undefined when there is none), `pte` the PTE at vpn now.
 */
function accessiblePte(ctx: Ctx, mm: Mm, vma: Vma | undefined, vpn: Vpn, pte: Pte | undefined, write: boolean): PresentPte | null {
  if (vma === undefined || !(write ? vma.write : vma.read)) return null;
  let now = pte;
  for (let i = 0; i < MAX_FAULTS_PER_ACCESS; i++) {
    if (now !== undefined && now.present && (now.write || !write)) return now;
    const result = handlePteFault(ctx, mm, vma, vpn, now, write ? WRITE_FAULT : READ_FAULT);
    if (result.kind === "segv") return null;
    now = mm.ptes.get(vpn);
  }
  throw modelBug(write ? "write" : "read", "fault at vpn", vpn, "does not make the PTE usable");
}

/** Stores `value` into every page of the range, in address order. */
export function userWrite(ctx: Ctx, mm: Mm, range: PageRange, value: Value): Outcome {
  const end = range.start + range.pages;
  let vma: Vma | undefined;
  for (let vpn = range.start; vpn < end; vpn++) {
    if (vma === undefined || vpn >= vma.end || vpn < vma.start) vma = findVma(mm, vpn);
    const cur = mm.ptes.get(vpn);
    // The common case first: a present writable PTE needs no fault.
    const pte = cur !== undefined && cur.present && cur.write ? cur : accessiblePte(ctx, mm, vma, vpn, cur, true);
    if (pte === null) return segv(ctx, mm, vpn, true);
    frameOf(ctx.world, pte.pfn).value = value;
    // The MMU sets the dirty bit; soft-dirty is set with it (the PTE came from a fault or was already soft-dirty).
    pte.dirty = true;
    pte.softDirty = true;
  }
  return DONE;
}

/** Loads every page of the range, in address order; the values read, or SIGSEGV at the first bad page. */
export function userRead(ctx: Ctx, mm: Mm, range: PageRange): Outcome {
  const end = range.start + range.pages;
  const values: number[] = [];
  let vma: Vma | undefined;
  for (let vpn = range.start; vpn < end; vpn++) {
    if (vma === undefined || vpn >= vma.end || vpn < vma.start) vma = findVma(mm, vpn);
    const pte = accessiblePte(ctx, mm, vma, vpn, mm.ptes.get(vpn), false);
    if (pte === null) return segv(ctx, mm, vpn, false);
    values.push(frameOf(ctx.world, pte.pfn).value);
  }
  return { kind: "values", values };
}
