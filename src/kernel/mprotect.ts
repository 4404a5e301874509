// mprotect (mm/mprotect.c do_mprotect_pkey → mprotect_fixup → change_protection). A private
// VMA's PTEs all become read-only (its vm_page_prot never has the write bit); which ones get the
// write bit back at once is the mprotectUpgrade decision (can_change_pte_writable, 6.0+).
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseMprotectUpgrade, mprotectDecision, sharedPteWritable } from "./decisions/mprotectUpgrade.js";
import type { Outcome } from "./events.js";
import type { Vpn } from "./ids.js";
import type { Prot } from "./ops.js";
import type { Mm, Vma } from "./state.js";
import { findVma, isolateRange, mergeVmas } from "./vma.js";

const DONE: Outcome = { kind: "done" };
const ENOMEM: Outcome = { kind: "error", errno: "ENOMEM", why: "mprotect: range not fully mapped" };

/**
 * do_mprotect_pkey: VMA by VMA from the start; a hole fails with ENOMEM, leaving the VMAs before
 * it changed (a hole at the start changes nothing).
 */
export function mprotect(ctx: Ctx, mm: Mm, start: Vpn, pages: number, prot: Prot): Outcome {
  // do_mprotect_pkey: a zero length succeeds and changes nothing.
  if (pages <= 0) return DONE;
  const end = start + pages;
  let at = start;
  while (at < end) {
    const vma = findVma(mm, at);
    if (vma === undefined) return ENOMEM;
    const next = Math.min(end, vma.end);
    mprotectFixup(ctx, mm, vma, at, next, prot);
    at = next;
  }
  mergeVmas(mm, start, end, false);
  return DONE;
}

/** mprotect_fixup: nothing to do when the flags do not change; else split, set the flags, change the PTEs. */
function mprotectFixup(ctx: Ctx, mm: Mm, vma: Vma, start: Vpn, end: Vpn, prot: Prot): void {
  const read = prot !== "none";
  const write = prot === "rw";
  if (vma.read === read && vma.write === write) return;
  for (const v of isolateRange(mm, start, end)) {
    v.read = read;
    v.write = write;
    changeProtection(ctx, mm, v);
  }
}

/** change_pte_range over one VMA with its new protection. */
function changeProtection(ctx: Ctx, mm: Mm, vma: Vma): void {
  const policy = ctx.policy;
  const upgrade = chooseMprotectUpgrade(policy);
  let readOnly = 0;
  for (let vpn = vma.start; vpn < vma.end; vpn++) {
    const pte = mm.ptes.get(vpn);
    if (pte === undefined || !pte.present) continue;
    if (vma.shared) {
      pte.write = sharedPteWritable(policy, vma, pte);
      continue;
    }
    // pte_modify with a private vm_page_prot: the write bit goes (PROT_NONE keeps nothing either).
    pte.write = false;
    if (vma.write && upgrade(ctx.world, vma, pte)) {
      pte.write = true;
      emit(ctx, {
        kind: "upgrade",
        pid: mm.pid,
        vpn,
        pfn: pte.pfn,
        decision: mprotectDecision(policy, true),
        text: "change_pte_range: can_change_pte_writable, exclusive anon page, set the write bit",
      });
    } else {
      readOnly++;
    }
  }
  if (readOnly > 0) {
    emit(ctx, {
      kind: "wrprotect",
      pid: mm.pid,
      vpn: vma.start,
      decision: mprotectDecision(policy, false),
      text: `change_pte_range: ${readOnly} PTEs read-only (mprotect ${vma.write ? "rw" : vma.read ? "ro" : "none"})`,
    });
  }
}
