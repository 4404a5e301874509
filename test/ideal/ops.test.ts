import { describe, expect, it } from "vitest";
import { asPid, asPinId, asPipeId, asRingId } from "../../src/kernel/ids.js";
import type { Op } from "../../src/kernel/ops.js";
import { OP_KINDS } from "../../src/kernel/ops.js";
import type { IdealOp } from "../../src/ideal/index.js";
import { createIdeal, idealStep } from "../../src/ideal/index.js";

const p = asPid(1);
const c = asPid(2);
const range = { start: 16, pages: 1 };

/** One kernel op of every kind, in OP_KINDS order. */
const KERNEL_OPS: readonly Op[] = [
  { kind: "mmap", pid: p, range: { start: 16, pages: 2 }, prot: "rw", shared: false, hugetlb: false, file: null },
  { kind: "munmap", pid: p, range: { start: 17, pages: 1 } },
  { kind: "mprotect", pid: p, range, prot: "ro" },
  { kind: "madvise", pid: p, range, advice: "dontneed" },
  { kind: "write", pid: p, range, value: 65 },
  { kind: "read", pid: p, range },
  { kind: "fork", pid: p, child: c },
  { kind: "exit", pid: c },
  { kind: "force-write", pid: p, vpn: 16, value: 66 },
  { kind: "clear-refs", pid: p },
  { kind: "vmsplice", pid: p, range, pipe: asPipeId(1) },
  { kind: "pipe-read", pid: p, pipe: asPipeId(1) },
  { kind: "iouring-register", pid: p, range, ring: asRingId(1) },
  { kind: "ring-read", pid: p, ring: asRingId(1), index: 0 },
  { kind: "ring-write", pid: p, ring: asRingId(1), index: 0, value: 67 },
  { kind: "iouring-unregister", pid: p, ring: asRingId(1) },
  { kind: "pin", pid: p, vpn: 16, write: true, longterm: true, get: false, pin: asPinId(1) },
  { kind: "pin-read", pid: p, pin: asPinId(1) },
  { kind: "pin-write", pid: p, pin: asPinId(1), value: 68 },
  { kind: "unpin", pid: p, pin: asPinId(1) },
  { kind: "pagemap", pid: p, vpn: 16 },
  { kind: "frame", pid: p, vpn: 16 },
  { kind: "ksm-scan" },
  { kind: "lru-drain" },
  { kind: "migrate", pid: p, vpn: 16 },
  { kind: "reclaim", pid: p, vpn: 16 },
];

// The type annotation is the check: a kernel Op must be usable wherever the ideal wants one.
const toIdeal = (op: Op): IdealOp => op;

describe("ops", () => {
  it("accepts every kernel op kind", () => {
    expect(KERNEL_OPS.map((o) => o.kind)).toEqual(OP_KINDS);
    const ideal = createIdeal([p]);
    const verdicts = KERNEL_OPS.map((op) => idealStep(ideal, toIdeal(op), { kind: "done" }).allowed?.kind ?? null);
    expect(verdicts).toEqual([
      null, null, null, null, "access", "read", null, null, "result", null, "result", "value", "result", "value",
      null, null, "result", "value", null, null, null, null, null, null, null, null,
    ]);
  });
});
