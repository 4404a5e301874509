import { describe, expect, it } from "vitest";
import { READ_FAULT, UNSHARE_FAULT, WRITE_FAULT } from "../../src/kernel/faultTypes.js";
import type { FaultRequest } from "../../src/kernel/faultTypes.js";
import { handleMmFault } from "../../src/kernel/fault.js";
import type { Ctx } from "../../src/kernel/context.js";
import type { Mm } from "../../src/kernel/state.js";
import { BUF, P, harness, mmapOp, mprotectOp, readOp, writeOp } from "./harness.js";
import type { Harness } from "./harness.js";

const FORCE_WRITE: FaultRequest = { write: true, unshare: false, force: true };
const FORCE_READ: FaultRequest = { write: false, unshare: false, force: true };

function fault(h: Harness, vpn: number, req: FaultRequest) {
  const ctx: Ctx = { world: h.world, policy: h.policy, events: [] };
  return handleMmFault(ctx, h.world.mms.get(P) as Mm, vpn, req);
}

describe("fault", () => {
  it("raises SIGSEGV outside every VMA", () => {
    const h = harness("5.10");
    expect(fault(h, BUF, READ_FAULT)).toEqual({ kind: "segv" });
    expect(h.run(writeOp(P, BUF, 65))).toEqual({ kind: "segv", vpn: BUF });
  });

  it("maps the shared zero page on a read fault and takes no reference on it", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    expect(h.read(P, BUF)).toEqual([0]);
    const pte = h.present(P, BUF);
    expect(pte.pfn).toBe(h.world.zeroPfn);
    expect(pte.write).toBe(false);
    expect(h.world.frames.get(h.world.zeroPfn)?.refcount).toBe(1);
  });

  it("allocates a dirty, writable, zeroed page on a write fault (do_anonymous_page)", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    expect(fault(h, BUF, WRITE_FAULT)).toEqual({ kind: "ok", brokeCow: false });
    const pte = h.present(P, BUF);
    expect(pte).toMatchObject({ write: true, dirty: true, softDirty: true });
    const f = h.frame(P, BUF);
    expect(f).toMatchObject({ value: 0, mapcount: 1, refcount: 2, inLruBatch: true, anonExclusive: false });
    expect(h.world.mms.get(P)?.vmas[0]?.anonVma).toBe(true);
  });

  it("marks new anon pages exclusive from 5.19", () => {
    const h = harness("5.19");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, 65));
    expect(h.frame(P, BUF).anonExclusive).toBe(true);
  });

  it("denies writes to a read-only VMA and reads of a PROT_NONE VMA", () => {
    const h = harness("6.1");
    h.run(mmapOp(P, BUF, 2, "ro"));
    expect(h.run(readOp(P, BUF, 2))).toEqual({ kind: "values", values: [0, 0] });
    expect(h.run(writeOp(P, BUF, 65))).toEqual({ kind: "segv", vpn: BUF });
    h.run(mprotectOp(P, BUF, 2, "none"));
    expect(h.run(readOp(P, BUF))).toEqual({ kind: "segv", vpn: BUF });
    expect(fault(h, BUF, FORCE_READ).kind).toBe("ok");
  });

  it("stops a multi-page store at the first page that faults with SIGSEGV", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 2));
    expect(h.run(writeOp(P, BUF, 65, 3))).toEqual({ kind: "segv", vpn: BUF + 2 });
    expect(h.read(P, BUF, 2)).toEqual([65, 65]);
  });

  it("lets FOLL_FORCE write a private read-only VMA: the copy is dirty and stays read-only", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "ro"));
    h.run(readOp(P, BUF));
    expect(fault(h, BUF, FORCE_WRITE)).toEqual({ kind: "ok", brokeCow: true });
    const pte = h.present(P, BUF);
    expect(pte.pfn).not.toBe(h.world.zeroPfn);
    expect(pte).toMatchObject({ write: false, dirty: true });
  });

  it("maps a FOLL_FORCE write fault on a none PTE of a read-only VMA clean and read-only", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "ro"));
    expect(fault(h, BUF, FORCE_WRITE)).toEqual({ kind: "ok", brokeCow: false });
    expect(h.present(P, BUF)).toMatchObject({ write: false, dirty: false });
  });

  it("refuses FOLL_FORCE writes to a shared mapping without VM_WRITE", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1, "ro", true));
    expect(fault(h, BUF, FORCE_WRITE)).toEqual({ kind: "segv" });
  });

  it("treats an unshare request as a read fault before 5.19", () => {
    const h = harness("5.18");
    h.run(mmapOp(P, BUF, 1));
    h.run(readOp(P, BUF));
    expect(fault(h, BUF, UNSHARE_FAULT)).toEqual({ kind: "ok", brokeCow: false });
    expect(h.present(P, BUF).pfn).toBe(h.world.zeroPfn);
  });

  it("unshares the zero page only once R/O long-term pins cover non-anon pages (6.2)", () => {
    for (const [version, copies] of [["5.19", false], ["6.1", false], ["6.2", true]] as const) {
      const h = harness(version);
      h.run(mmapOp(P, BUF, 1));
      h.run(readOp(P, BUF));
      expect(fault(h, BUF, UNSHARE_FAULT)).toEqual({ kind: "ok", brokeCow: false });
      const pte = h.present(P, BUF);
      expect(pte.pfn !== h.world.zeroPfn).toBe(copies);
      expect(pte.write).toBe(false);
      if (copies) expect(h.frame(P, BUF)).toMatchObject({ value: 0, anonExclusive: true });
    }
  });

  it("marks a spurious write fault's writable PTE dirty", () => {
    const h = harness("5.10");
    h.run(mmapOp(P, BUF, 1));
    h.run(writeOp(P, BUF, 65));
    const pte = h.present(P, BUF);
    pte.dirty = false;
    expect(fault(h, BUF, WRITE_FAULT)).toEqual({ kind: "ok", brokeCow: false });
    expect(pte.dirty).toBe(true);
  });
});
