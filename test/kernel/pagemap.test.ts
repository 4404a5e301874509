import { describe, expect, it } from "vitest";
import { BUF, C, P, forkOp, frameOp, harness, mmapOp, readOp, writeOp } from "./harness.js";

describe("pagemap", () => {
  it("reports a written private page present, exclusive and soft-dirty", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, 65));
    expect(h.pagemap(P, BUF)).toEqual({ present: true, swapped: false, exclusive: true, softDirty: true });
  });

  it("reports a page shared with a child as not exclusive (PM_MMAP_EXCLUSIVE is mapcount == 1)", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, 65));
    h.run(forkOp(P, C));
    expect(h.pagemap(P, BUF).exclusive).toBe(false);
    h.run(writeOp(C, BUF, 66));
    expect(h.pagemap(P, BUF).exclusive).toBe(true);
  });

  it("never reports the zero page exclusive", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(readOp(P, BUF));
    expect(h.pagemap(P, BUF)).toMatchObject({ present: true, exclusive: false });
  });

  it("reports VM_SOFTDIRTY for an untouched page of a new VMA and nothing outside VMAs", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    expect(h.pagemap(P, BUF)).toEqual({ present: false, swapped: false, exclusive: false, softDirty: true });
    expect(h.pagemap(P, BUF + 1)).toEqual({ present: false, swapped: false, exclusive: false, softDirty: false });
  });

  it("observes the frame of a page: its pfn, the zero page's, or none", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 2));
    expect(h.run(frameOp(P, BUF))).toEqual({ kind: "frame", pfn: null });
    h.run(readOp(P, BUF));
    expect(h.run(frameOp(P, BUF))).toEqual({ kind: "frame", pfn: h.world.zeroPfn });
    h.run(writeOp(P, BUF + 1, 1));
    expect(h.run(frameOp(P, BUF + 1))).toEqual({ kind: "frame", pfn: h.present(P, BUF + 1).pfn });
  });
});
