// The model's transition function: one op (one system call or kernel event) applied to the
// world in place under one kernel version's policy, returning what happened as events and
// what user space observed as the outcome.
import { userRead, userWrite } from "./access.js";
import { clearRefs } from "./clearRefs.js";
import type { Ctx } from "./context.js";
import type { KernelEvent, Outcome, StepResult } from "./events.js";
import { forkProcess } from "./fork.js";
import * as holders from "./holderOps.js";
import { madvise } from "./madvise.js";
import { exitMmap, mmapRegion, munmap } from "./mmap.js";
import { mprotect } from "./mprotect.js";
import type { Op } from "./ops.js";
import { framePfn, pagemapFlags } from "./pagemap.js";
import type { Policy } from "./policy.js";
import type { Mm, World } from "./state.js";

type OpOf<K extends Op["kind"]> = Extract<Op, { kind: K }>;

/** How a step reports what it did. */
export interface StepOptions {
  /** Record events (default true). Without them a step changes the world identically, only faster:
   *  a 65,536-page write otherwise keeps four events per page alive until it returns. */
  readonly events?: boolean;
}

/**
 * An empty list that once held an event. A `[]` starts with small-integer elements and its first
 * push changes its kind, which left the push in emit polymorphic and out of line (a builtin call
 * per event); a slice of this one starts with object elements, so every push stays inline.
 */
const NO_EVENTS: KernelEvent[] = [{ kind: "flag", text: "" }];
NO_EVENTS.pop();

/** Applies `op` to `world` (changed in place) under `policy`. */
export function step(world: World, op: Op, policy: Policy, options?: StepOptions): StepResult {
  const ctx: Ctx = { world, policy, events: NO_EVENTS.slice(), record: options === undefined || options.events !== false };
  const outcome = dispatch(ctx, op);
  return { world, events: ctx.events, outcome };
}

/** The ops a process makes on its own address space: they need its mm. */
type MmOp = OpOf<"mmap" | "munmap" | "mprotect" | "madvise" | "write" | "read" | "fork" | "exit" | "clear-refs" | "pagemap" | "frame">;

function dispatch(ctx: Ctx, op: Op): Outcome {
  switch (op.kind) {
    case "mmap":
    case "munmap":
    case "mprotect":
    case "madvise":
    case "write":
    case "read":
    case "fork":
    case "exit":
    case "clear-refs":
    case "pagemap":
    case "frame":
      return withMm(ctx, op);
    case "force-write": return holders.opForceWrite(ctx, op);
    case "vmsplice": return holders.opVmsplice(ctx, op);
    case "pipe-read": return holders.opPipeRead(ctx, op);
    case "iouring-register": return holders.opIouringRegister(ctx, op);
    case "ring-read": return holders.opRingRead(ctx, op);
    case "ring-write": return holders.opRingWrite(ctx, op);
    case "iouring-unregister": return holders.opIouringUnregister(ctx, op);
    case "pin": return holders.opPin(ctx, op);
    case "pin-read": return holders.opPinRead(ctx, op);
    case "pin-write": return holders.opPinWrite(ctx, op);
    case "unpin": return holders.opUnpin(ctx, op);
    case "ksm-scan": return holders.opKsmScan(ctx, op);
    case "lru-drain": return holders.opLruDrain(ctx, op);
    case "migrate": return holders.opMigrate(ctx, op);
    case "reclaim": return holders.opReclaim(ctx, op);
    default: return unreachable(op);
  }
}

/** An op on the process's mm; an op by a process that does not exist (never created, or exited) fails. */
function withMm(ctx: Ctx, op: MmOp): Outcome {
  const mm = ctx.world.mms.get(op.pid);
  if (mm === undefined) return { kind: "error", errno: "ENOENT", why: `process ${op.pid} does not exist` };
  return onMm(ctx, mm, op);
}

// One handler per op, called directly: a closure per step would cost an allocation per step.
function onMm(ctx: Ctx, mm: Mm, op: MmOp): Outcome {
  switch (op.kind) {
    case "mmap": return mmapRegion(ctx, mm, op);
    case "munmap": return munmap(ctx, mm, op.range.start, op.range.pages);
    case "mprotect": return mprotect(ctx, mm, op.range.start, op.range.pages, op.prot);
    case "madvise": return madvise(ctx, mm, op.range, op.advice);
    case "write": return userWrite(ctx, mm, op.range, op.value);
    case "read": return userRead(ctx, mm, op.range);
    case "fork": return forkProcess(ctx, mm, op.child);
    case "exit": return exitMmap(ctx, mm);
    case "clear-refs": return clearRefs(ctx, mm);
    case "pagemap": return opPagemap(ctx, mm, op);
    case "frame": return { kind: "frame", pfn: framePfn(mm, op.vpn) };
    default: return unreachable(op);
  }
}

function opPagemap(ctx: Ctx, mm: Mm, op: OpOf<"pagemap">): Outcome {
  return { kind: "pagemap", flags: pagemapFlags(ctx.world, mm, op.vpn) };
}

function unreachable(op: never): never {
  // The switch covers every Op kind; a new kind fails to compile before it can get here.
  throw new Error(`model bug: unknown op ${JSON.stringify(op)}`);
}
