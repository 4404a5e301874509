import { describe, expect, it } from "vitest";
import { BUF, C, P, exitOp, forkOp, harness, mmapOp, munmapOp, pfnOf, readOp, writeOp } from "./harness.js";
import type { Op } from "../../src/kernel/ops.js";

describe("mmap", () => {
  it("creates a private VMA with VM_SOFTDIRTY and no anon_vma", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 4, "ro"));
    expect(h.world.mms.get(P)?.vmas).toEqual([
      { start: BUF, end: BUF + 4, read: true, write: false, mayWrite: true, shared: false, dontCopy: false,
        wipeOnFork: false, softDirty: true, mergeable: false, anonVma: false, shmem: null },
    ]);
  });

  it("reports hugetlb and file mappings as unsupported without changing anything", () => {
    const h = harness("5.10");
    const huge: Op = { kind: "mmap", pid: P, range: { start: BUF, pages: 512 }, prot: "rw", shared: false, hugetlb: true, file: null };
    const file: Op = { kind: "mmap", pid: P, range: { start: BUF, pages: 1 }, prot: "rw", shared: false, hugetlb: false, file: "f" };
    expect(h.run(huge)).toEqual({ kind: "unsupported", feature: "hugetlb mappings" });
    expect(h.run(file)).toEqual({ kind: "unsupported", feature: "file mappings" });
    expect(h.world.mms.get(P)?.vmas).toEqual([]);
  });

  it("merges an adjacent new mapping and gives the whole VMA VM_SOFTDIRTY", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, 1));
    h.run({ kind: "clear-refs", pid: P });
    h.run(mmapOp(P, BUF + 1, 1));
    expect(h.world.mms.get(P)?.vmas.map((v) => [v.start, v.end, v.softDirty, v.anonVma])).toEqual([[BUF, BUF + 2, true, true]]);
  });

  it("replaces what was mapped (MAP_FIXED)", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 2));
    h.run(writeOp(P, BUF, 65, 2));
    h.run(mmapOp(P, BUF + 1, 1));
    expect(h.read(P, BUF, 2)).toEqual([65, 0]);
  });

  it("splits VMAs on a partial munmap and frees the unmapped pages", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 3));
    h.run(writeOp(P, BUF, 65, 3));
    const middle = pfnOf(h, P, BUF + 1);
    h.run(munmapOp(P, BUF + 1, 1));
    expect(h.world.mms.get(P)?.vmas.map((v) => [v.start - BUF, v.end - BUF])).toEqual([[0, 1], [2, 3]]);
    expect(h.world.frames.has(middle)).toBe(false);
    expect(h.run(readOp(P, BUF + 1))).toEqual({ kind: "segv", vpn: BUF + 1 });
    expect(h.run(munmapOp(P, BUF + 10, 1))).toEqual({ kind: "done" });
  });

  it("drains the LRU batch on munmap and exit only until 6.13", () => {
    for (const [v, drains] of [["5.10", true], ["6.13", true], ["6.14", false]] as const) {
      const h = harness(v);
      h.run(mmapOp(P, BUF, 2));
      h.run(writeOp(P, BUF, 65, 2));
      h.run(munmapOp(P, BUF, 1));
      expect(h.world.lruBatch.length).toBe(drains ? 0 : 2);
    }
  });

  it("tears the whole mm down on exit, freeing pages nothing else holds", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 2));
    h.run(writeOp(P, BUF, 65, 2));
    h.run(forkOp(P, C));
    h.run(exitOp(P));
    expect(h.world.mms.has(P)).toBe(false);
    expect(h.read(C, BUF, 2)).toEqual([65, 65]);
    expect(h.frame(C, BUF).mapcount).toBe(1);
    expect(h.run(readOp(P, BUF))).toMatchObject({ kind: "error", errno: "ENOENT" });
    h.run(exitOp(C));
    expect([...h.world.frames.keys()]).toEqual([h.world.zeroPfn]);
  });

  it("keeps a shmem object while any process maps it and frees it with the last mapping", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "rw", true));
    h.run(writeOp(P, BUF, 65));
    h.run(forkOp(P, C));
    h.run(munmapOp(P, BUF));
    expect(h.world.shmem.size).toBe(1);
    expect(h.read(C, BUF)).toEqual([65]);
    h.run(exitOp(C));
    expect(h.world.shmem.size).toBe(0);
    expect([...h.world.frames.keys()]).toEqual([h.world.zeroPfn]);
  });
});
