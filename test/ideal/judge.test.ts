import { describe, expect, it } from "vitest";
import type { Allowed, Ideal, IdealOp, KernelOutcomeLike, Mismatch } from "../../src/ideal/index.js";
import { createIdeal, idealStep, judgeOutcome } from "../../src/ideal/index.js";

const DONE: KernelOutcomeLike = { kind: "done" };
const P = 1;
const C = 2;
const X = { start: 16, pages: 1 };
const [A, B, D] = [65, 66, 68];

const values = (...vs: number[]): KernelOutcomeLike => ({ kind: "values", values: vs });

function setup(ops: readonly IdealOp[]): Ideal {
  const ideal = createIdeal([P]);
  for (const op of ops) idealStep(ideal, op, DONE);
  return ideal;
}

/** Steps `op` with the kernel's `outcome` and judges it. */
function judge(ideal: Ideal, op: IdealOp, outcome: KernelOutcomeLike): Mismatch | null {
  const allowed: Allowed | null = idealStep(ideal, op, outcome).allowed;
  if (allowed === null) throw new Error("the op has an ideal verdict");
  return judgeOutcome(ideal, allowed, outcome, op.kind === "force-write");
}

const mmap = (prot: "rw" | "ro" = "rw", range = X): IdealOp => ({ kind: "mmap", pid: P, range, prot, shared: false });
const write = (pid: number, value: number): IdealOp => ({ kind: "write", pid, range: X, value });
const read = (pid: number, range = X): IdealOp => ({ kind: "read", pid, range });

describe("judgeOutcome", () => {
  it("allows what the ideal allows", () => {
    const ideal = setup([mmap(), write(P, A)]);
    expect(judge(ideal, read(P), values(A))).toBeNull();
  });

  it("calls a stale value through a FOLL_PIN pin a wrong-cow", () => {
    const ideal = setup([mmap(), write(P, A), { kind: "pin", pid: P, vpn: 16, write: false, longterm: false, get: false, pin: 1 }, write(P, B)]);
    const m = judge(ideal, { kind: "pin-read", pid: P, pin: 1 }, values(A));
    expect(m?.class).toBe("wrong-cow");
    expect(m?.permitted).toEqual({ kind: "values", values: [B] });
  });

  it("holds a short-term R/O pin of a never-written private page to FOLL_GET semantics only", () => {
    const pin = (longterm: boolean, n: number): IdealOp => ({ kind: "pin", pid: P, vpn: 16, write: false, longterm, get: false, pin: n });
    const ideal = setup([mmap(), pin(false, 1), pin(true, 2), write(P, B)]);
    expect(judge(ideal, { kind: "pin-read", pid: P, pin: 1 }, values(0))).toBeNull();
    expect(judge(ideal, { kind: "pin-read", pid: P, pin: 2 }, values(0))?.class).toBe("wrong-cow");
    const written = setup([mmap(), write(P, A), pin(false, 1), write(P, B)]);
    expect(judge(written, { kind: "pin-read", pid: P, pin: 1 }, values(A))?.class).toBe("wrong-cow");
  });

  it("calls a process read of a ring-bound page that misses the device's write a wrong-cow", () => {
    const ideal = setup([mmap(), write(P, A), { kind: "iouring-register", pid: P, range: X, ring: 1 },
      { kind: "ring-write", pid: P, ring: 1, index: 0, value: D }]);
    expect(judge(ideal, read(P), values(A))?.class).toBe("wrong-cow");
  });

  it("calls a sibling's write seen through a pipe buffer a missed-cow", () => {
    // S4: the child's pipe buffer shows the parent's store made after fork.
    const ideal = setup([mmap(), write(P, A), { kind: "fork", pid: P, child: C },
      { kind: "vmsplice", pid: C, range: X, pipe: 1 }, { kind: "munmap", pid: C, range: X }, write(P, B)]);
    const m = judge(ideal, { kind: "pipe-read", pid: C, pipe: 1 }, values(B));
    expect(m).toMatchObject({ class: "missed-cow", vpn: null, shown: { kind: "value", value: B } });
  });

  it("calls an older value of the same page a lost-write", () => {
    const ideal = setup([mmap(), write(P, A), { kind: "pin", pid: P, vpn: 16, write: true, longterm: false, get: true, pin: 1 },
      { kind: "fork", pid: P, child: C }, write(P, B), { kind: "pin-write", pid: P, pin: 1, value: D }]);
    expect(judge(ideal, read(P), values(B))?.class).toBe("lost-write");
    expect(judge(ideal, read(C), values(D))?.class).toBe("missed-cow");
  });

  it("calls a value no related page ever held a corruption", () => {
    const ideal = setup([mmap(), write(P, A), { kind: "fork", pid: P, child: C }]);
    expect(judge(ideal, read(C), values(0))?.class).toBe("corruption");
    expect(judge(ideal, read(P), values(0x5a))?.class).toBe("corruption");
  });

  it("calls a fault where the ideal has access, or access where it faults, a bad-fault", () => {
    const two = { start: 16, pages: 2 };
    const ideal = setup([mmap("rw", two), { kind: "mprotect", pid: P, range: { start: 17, pages: 1 }, prot: "ro" }]);
    expect(judge(ideal, read(P, two), { kind: "segv", vpn: 17 })).toMatchObject({ class: "bad-fault", vpn: 17, shown: { kind: "segv" } });
    expect(judge(ideal, { kind: "write", pid: P, range: two, value: A }, DONE))
      .toMatchObject({ class: "bad-fault", vpn: 17, shown: { kind: "access" }, permitted: { kind: "segv" } });
    expect(judge(ideal, { kind: "write", pid: P, range: two, value: A }, { kind: "segv", vpn: 17 })).toBeNull();
    expect(judge(ideal, { kind: "write", pid: P, range: two, value: A }, { kind: "segv", vpn: 16 })?.class).toBe("bad-fault");
  });

  it("reports a refused force-write as a bad-fault and an unexpected success as corruption", () => {
    const ideal = setup([mmap("ro"), { kind: "mmap", pid: P, range: { start: 32, pages: 1 }, prot: "ro", shared: true }]);
    const refused: KernelOutcomeLike = { kind: "error", errno: "EFAULT" };
    expect(judge(ideal, { kind: "force-write", pid: P, vpn: 16, value: B }, refused)?.class).toBe("bad-fault");
    expect(judge(ideal, { kind: "force-write", pid: P, vpn: 32, value: B }, DONE)?.class).toBe("corruption");
    expect(judge(ideal, { kind: "force-write", pid: P, vpn: 32, value: B }, refused)).toBeNull();
  });

  it("calls a GUP that succeeds where it must fail a bad-fault", () => {
    const ideal = setup([mmap("ro")]);
    expect(judge(ideal, { kind: "pin", pid: P, vpn: 16, write: true, longterm: false, get: false, pin: 1 }, DONE)?.class).toBe("bad-fault");
  });

  it("has nothing to say about an outcome that stopped the run", () => {
    const ideal = setup([mmap(), write(P, A)]);
    expect(judge(ideal, read(P), { kind: "blocked" })).toBeNull();
  });
});
