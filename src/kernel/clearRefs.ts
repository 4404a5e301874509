// echo 4 > /proc/pid/clear_refs (fs/proc/task_mmu.c clear_refs_write, clear_soft_dirty): the
// soft-dirty reset. Every VMA loses VM_SOFTDIRTY; every present PTE is write-protected and
// loses soft-dirty, so the next write faults and sets it again; swap PTEs lose soft-dirty.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseClearRefsSkip } from "./decisions/clearRefsSkipsPinned.js";
import type { Outcome } from "./events.js";
import type { Mm, Vma } from "./state.js";
import { findVmaIndex } from "./vma.js";

const DONE: Outcome = { kind: "done" };

/** clear_refs_write with CLEAR_REFS_SOFT_DIRTY over the whole mm. */
export function clearRefs(ctx: Ctx, mm: Mm): Outcome {
  for (const v of mm.vmas) v.softDirty = false;
  const skip = chooseClearRefsSkip(ctx.policy);
  let cleared = 0;
  for (const [vpn, pte] of mm.ptes) {
    if (!pte.present) {
      pte.softDirty = false;
      continue;
    }
    const vma = mm.vmas[findVmaIndex(mm, vpn)] as Vma;
    if (skip(ctx.world, ctx.policy, mm, vma, pte)) {
      emit(ctx, {
        kind: "refuse",
        pid: mm.pid,
        vpn,
        pfn: pte.pfn,
        decision: { knob: "clearRefsSkipsPinned", choice: "skip" },
        text: "clear_soft_dirty: pte_is_pinned, PTE left writable and soft-dirty",
      });
      continue;
    }
    pte.write = false;
    pte.softDirty = false;
    cleared++;
  }
  emit(ctx, {
    kind: "wrprotect",
    pid: mm.pid,
    decision: { knob: "clearRefsSkipsPinned", choice: ctx.policy.clearRefsSkipsPinned ? "skip-pinned" : "clear-all" },
    text: `clear_soft_dirty: ${cleared} PTEs write-protected, soft-dirty cleared, VM_SOFTDIRTY cleared`,
  });
  return DONE;
}
