// The model's transition function: one op (one system call or kernel event) applied to the
// world in place under one kernel version's policy, returning what happened as events and
// what user space observed as the outcome.
import { userRead, userWrite } from "./access.js";
import { clearRefs } from "./clearRefs.js";
import type { Ctx } from "./context.js";
import type { Outcome, StepResult } from "./events.js";
import { forkProcess } from "./fork.js";
import * as holders from "./holderOps.js";
import type { Pid } from "./ids.js";
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

/** Applies `op` to `world` (changed in place) under `policy`. */
export function step(world: World, op: Op, policy: Policy, options?: StepOptions): StepResult {
  const ctx: Ctx = { world, policy, events: [], record: options?.events !== false };
  const outcome = dispatch(ctx, op);
  return { world, events: ctx.events, outcome };
}

function dispatch(ctx: Ctx, op: Op): Outcome {
  switch (op.kind) {
    case "mmap": return withMm(ctx, op.pid, (mm) => mmapRegion(ctx, mm, op));
    case "munmap": return withMm(ctx, op.pid, (mm) => munmap(ctx, mm, op.range.start, op.range.pages));
    case "mprotect": return withMm(ctx, op.pid, (mm) => mprotect(ctx, mm, op.range.start, op.range.pages, op.prot));
    case "madvise": return withMm(ctx, op.pid, (mm) => madvise(ctx, mm, op.range, op.advice));
    case "write": return withMm(ctx, op.pid, (mm) => userWrite(ctx, mm, op.range, op.value));
    case "read": return withMm(ctx, op.pid, (mm) => userRead(ctx, mm, op.range));
    case "fork": return withMm(ctx, op.pid, (mm) => forkProcess(ctx, mm, op.child));
    case "exit": return withMm(ctx, op.pid, (mm) => exitMmap(ctx, mm));
    case "clear-refs": return withMm(ctx, op.pid, (mm) => clearRefs(ctx, mm));
    case "pagemap": return withMm(ctx, op.pid, (mm) => opPagemap(ctx, mm, op));
    case "frame": return withMm(ctx, op.pid, (mm) => ({ kind: "frame", pfn: framePfn(mm, op.vpn) }));
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

/** Runs `f` on the process's mm; an op by a process that does not exist (never created, or exited) fails. */
function withMm(ctx: Ctx, pid: Pid, f: (mm: Mm) => Outcome): Outcome {
  const mm = ctx.world.mms.get(pid);
  if (mm === undefined) return { kind: "error", errno: "ENOENT", why: `process ${pid} does not exist` };
  return f(mm);
}

function opPagemap(ctx: Ctx, mm: Mm, op: OpOf<"pagemap">): Outcome {
  return { kind: "pagemap", flags: pagemapFlags(ctx.world, mm, op.vpn) };
}

function unreachable(op: never): never {
  // The switch covers every Op kind; a new kind fails to compile before it can get here.
  throw new Error(`model bug: unknown op ${JSON.stringify(op)}`);
}
