// A small driver for kernel tests: a world under one kernel version's policy, op builders in
// the scenario's terms, and a `run` that checks every invariant after each step.
import { policyFor } from "../../src/history/index.js";
import { parseVersion } from "../../src/history/versions.js";
import type { KernelEvent, Outcome, PagemapFlags } from "../../src/kernel/events.js";
import type { Pfn, Pid, PinId, PipeId, Vpn } from "../../src/kernel/ids.js";
import { asPid, asPinId, asPipeId } from "../../src/kernel/ids.js";
import { GUP_PIN_COUNTING_BIAS } from "../../src/kernel/frame.js";
import { checkInvariants } from "../../src/kernel/invariants.js";
import { lruAddDrain } from "../../src/kernel/lru.js";
import type { Advice, Op, Prot } from "../../src/kernel/ops.js";
import type { Policy } from "../../src/kernel/policy.js";
import type { Frame, PresentPte, Pte, World } from "../../src/kernel/state.js";
import { step } from "../../src/kernel/step.js";
import { createWorld } from "../../src/kernel/world.js";

export const P = asPid(1);
export const C = asPid(2);
export const G = asPid(3);

/** The policy of a mainline version written "5.10". */
export function policyOf(version: string): Policy {
  const v = parseVersion(version);
  if (v === null) throw new Error(`bad version ${version}`);
  return policyFor(v);
}

export interface Harness {
  readonly world: World;
  readonly policy: Policy;
  /** Events of the last step. */
  events: readonly KernelEvent[];
  /** Steps `op`, then throws if any invariant is broken. */
  run(op: Op): Outcome;
  pte(pid: Pid, vpn: Vpn): Pte | undefined;
  present(pid: Pid, vpn: Vpn): PresentPte;
  frame(pid: Pid, vpn: Vpn): Frame;
  pagemap(pid: Pid, vpn: Vpn): PagemapFlags;
  /** The values of a read, or throws. */
  read(pid: Pid, start: Vpn, pages?: number): readonly number[];
}

export function harness(version: string | Policy, pids: readonly Pid[] = [P]): Harness {
  const policy = typeof version === "string" ? policyOf(version) : version;
  const world = createWorld(pids);
  const h: Harness = {
    world,
    policy,
    events: [],
    run(op) {
      const r = step(world, op, policy);
      h.events = r.events;
      const bad = checkInvariants(world, policy);
      if (bad.length > 0) throw new Error(`invariants broken after ${op.kind}: ${JSON.stringify(bad)}`);
      return r.outcome;
    },
    pte: (pid, vpn) => world.mms.get(pid)?.ptes.get(vpn),
    present(pid, vpn) {
      const p = h.pte(pid, vpn);
      if (p === undefined || !p.present) throw new Error(`pid ${pid} vpn ${vpn} is not present`);
      return p;
    },
    frame(pid, vpn) {
      const f = world.frames.get(h.present(pid, vpn).pfn);
      if (f === undefined) throw new Error(`pid ${pid} vpn ${vpn} maps a freed frame`);
      return f;
    },
    pagemap(pid, vpn) {
      const o = h.run(pagemapOp(pid, vpn));
      if (o.kind !== "pagemap") throw new Error(`pagemap: ${JSON.stringify(o)}`);
      return o.flags;
    },
    read(pid, start, pages = 1) {
      const o = h.run(readOp(pid, start, pages));
      if (o.kind !== "values") throw new Error(`read: ${JSON.stringify(o)}`);
      return o.values;
    },
  };
  return h;
}

export const BUF = 0x100;

export const mmapOp = (pid: Pid, start: Vpn, pages: number, prot: Prot = "rw", shared = false): Op => ({
  kind: "mmap", pid, range: { start, pages }, prot, shared, hugetlb: false, file: null,
});
export const munmapOp = (pid: Pid, start: Vpn, pages = 1): Op => ({ kind: "munmap", pid, range: { start, pages } });
export const writeOp = (pid: Pid, start: Vpn, value: number, pages = 1): Op => ({ kind: "write", pid, range: { start, pages }, value });
export const readOp = (pid: Pid, start: Vpn, pages = 1): Op => ({ kind: "read", pid, range: { start, pages } });
export const forkOp = (pid: Pid, child: Pid): Op => ({ kind: "fork", pid, child });
export const exitOp = (pid: Pid): Op => ({ kind: "exit", pid });
export const mprotectOp = (pid: Pid, start: Vpn, pages: number, prot: Prot): Op => ({ kind: "mprotect", pid, range: { start, pages }, prot });
export const madviseOp = (pid: Pid, start: Vpn, pages: number, advice: Advice): Op => ({ kind: "madvise", pid, range: { start, pages }, advice });
export const clearRefsOp = (pid: Pid): Op => ({ kind: "clear-refs", pid });
export const pagemapOp = (pid: Pid, vpn: Vpn): Op => ({ kind: "pagemap", pid, vpn });
export const frameOp = (pid: Pid, vpn: Vpn): Op => ({ kind: "frame", pid, vpn });
export const lruDrainOp: Op = { kind: "lru-drain" };

/**
 * Fakes a FOLL_PIN pin on the page at pid:vpn the way pin_user_pages accounts it (refcount +
 * bias, pincount + 1, has_pinned set), with a gup_test Pin so the invariants still add up.
 */
export function fakePin(h: Harness, pid: Pid, vpn: Vpn, id = 1): PinId {
  const f = h.frame(pid, vpn);
  const pin = asPinId(id);
  f.refcount += h.policy.follPin === "bias" ? GUP_PIN_COUNTING_BIAS : 1;
  f.pincount++;
  const mm = h.world.mms.get(pid);
  if (mm !== undefined) mm.hasPinned = true;
  h.world.pins.set(pin, { pfn: f.pfn, foll: "pin", write: true, longterm: true, owner: pid });
  return pin;
}

/** Fakes a vmsplice'd pipe buffer (a FOLL_GET reference) on the page at pid:vpn. */
export function fakePipeRef(h: Harness, pid: Pid, vpn: Vpn, id = 1): PipeId {
  const f = h.frame(pid, vpn);
  const pipe = asPipeId(id);
  f.refcount++;
  const bufs = h.world.pipes.get(pipe) ?? [];
  bufs.push({ pfn: f.pfn });
  h.world.pipes.set(pipe, bufs);
  return pipe;
}

/** Drops the faked pipe buffers of `pipe`, returning the values they show. */
export function dropPipe(h: Harness, pipe: PipeId): number[] {
  const bufs = h.world.pipes.get(pipe) ?? [];
  h.world.pipes.delete(pipe);
  return bufs.map((b) => {
    const f = h.world.frames.get(b.pfn) as Frame;
    const v = f.value;
    f.refcount--;
    if (f.refcount === 0) h.world.frames.delete(b.pfn);
    return v;
  });
}

export const pfnOf = (h: Harness, pid: Pid, vpn: Vpn): Pfn => h.present(pid, vpn).pfn;

/** lru_add_drain, called directly (the `lru-drain` op belongs to the holder ops). */
export function drain(h: Harness): void {
  lruAddDrain({ world: h.world, policy: h.policy, events: [] }, "test");
}
