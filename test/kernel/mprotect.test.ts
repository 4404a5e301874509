import { describe, expect, it } from "vitest";
import {
  BUF, C, P, clearRefsOp, drain, exitOp, fakePin, forkOp, harness, mmapOp, mprotectOp, pfnOf, readOp, writeOp,
} from "./harness.js";
import type { Harness } from "./harness.js";

const A = 65;

/** P writes A into one page, then mprotect RO and back RW. */
function roRw(version: string, prepare: (h: Harness) => void = () => {}): Harness {
  const h = harness(version);
  h.run(mmapOp(P, BUF, 1));
  h.run(writeOp(P, BUF, A));
  prepare(h);
  h.run(mprotectOp(P, BUF, 1, "ro"));
  h.run(mprotectOp(P, BUF, 1, "rw"));
  return h;
}

describe("mprotect", () => {
  it("write-protects every PTE of the range on PROT_READ", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 2));
    h.run(writeOp(P, BUF, A, 2));
    h.run(mprotectOp(P, BUF, 2, "ro"));
    expect([h.present(P, BUF).write, h.present(P, BUF + 1).write]).toEqual([false, false]);
    expect(h.run(writeOp(P, BUF, A))).toEqual({ kind: "segv", vpn: BUF });
  });

  it("leaves PTEs read-only on PROT_WRITE before 6.0", () => {
    for (const v of ["4.9", "5.10", "5.19"]) expect(roRw(v).present(P, BUF).write).toBe(false);
  });

  it("sets the write bit again on a dirty exclusive anon PTE from 6.0 (64fe24a3e05e)", () => {
    for (const v of ["6.0", "6.1", "6.2", "6.18"]) {
      const h = roRw(v);
      expect(h.present(P, BUF).write).toBe(true);
      expect(h.events.find((e) => e.kind === "upgrade")?.decision?.knob).toBe("mprotectUpgrade");
    }
  });

  it("upgrades a clean exclusive PTE only from 6.2", () => {
    const clean = (h: Harness): void => {
      h.present(P, BUF).dirty = false;
    };
    expect(roRw("6.1", clean).present(P, BUF).write).toBe(false);
    expect(roRw("6.2", clean).present(P, BUF).write).toBe(true);
  });

  it("does not upgrade while soft-dirty tracking wants a write fault", () => {
    const h = roRw("6.18", (x) => x.run(clearRefsOp(P)));
    expect(h.present(P, BUF).write).toBe(false);
    h.run(writeOp(P, BUF, 66));
    expect(h.pagemap(P, BUF).softDirty).toBe(true);
  });

  it("never makes a page shared with a child writable (S24)", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(forkOp(P, C));
    h.run(mprotectOp(P, BUF, 1, "ro"));
    h.run(mprotectOp(P, BUF, 1, "rw"));
    expect(h.present(P, BUF).write).toBe(false);
    h.run(writeOp(P, BUF, 66));
    expect(h.read(C, BUF)).toEqual([A]);
  });

  it("takes one write fault and reuses after the child exits (S24 variant)", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(forkOp(P, C));
    h.run(exitOp(C));
    drain(h);
    h.run(mprotectOp(P, BUF, 1, "ro"));
    h.run(mprotectOp(P, BUF, 1, "rw"));
    const pfn = pfnOf(h, P, BUF);
    h.run(writeOp(P, BUF, 66));
    expect(h.events.filter((e) => e.kind === "fault")).toHaveLength(1);
    expect(pfnOf(h, P, BUF)).toBe(pfn);
  });

  it("upgrades a pinned exclusive page without a fault in 6.2, so the pin stays coherent (S12)", () => {
    const h = roRw("6.2", (x) => void fakePin(x, P, BUF));
    const pinned = h.frame(P, BUF);
    h.run(writeOp(P, BUF, 66));
    expect(h.events.some((e) => e.kind === "fault")).toBe(false);
    expect(pinned.value).toBe(66);
  });

  it("changes nothing when the protection does not change", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(mprotectOp(P, BUF, 1, "rw"));
    expect(h.present(P, BUF).write).toBe(true);
  });

  it("splits a VMA for a partial range and merges it back", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 4));
    h.run(mprotectOp(P, BUF + 1, 2, "ro"));
    const vmas = () => h.world.mms.get(P)?.vmas.map((v) => [v.start - BUF, v.end - BUF, v.write]);
    expect(vmas()).toEqual([[0, 1, true], [1, 3, false], [3, 4, true]]);
    h.run(mprotectOp(P, BUF + 1, 2, "rw"));
    expect(vmas()).toEqual([[0, 4, true]]);
  });

  it("fails with ENOMEM over a hole, keeping the change before it", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(mmapOp(P, BUF + 2, 1));
    expect(h.run(mprotectOp(P, BUF, 3, "ro"))).toMatchObject({ kind: "error", errno: "ENOMEM" });
    expect(h.world.mms.get(P)?.vmas.map((v) => v.write)).toEqual([false, true]);
    expect(h.run(mprotectOp(P, BUF - 1, 2, "none"))).toMatchObject({ kind: "error", errno: "ENOMEM" });
    expect(h.world.mms.get(P)?.vmas[0]?.read).toBe(true);
  });

  it("makes PROT_NONE inaccessible and PROT_READ|WRITE accessible again", () => {
    const h = harness("6.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, A));
    h.run(mprotectOp(P, BUF, 1, "none"));
    expect(h.run(readOp(P, BUF))).toEqual({ kind: "segv", vpn: BUF });
    h.run(mprotectOp(P, BUF, 1, "rw"));
    expect(h.read(P, BUF)).toEqual([A]);
    expect(h.present(P, BUF).write).toBe(true);
  });

  it("maps a shared mapping's PTEs writable again on PROT_WRITE (vm_page_prot has the write bit)", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "rw", true));
    h.run(writeOp(P, BUF, A));
    h.run(mprotectOp(P, BUF, 1, "ro"));
    expect(h.present(P, BUF).write).toBe(false);
    h.run(mprotectOp(P, BUF, 1, "rw"));
    expect(h.present(P, BUF).write).toBe(true);
  });
});
