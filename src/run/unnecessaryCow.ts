// Counts unnecessary COWs (linux-cow-eras.md §0.4): copies that no other logical page and no
// pin required. After the step, the old frame's remaining holders are mapped to the ideal's
// logical pages; a copy is unnecessary when none of them belongs to another logical page and
// no FOLL_PIN reference held it (a copy away from a pin is a wrong COW, judged when observed).
import type { Ideal } from "../ideal/index.js";
import { mappingAt } from "../ideal/index.js";
import type { KernelEvent } from "../kernel/events.js";
import type { SwapSlot } from "../kernel/ids.js";
import type { Op } from "../kernel/ops.js";
import type { World } from "../kernel/state.js";

/** A GUP holder of a frame, as the ideal sees it: a coherent pin, or a FOLL_GET reference to a logical page. */
type HeldBy = { readonly pin: true } | { readonly pin: false; readonly page: number | undefined };

const isCopy = (e: KernelEvent): boolean => e.kind === "copy" || e.kind === "fork-copy";

/** Copies among `events` (the step of `op`, world and ideal both after it) that nothing required. */
export function countUnnecessaryCows(world: World, ideal: Ideal, op: Op, events: readonly KernelEvent[]): number {
  if (!events.some(isCopy)) return 0;
  const holders = holdersByPfn(world, ideal);
  let n = 0;
  for (const e of events) {
    if (!isCopy(e) || e.pfn === undefined || e.vpn === undefined || e.pfn === world.zeroPfn) continue;
    // fork-copy leaves the parent's PTE on the old frame; copy moves the faulting PTE away from it.
    const forkCopy = e.kind === "fork-copy";
    const pid = forkCopy ? (op.kind === "fork" ? op.pid : undefined) : e.pid;
    const page = pid === undefined ? undefined : mappingAt(ideal, pid, e.vpn)?.page;
    if (page === undefined) continue;
    const f = world.frames.get(e.pfn);
    const mappedElsewhere = f !== undefined && (f.mapcount > (forkCopy ? 1 : 0) || swapMapped(world, f.swapCache));
    const held = holders.get(e.pfn) ?? [];
    if (!mappedElsewhere && held.every((h) => !h.pin && h.page === page)) n++;
  }
  return n;
}

/** True when swap PTEs still refer to the slot whose swap cache holds the frame. */
function swapMapped(world: World, slot: SwapSlot | null): boolean {
  return slot !== null && (world.swap.get(slot)?.count ?? 0) > 0;
}

/** Every frame a pin, ring page or pipe buffer holds, with what holds it. */
function holdersByPfn(world: World, ideal: Ideal): Map<number, HeldBy[]> {
  const out = new Map<number, HeldBy[]>();
  const add = (pfn: number, h: HeldBy): void => {
    const list = out.get(pfn);
    if (list === undefined) out.set(pfn, [h]);
    else list.push(h);
  };
  for (const [id, pin] of world.pins) {
    const bound = ideal.pins.get(id);
    add(pin.pfn, pin.foll === "pin" || bound?.foll === "pin" ? { pin: true } : { pin: false, page: bound?.page });
  }
  for (const ring of world.rings.values()) for (const pfn of ring.pfns ?? []) add(pfn, { pin: true });
  for (const [id, bufs] of world.pipes) {
    const bound = ideal.pipes.get(id) ?? [];
    bufs.forEach((b, i) => add(b.pfn, { pin: false, page: bound[i]?.page }));
  }
  return out;
}
