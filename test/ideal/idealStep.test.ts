import { describe, expect, it } from "vitest";
import type { Allowed, Ideal, IdealOp, KernelOutcomeLike } from "../../src/ideal/index.js";
import { cloneIdeal, createIdeal, currentValue, idealStep, logicalPage, mappingAt } from "../../src/ideal/index.js";

const DONE: KernelOutcomeLike = { kind: "done" };
const P = 1;
const C = 2;
const X = { start: 16, pages: 1 };
const A = 65;
const B = 66;
const D = 68;

function run(ideal: Ideal, ops: readonly IdealOp[]): (Allowed | null)[] {
  return ops.map((op) => idealStep(ideal, op, DONE).allowed);
}

const mmap = (pid: number, prot: "rw" | "ro" | "none" = "rw", shared = false, range = X): IdealOp =>
  ({ kind: "mmap", pid, range, prot, shared });
const write = (pid: number, value: number, range = X): IdealOp => ({ kind: "write", pid, range, value });
const read = (pid: number, range = X): IdealOp => ({ kind: "read", pid, range });
const fork = (pid: number, child: number): IdealOp => ({ kind: "fork", pid, child });

/** The values a single-page read of `pid` may show now, or "segv". */
function readNow(ideal: Ideal, pid: number, range = X): number[][] | "segv" {
  const a = idealStep(ideal, read(pid, range), DONE).allowed;
  if (a?.kind !== "read") throw new Error("a read has a read verdict");
  if (a.segvAt !== null) return "segv";
  return a.pages.map((p) => [...p.values]);
}

describe("idealStep", () => {
  it("maps fresh pages holding 0 and reads back what was written", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, A)]);
    expect(readNow(ideal, P)).toEqual([[A]]);
  });

  it("gives the child of fork a copy that later writes on either side do not reach", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, A), fork(P, C), write(P, B)]);
    expect(readNow(ideal, C)).toEqual([[A]]);
    run(ideal, [write(C, D)]);
    expect(readNow(ideal, P)).toEqual([[B]]);
    const pPage = logicalPage(ideal, mappingAt(ideal, P, 16)?.page ?? -1);
    const cPage = logicalPage(ideal, mappingAt(ideal, C, 16)?.page ?? -1);
    expect(cPage.id).not.toBe(pPage.id);
    expect(cPage.family).toBe(pPage.family);
  });

  it("shares the logical page of a shared mapping across fork", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P, "rw", true), write(P, A), fork(P, C), write(C, B)]);
    expect(readNow(ideal, P)).toEqual([[B]]);
  });

  it("leaves a hole in the child for MADV_DONTFORK and a zero page for MADV_WIPEONFORK", () => {
    const ideal = createIdeal([P]);
    const two = { start: 16, pages: 2 };
    run(ideal, [
      mmap(P, "rw", false, two), write(P, A, two),
      { kind: "madvise", pid: P, range: { start: 16, pages: 1 }, advice: "dontfork" },
      { kind: "madvise", pid: P, range: { start: 17, pages: 1 }, advice: "wipeonfork" },
      fork(P, C),
    ]);
    expect(readNow(ideal, C, { start: 16, pages: 1 })).toBe("segv");
    expect(readNow(ideal, C, { start: 17, pages: 1 })).toEqual([[0]]);
    expect(readNow(ideal, P, two)).toEqual([[A], [A]]);
  });

  it("gives a private page a fresh zero page on MADV_DONTNEED but keeps a shared one", () => {
    const ideal = createIdeal([P, C]);
    const Y = { start: 32, pages: 1 };
    run(ideal, [mmap(P), write(P, A), mmap(P, "rw", true, Y), write(P, B, Y)]);
    run(ideal, [{ kind: "madvise", pid: P, range: X, advice: "dontneed" }, { kind: "madvise", pid: P, range: Y, advice: "dontneed" }]);
    expect(readNow(ideal, P)).toEqual([[0]]);
    expect(readNow(ideal, P, Y)).toEqual([[B]]);
  });

  it("faults reads and writes by protection and stores a multi-page write up to the first fault", () => {
    const ideal = createIdeal([P]);
    const three = { start: 16, pages: 3 };
    run(ideal, [mmap(P, "rw", false, three), { kind: "mprotect", pid: P, range: { start: 17, pages: 1 }, prot: "ro" }]);
    expect(run(ideal, [write(P, A, three)])).toEqual([{ kind: "access", segvAt: 17 }]);
    expect(readNow(ideal, P, three)).toEqual([[A], [0], [0]]);
    run(ideal, [{ kind: "mprotect", pid: P, range: three, prot: "none" }]);
    expect(readNow(ideal, P, three)).toBe("segv");
    run(ideal, [{ kind: "munmap", pid: P, range: three }]);
    expect(run(ideal, [write(P, A)])).toEqual([{ kind: "access", segvAt: 16 }]);
  });

  it("stops mprotect at the first unmapped page, as the system call does", () => {
    const ideal = createIdeal([P]);
    const three = { start: 16, pages: 3 };
    run(ideal, [mmap(P, "rw", false, three), { kind: "munmap", pid: P, range: { start: 17, pages: 1 } }]);
    run(ideal, [{ kind: "mprotect", pid: P, range: three, prot: "ro" }]);
    expect([16, 18].map((vpn) => mappingAt(ideal, P, vpn)?.write)).toEqual([false, true]);
    run(ideal, [{ kind: "mprotect", pid: P, range: { start: 17, pages: 2 }, prot: "none" }]);
    expect(mappingAt(ideal, P, 18)?.read).toBe(true);
  });

  it("keeps a FOLL_PIN pin coherent with its page, even after munmap", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, A), { kind: "pin", pid: P, vpn: 16, write: true, longterm: true, get: false, pin: 1 }, write(P, B)]);
    const seen = run(ideal, [{ kind: "pin-read", pid: P, pin: 1 }])[0];
    expect(seen?.kind === "value" ? seen.page.values : null).toEqual([B]);
    run(ideal, [{ kind: "munmap", pid: P, range: X }, { kind: "pin-write", pid: P, pin: 1, value: D }]);
    const after = run(ideal, [{ kind: "pin-read", pid: P, pin: 1 }])[0];
    expect(after?.kind === "value" ? after.page.values : null).toEqual([D]);
  });

  it("lets a FOLL_GET reference show the value at binding or any later value of its page only", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, D), write(P, A), { kind: "vmsplice", pid: P, range: X, pipe: 1 }, write(P, B), fork(P, C), write(C, 0x43)]);
    const pipeRead: IdealOp = { kind: "pipe-read", pid: C, pipe: 1 };
    const seen = idealStep(ideal, pipeRead, { kind: "values", values: [A] }).allowed;
    expect(seen?.kind === "value" ? seen.page.values : null).toEqual([A, B]);
    expect(idealStep(ideal, pipeRead, { kind: "blocked" }).allowed).toBeNull();
  });

  it("binds io_uring buffers as coherent pins and drops them when the last owner exits", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, A), { kind: "iouring-register", pid: P, range: X, ring: 1 }, fork(P, C)]);
    run(ideal, [{ kind: "ring-write", pid: P, ring: 1, index: 0, value: D }]);
    expect(readNow(ideal, P)).toEqual([[D]]);
    expect(readNow(ideal, C)).toEqual([[A]]);
    run(ideal, [{ kind: "exit", pid: P }]);
    expect(ideal.rings.get(1)?.pages).not.toBeNull();
    run(ideal, [{ kind: "exit", pid: C }]);
    expect(ideal.rings.get(1)?.pages).toBeNull();
  });

  it("allows force-write on any private mapping and refuses it on a read-only shared one", () => {
    const ideal = createIdeal([P]);
    const Y = { start: 32, pages: 1 };
    run(ideal, [mmap(P, "ro"), mmap(P, "ro", true, Y)]);
    expect(run(ideal, [{ kind: "force-write", pid: P, vpn: 16, value: B }])).toEqual([{ kind: "result", ok: true }]);
    expect(readNow(ideal, P)).toEqual([[B]]);
    const refused = idealStep(ideal, { kind: "force-write", pid: P, vpn: 32, value: B }, { kind: "error", errno: "EFAULT" });
    expect(refused.allowed).toEqual({ kind: "result", ok: false });
    expect(readNow(ideal, P, Y)).toEqual([[0]]);
    expect(run(ideal, [{ kind: "force-write", pid: P, vpn: 99, value: B }])).toEqual([{ kind: "result", ok: false }]);
  });

  it("requires read access for vmsplice and write access for a write pin or io_uring registration", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P, "ro")]);
    const pin = (write: boolean): IdealOp => ({ kind: "pin", pid: P, vpn: 16, write, longterm: false, get: false, pin: 1 });
    expect(run(ideal, [pin(false)])).toEqual([{ kind: "result", ok: true }]);
    expect(run(ideal, [pin(true)])).toEqual([{ kind: "result", ok: false }]);
    expect(run(ideal, [{ kind: "iouring-register", pid: P, range: X, ring: 1 }])).toEqual([{ kind: "result", ok: false }]);
    run(ideal, [{ kind: "mprotect", pid: P, range: X, prot: "none" }]);
    expect(run(ideal, [{ kind: "vmsplice", pid: P, range: X, pipe: 1 }])).toEqual([{ kind: "result", ok: false }]);
  });

  it("applies nothing and has no opinion when the kernel lacks the call", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, A)]);
    const r = idealStep(ideal, { kind: "madvise", pid: P, range: X, advice: "dontneed" }, { kind: "error", errno: "EINVAL" });
    expect(r.allowed).toBeNull();
    expect(readNow(ideal, P)).toEqual([[A]]);
    const reg = idealStep(ideal, { kind: "iouring-register", pid: P, range: X, ring: 1 }, { kind: "error", errno: "ENOSYS" });
    expect(reg.allowed).toBeNull();
    expect(ideal.rings.size).toBe(0);
  });

  it("changes no value on swap, KSM, migration, LRU, soft-dirty and observation ops", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, A)]);
    const before = cloneIdeal(ideal);
    const results = run(ideal, [
      { kind: "clear-refs", pid: P }, { kind: "ksm-scan" }, { kind: "lru-drain" }, { kind: "migrate", pid: P, vpn: 16 },
      { kind: "reclaim", pid: P, vpn: 16 }, { kind: "pagemap", pid: P, vpn: 16 }, { kind: "frame", pid: P, vpn: 16 },
      { kind: "madvise", pid: P, range: X, advice: "pageout" },
    ]);
    expect(results.every((r) => r === null)).toBe(true);
    expect({ ...ideal, clock: 0 }).toEqual({ ...before, clock: 0 });
    expect(currentValue(logicalPage(ideal, mappingAt(ideal, P, 16)?.page ?? -1))).toBe(A);
  });

  it("leaves the original untouched when a clone is stepped", () => {
    const ideal = createIdeal([P]);
    run(ideal, [mmap(P), write(P, A)]);
    const copy = cloneIdeal(ideal);
    run(copy, [write(P, B), fork(P, C)]);
    expect(readNow(ideal, P)).toEqual([[A]]);
    expect(ideal.processes.has(C)).toBe(false);
  });
});
