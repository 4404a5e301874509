import { describe, expect, it } from "vitest";
import { BUF, C, forkOp, harness, mmapOp, munmapOp, P, readOp, writeOp } from "./harness.js";
import { A, B, ok, pipeReadOp, valueOf, vmspliceOp } from "./gupHarness.js";

/** S4 of linux-cow-eras.md: vmsplice() + munmap in the child, then the parent writes. */
function s4(version: string): number {
  const h = harness(version, [P]);
  ok(h, mmapOp(P, BUF, 1));
  ok(h, writeOp(P, BUF, A));
  ok(h, forkOp(P, C));
  ok(h, vmspliceOp(C, BUF));
  ok(h, munmapOp(C, BUF));
  ok(h, writeOp(P, BUF, B));
  return valueOf(h.run(pipeReadOp(C)));
}

describe("pipe", () => {
  it.each(["4.4", "4.19", "5.7"])("leaks the parent's later write into the child's pipe on %s (CVE-2020-29374)", (v) => {
    expect(s4(v)).toBe(B);
  });

  it("copies in the child at vmsplice time on 5.8, so the pipe keeps the child's value", () => {
    expect(s4("5.8")).toBe(A);
  });

  it.each(["5.9", "5.10", "5.18", "5.19", "6.1", "6.18"])("copies on the parent's write on %s, so the pipe keeps the child's value", (v) => {
    expect(s4(v)).toBe(A);
  });

  it("holds one FOLL_GET reference per page, in page order, until each buffer is read", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 2));
    ok(h, writeOp(P, BUF, A));
    ok(h, writeOp(P, BUF + 1, B));
    const rc0 = h.frame(P, BUF).refcount;
    ok(h, vmspliceOp(P, BUF, 2));
    expect(h.frame(P, BUF).refcount).toBe(rc0 + 1);
    expect(h.world.pipes.get(1 as never)?.length).toBe(2);
    expect(valueOf(h.run(pipeReadOp(P)))).toBe(A);
    expect(h.frame(P, BUF).refcount).toBe(rc0);
    expect(valueOf(h.run(pipeReadOp(P)))).toBe(B);
  });

  it("faults an untouched page in as the zero page and never pins it", () => {
    const h = harness("6.5");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, vmspliceOp(P, BUF));
    expect(h.present(P, BUF).pfn).toBe(h.world.zeroPfn);
    expect(valueOf(h.run(pipeReadOp(P)))).toBe(0);
  });

  it("fails with EFAULT when the first page has no VMA", () => {
    const h = harness("5.10");
    expect(h.run(vmspliceOp(P, BUF))).toMatchObject({ kind: "error", errno: "EFAULT" });
  });

  it("returns the pages before a hole and queues only those", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    expect(h.run(vmspliceOp(P, BUF, 2)).kind).toBe("done");
    expect(h.world.pipes.get(1 as never)?.length).toBe(1);
  });

  it("fails with EFAULT on a PROT_NONE mapping (check_vma_flags needs VM_READ)", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1, "none"));
    expect(h.run(vmspliceOp(P, BUF))).toMatchObject({ kind: "error", errno: "EFAULT" });
  });

  it("blocks on a read of an empty pipe", () => {
    const h = harness("5.10");
    expect(h.run(pipeReadOp(P)).kind).toBe("blocked");
  });

  it("keeps a page alive through the pipe after every mapping is gone", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, vmspliceOp(P, BUF));
    ok(h, munmapOp(P, BUF));
    expect(valueOf(h.run(pipeReadOp(P)))).toBe(A);
    expect(h.world.frames.size).toBe(1);
    expect(h.run(readOp(P, BUF)).kind).toBe("segv");
  });
});
