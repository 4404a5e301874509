import { describe, expect, it } from "vitest";
import { asSwapSlot } from "../../src/kernel/ids.js";
import { BUF, P, clearRefsOp, fakePin, harness, mmapOp, pfnOf, writeOp } from "./harness.js";

const A = 65;

describe("clearRefs", () => {
  it("write-protects present PTEs and clears soft-dirty on PTEs and VMAs", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 2));
    h.run(writeOp(P, BUF, A));
    expect(h.pagemap(P, BUF).softDirty).toBe(true);
    h.run(clearRefsOp(P));
    expect(h.present(P, BUF)).toMatchObject({ write: false, softDirty: false });
    expect(h.world.mms.get(P)?.vmas[0]?.softDirty).toBe(false);
    expect(h.pagemap(P, BUF).softDirty).toBe(false);
    expect(h.pagemap(P, BUF + 1).softDirty).toBe(false);
  });

  it("marks a page soft-dirty again on the next write, which reuses it", () => {
    const h = harness("5.4");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    const pfn = pfnOf(h, P, BUF);
    h.run(clearRefsOp(P));
    h.run(writeOp(P, BUF, 66));
    expect(h.pagemap(P, BUF).softDirty).toBe(true);
    expect(pfnOf(h, P, BUF)).toBe(pfn);
  });

  it("clears the soft-dirty bit of swap PTEs", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    const slot = asSwapSlot(h.world.nextSlot++);
    h.world.swap.set(slot, { count: 1, value: A, cache: null });
    h.world.mms.get(P)?.ptes.set(BUF, { present: false, slot, softDirty: true, uffdWp: false, exclusive: false });
    h.run(clearRefsOp(P));
    expect(h.pte(P, BUF)?.softDirty).toBe(false);
    expect(h.pagemap(P, BUF)).toMatchObject({ swapped: true, softDirty: false });
  });

  it("write-protects a pinned writable PTE up to 5.10 and leaves it alone from 5.11 (9348b73c2e1b, S16)", () => {
    for (const [v, skipped] of [["5.10", false], ["5.11", true], ["6.18", true]] as const) {
      const h = harness(v);
      h.run(mmapOp(P, BUF, 1));
      h.run(writeOp(P, BUF, A));
      fakePin(h, P, BUF);
      h.run(clearRefsOp(P));
      expect(h.events.some((e) => e.kind === "refuse" && e.decision?.knob === "clearRefsSkipsPinned")).toBe(skipped);
      expect(h.present(P, BUF).write).toBe(skipped);
      expect(h.pagemap(P, BUF).softDirty).toBe(skipped);
    }
  });

  it("loses pin coherency after clear_refs in 5.10 but not in 5.11 (S15 with a FOLL_PIN)", () => {
    for (const [v, coherent] of [["5.10", false], ["5.11", true]] as const) {
      const h = harness(v);
      h.run(mmapOp(P, BUF, 1));
      h.run(writeOp(P, BUF, A));
      fakePin(h, P, BUF);
      const pinned = h.frame(P, BUF);
      h.run(clearRefsOp(P));
      h.run(writeOp(P, BUF, 66));
      expect(pinned.value === 66).toBe(coherent);
    }
  });
});
