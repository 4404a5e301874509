// Op builders for the kernel-held references (vmsplice, io_uring, gup_test pins,
// /proc/self/mem, KSM, migration, reclaim) on top of the kernel test harness.
import type { Outcome } from "../../src/kernel/events.js";
import type { Pid, Vpn } from "../../src/kernel/ids.js";
import { asPinId, asPipeId, asRingId } from "../../src/kernel/ids.js";
import type { Op } from "../../src/kernel/ops.js";
import type { Harness } from "./harness.js";

export const PIPE = asPipeId(1);
export const RING = asRingId(1);
export const PIN = asPinId(1);

export const vmspliceOp = (pid: Pid, start: Vpn, pages = 1, pipe = PIPE): Op => ({ kind: "vmsplice", pid, range: { start, pages }, pipe });
export const pipeReadOp = (pid: Pid, pipe = PIPE): Op => ({ kind: "pipe-read", pid, pipe });
export const registerOp = (pid: Pid, start: Vpn, pages = 1, ring = RING): Op => ({ kind: "iouring-register", pid, range: { start, pages }, ring });
export const ringReadOp = (pid: Pid, index = 0, ring = RING): Op => ({ kind: "ring-read", pid, ring, index });
export const ringWriteOp = (pid: Pid, value: number, index = 0, ring = RING): Op => ({ kind: "ring-write", pid, ring, index, value });
export const unregisterOp = (pid: Pid, ring = RING): Op => ({ kind: "iouring-unregister", pid, ring });

export interface PinOptions {
  readonly write?: boolean;
  readonly longterm?: boolean;
  readonly get?: boolean;
  readonly id?: number;
}

export const pinOp = (pid: Pid, vpn: Vpn, o: PinOptions = {}): Op => ({
  kind: "pin", pid, vpn, write: o.write ?? false, longterm: o.longterm ?? true, get: o.get ?? false, pin: asPinId(o.id ?? 1),
});
export const pinReadOp = (pid: Pid, id = 1): Op => ({ kind: "pin-read", pid, pin: asPinId(id) });
export const pinWriteOp = (pid: Pid, value: number, id = 1): Op => ({ kind: "pin-write", pid, pin: asPinId(id), value });
export const unpinOp = (pid: Pid, id = 1): Op => ({ kind: "unpin", pid, pin: asPinId(id) });
export const forceWriteOp = (pid: Pid, vpn: Vpn, value: number): Op => ({ kind: "force-write", pid, vpn, value });
export const ksmScanOp: Op = { kind: "ksm-scan" };
export const migrateOp = (pid: Pid, vpn: Vpn): Op => ({ kind: "migrate", pid, vpn });
export const reclaimOp = (pid: Pid, vpn: Vpn): Op => ({ kind: "reclaim", pid, vpn });

/** The one value an outcome shows, or throws. */
export function valueOf(o: Outcome): number {
  if (o.kind !== "values" || o.values.length !== 1) throw new Error(`expected one value, got ${JSON.stringify(o)}`);
  return o.values[0] as number;
}

/** Runs an op that must complete with `done`. */
export function ok(h: Harness, op: Op): void {
  const o = h.run(op);
  if (o.kind !== "done") throw new Error(`${op.kind}: ${JSON.stringify(o)}`);
}

/** The value a process reads at vpn. */
export const readOne = (h: Harness, pid: Pid, vpn: Vpn): number => h.read(pid, vpn)[0] as number;

export const A = 0x41;
export const B = 0x42;
export const C_ = 0x43;
export const D = 0x44;
