import { describe, expect, it } from "vitest";
import { BUF, C, clearRefsOp, exitOp, forkOp, G, harness, mmapOp, P, writeOp } from "./harness.js";
import { A, B, D, ok, readOne, registerOp, ringReadOp, ringWriteOp, unregisterOp, valueOf } from "./gupHarness.js";

/** S13: P registers a fixed buffer, forks, writes B; the device reads, then writes D. */
function s13(version: string): { device: number; parent: number; child: number } {
  const h = harness(version);
  ok(h, mmapOp(P, BUF, 1));
  ok(h, writeOp(P, BUF, A));
  ok(h, registerOp(P, BUF));
  ok(h, forkOp(P, C));
  ok(h, writeOp(P, BUF, B));
  const device = valueOf(h.run(ringReadOp(P)));
  ok(h, ringWriteOp(P, D));
  return { device, parent: readOne(h, P, BUF), child: readOne(h, C, BUF) };
}

describe("iouring", () => {
  it.each(["5.1", "5.5", "5.6", "5.8"])("lets the child talk to the device after fork on %s", (v) => {
    expect(s13(v)).toEqual({ device: A, parent: B, child: D });
  });

  it.each(["5.9", "5.10", "5.19", "6.18"])("copies the registered page for the child at fork on %s", (v) => {
    expect(s13(v)).toEqual({ device: B, parent: D, child: A });
  });

  it.each(["4.19", "5.0"])("does not exist on %s (ENOSYS)", (v) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1));
    expect(h.run(registerOp(P, BUF))).toMatchObject({ kind: "error", errno: "ENOSYS" });
  });

  it("holds FOLL_GET references on 5.1..5.5 and FOLL_PIN pins from 5.6", () => {
    for (const [v, foll] of [["5.5", "get"], ["5.6", "pin"]] as const) {
      const h = harness(v);
      ok(h, mmapOp(P, BUF, 1));
      ok(h, registerOp(P, BUF));
      expect(h.world.rings.get(1 as never)?.foll).toBe(foll);
    }
  });

  it("write-faults the buffer: the PTE is writable and dirty, the page exclusive from 5.19", () => {
    const h = harness("5.19");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, registerOp(P, BUF));
    expect(h.present(P, BUF)).toMatchObject({ write: true, dirty: true });
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
  });

  describe("S16: soft-dirty of a pinned page after clear_refs", () => {
    function softDirty(version: string): boolean {
      const h = harness(version);
      ok(h, mmapOp(P, BUF, 1));
      ok(h, registerOp(P, BUF));
      ok(h, clearRefsOp(P));
      return h.pagemap(P, BUF).softDirty;
    }
    it.each(["5.6", "5.10"])("is cleared on %s", (v) => expect(softDirty(v)).toBe(false));
    it.each(["5.11", "5.19", "6.18"])("stays set on %s (pte_is_pinned skips the PTE)", (v) => expect(softDirty(v)).toBe(true));
  });

  it("refuses a second registration on the same ring with EBUSY", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 2));
    ok(h, registerOp(P, BUF));
    expect(h.run(registerOp(P, BUF + 1))).toMatchObject({ kind: "error", errno: "EBUSY" });
  });

  it("undoes a registration that meets a hole and fails with EFAULT", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    const o = h.run(registerOp(P, BUF, 2));
    expect(o).toMatchObject({ kind: "error", errno: "EFAULT" });
    expect(h.frame(P, BUF).pincount).toBe(0);
  });

  it("drops every page at unregister, after which the ring has no buffer", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, registerOp(P, BUF));
    ok(h, unregisterOp(P));
    expect(h.frame(P, BUF).pincount).toBe(0);
    expect(h.run(ringReadOp(P))).toMatchObject({ kind: "error", errno: "EFAULT" });
    expect(h.run(unregisterOp(P)).kind).toBe("error");
  });

  it("is shared with children forked after registration and unregistered by the last owner's exit", () => {
    const h = harness("6.1", [P, G]);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, registerOp(P, BUF));
    ok(h, forkOp(P, C));
    expect(h.run(ringReadOp(G)).kind).toBe("error");
    ok(h, exitOp(P));
    expect(valueOf(h.run(ringReadOp(C)))).toBe(A);
    ok(h, exitOp(C));
    expect(h.world.rings.get(1 as never)?.pfns).toBeNull();
    expect(h.world.frames.size).toBe(1);
  });

  it("rejects an index past the registered pages", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, registerOp(P, BUF));
    expect(h.run(ringReadOp(P, 1))).toMatchObject({ kind: "error", errno: "EFAULT" });
  });
});
