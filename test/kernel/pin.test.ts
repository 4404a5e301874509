import { describe, expect, it } from "vitest";
import { GUP_PIN_COUNTING_BIAS } from "../../src/kernel/frame.js";
import { BUF, C, exitOp, forkOp, harness, mmapOp, munmapOp, P, writeOp } from "./harness.js";
import { A, B, D, ok, pinOp, pinReadOp, pinWriteOp, readOne, unpinOp, valueOf } from "./gupHarness.js";

/** S9 (childAlive) and S10: P writes A, forks, (C exits), P takes a R/O long-term pin, P writes B. */
function roPinAfterFork(version: string, childAlive: boolean): { device: number; child: number | null } {
  const h = harness(version);
  ok(h, mmapOp(P, BUF, 1));
  ok(h, writeOp(P, BUF, A));
  ok(h, forkOp(P, C));
  if (!childAlive) ok(h, exitOp(C));
  ok(h, pinOp(P, BUF));
  ok(h, writeOp(P, BUF, B));
  return { device: valueOf(h.run(pinReadOp(P))), child: childAlive ? readOne(h, C, BUF) : null };
}

describe("pin", () => {
  describe("S9: R/O pin on a COW-shared page", () => {
    it.each(["4.19", "5.6", "5.7"])("leaves the device on the stale page on %s", (v) => {
      expect(roPinAfterFork(v, true)).toEqual({ device: A, child: A });
    });
    it("breaks COW at pin time on 5.8, so the device follows the parent", () => {
      expect(roPinAfterFork("5.8", true)).toEqual({ device: B, child: A });
    });
    it.each(["5.9", "5.17", "5.18"])("copies away from the pin on the parent's write on %s (wrong COW)", (v) => {
      expect(roPinAfterFork(v, true)).toEqual({ device: A, child: A });
    });
    it.each(["5.19", "6.1", "6.18"])("unshares at pin time on %s, so the device follows the parent", (v) => {
      expect(roPinAfterFork(v, true)).toEqual({ device: B, child: A });
    });
  });

  describe("S10: R/O pin on a previously shared page", () => {
    it.each(["4.19", "5.7", "5.8"])("stays coherent on %s (mapcount reuse)", (v) => {
      expect(roPinAfterFork(v, false).device).toBe(B);
    });
    it.each(["5.9", "5.10", "5.18"])("loses the device's view on %s: the pin's own reference forces a copy", (v) => {
      expect(roPinAfterFork(v, false).device).toBe(A);
    });
    it.each(["5.19", "6.5", "6.18"])("marks the page exclusive without copying on %s", (v) => {
      expect(roPinAfterFork(v, false).device).toBe(B);
    });
  });

  describe("S17: R/O long-term pin of never-written memory", () => {
    function zeroPin(version: string, longterm = true): { device: number; pinnedZero: boolean } {
      const h = harness(version);
      ok(h, mmapOp(P, BUF, 1));
      ok(h, pinOp(P, BUF, { longterm }));
      const pinnedZero = h.world.pins.get(1 as never)?.pfn === h.world.zeroPfn;
      ok(h, writeOp(P, BUF, B));
      return { device: valueOf(h.run(pinReadOp(P))), pinnedZero };
    }
    it.each(["4.19", "5.10", "5.19", "6.1"])("pins the zero page on %s and the device keeps reading 0", (v) => {
      expect(zeroPin(v)).toEqual({ device: 0, pinnedZero: true });
    });
    it("breaks COW at pin time on 5.8", () => {
      expect(zeroPin("5.8")).toEqual({ device: B, pinnedZero: false });
    });
    it.each(["6.2", "6.5", "6.18"])("unshares the zero page into an anon page at pin time on %s", (v) => {
      expect(zeroPin(v)).toEqual({ device: B, pinnedZero: false });
    });
    it("still pins the zero page for a short-term R/O pin on 6.2", () => {
      expect(zeroPin("6.2", false)).toEqual({ device: 0, pinnedZero: true });
    });
  });

  it.each([
    ["4.19", 1, 0],
    ["5.6", 1, 1],
    ["5.7", GUP_PIN_COUNTING_BIAS, 1],
    ["6.18", GUP_PIN_COUNTING_BIAS, 1],
  ] as const)("accounts a pin on %s as +%i refcount and pincount %i", (v, refs, pins) => {
    const h = harness(v);
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    const before = h.frame(P, BUF).refcount;
    ok(h, pinOp(P, BUF, { write: true }));
    expect(h.frame(P, BUF).refcount - before).toBe(refs);
    expect(h.frame(P, BUF).pincount).toBe(pins);
    ok(h, unpinOp(P));
    expect(h.frame(P, BUF).refcount).toBe(before);
    expect(h.frame(P, BUF).pincount).toBe(0);
  });

  it("sets has_pinned for FOLL_PIN but not for a `get` reference", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 2));
    ok(h, pinOp(P, BUF, { get: true }));
    expect(h.world.mms.get(P)?.hasPinned).toBe(false);
    ok(h, pinOp(P, BUF + 1, { id: 2 }));
    expect(h.world.mms.get(P)?.hasPinned).toBe(true);
  });

  it("lets the device write through a R/W pin and the process see it", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, pinOp(P, BUF, { write: true }));
    ok(h, pinWriteOp(P, D));
    expect(readOne(h, P, BUF)).toBe(D);
  });

  it("refuses a device write through a R/O pin", () => {
    const h = harness("6.1");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, pinOp(P, BUF));
    expect(h.run(pinWriteOp(P, D))).toMatchObject({ kind: "error", errno: "EFAULT" });
    expect(h.world.frames.get(h.world.zeroPfn)?.value).toBe(0);
  });

  it("keeps a pinned page alive and coherent for the device after munmap (S25 shape)", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, pinOp(P, BUF, { write: true }));
    ok(h, munmapOp(P, BUF));
    ok(h, pinWriteOp(P, D));
    expect(valueOf(h.run(pinReadOp(P)))).toBe(D);
  });

  it("drops a process's pins when it exits", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, writeOp(P, BUF, A));
    ok(h, pinOp(P, BUF, { write: true }));
    ok(h, exitOp(P));
    expect(h.world.pins.size).toBe(0);
    expect(h.world.frames.size).toBe(1);
  });

  it("rejects a second pin under the same name and an unknown pin", () => {
    const h = harness("5.10");
    ok(h, mmapOp(P, BUF, 1));
    ok(h, pinOp(P, BUF));
    expect(h.run(pinOp(P, BUF)).kind).toBe("error");
    expect(h.run(unpinOp(P, 9)).kind).toBe("error");
    expect(h.run(pinReadOp(P, 9)).kind).toBe("error");
  });
});
