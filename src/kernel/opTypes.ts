// Helpers shared by the handlers of kernel-held references: the op of one kind, and the
// mm an op names.
import type { Outcome } from "./events.js";
import type { Pid } from "./ids.js";
import type { Op } from "./ops.js";
import type { Mm, World } from "./state.js";
import { getMm } from "./vma.js";

/** The member of the Op union with this kind. */
export type OpOf<K extends Op["kind"]> = Extract<Op, { kind: K }>;

/** The mm of a pid, or the ENOENT step gives any op of a process that does not exist (or exited). */
export function mmOrError(world: World, pid: Pid): Mm | Outcome {
  const mm = getMm(world, pid);
  return mm ?? { kind: "error", errno: "ENOENT", why: `process ${pid} does not exist` };
}

/** Narrows mmOrError's answer. */
export function isMm(x: Mm | Outcome): x is Mm {
  return "ptes" in x;
}

export const DONE: Outcome = { kind: "done" };
