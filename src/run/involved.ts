// The frames and pages an op goes through, read before and after the kernel's step, so a
// divergence can be tied to the kernel decisions made on them.
import type { Pid } from "../kernel/ids.js";
import type { Op } from "../kernel/ops.js";
import type { World } from "../kernel/state.js";
import type { Involved } from "./why.js";
import { pageKey } from "./why.js";

/** The pages an op names: its process and vpns, or null for an op on no page of a process. */
export function opPages(op: Op): { readonly pid: number; readonly vpns: readonly number[] } | null {
  if ("range" in op) return { pid: op.pid, vpns: Array.from({ length: op.range.pages }, (_, i) => op.range.start + i) };
  if ("vpn" in op) return { pid: op.pid, vpns: [op.vpn] };
  return null;
}

/** The frames an op reads or writes now: through its holder (pipe head, pin, ring page) or its PTEs. */
export function framesOf(world: World, op: Op): number[] {
  const out: number[] = [];
  const add = (pfn: number | undefined): void => {
    if (pfn !== undefined) out.push(pfn);
  };
  if (op.kind === "pipe-read") add(world.pipes.get(op.pipe)?.[0]?.pfn);
  if (op.kind === "ring-read" || op.kind === "ring-write") add(world.rings.get(op.ring)?.pfns?.[op.index]);
  if (op.kind === "pin-read" || op.kind === "pin-write" || op.kind === "unpin") add(world.pins.get(op.pin)?.pfn);
  const pages = opPages(op);
  const mm = pages === null ? undefined : world.mms.get(pages.pid as Pid);
  for (const vpn of pages?.vpns ?? []) {
    const pte = mm?.ptes.get(vpn);
    if (pte?.present === true) add(pte.pfn);
  }
  return out;
}

/** Joins the frames seen before and after the step with the pages the op names. */
export function involvedOf(op: Op, before: readonly number[], after: readonly number[]): Involved {
  const pages = opPages(op);
  return {
    pfns: new Set([...before, ...after]),
    pages: new Set((pages?.vpns ?? []).map((vpn) => pageKey(pages?.pid ?? -1, vpn))),
  };
}
