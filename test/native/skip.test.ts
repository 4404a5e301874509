import { describe, expect, it } from "vitest";
import { asPinId } from "../../src/kernel/ids.js";
import { needsOf, skipReason } from "../../src/native/skip.js";
import type { Program } from "../../src/scenario/program.js";
import { A, ProgramBuilder, basicCow, cve202029374, iouringFork } from "./programs.js";
import { HOST_INFO_618 } from "./hostFacts.js";

const V618 = { major: 6, minor: 18 };

function withPin(): Program {
  const b = new ProgramBuilder("pin").mmap("p", "buf", 1).write("p", "buf", 0, A);
  const pid = b.pid("p");
  b.add("p: pin buf[0] ro longterm pn", { kind: "pin", pid, vpn: 0, write: false, longterm: true, get: false, pin: asPinId(0) });
  b.add("p: read pn", { kind: "pin-read", pid, pin: asPinId(0) });
  return b.build();
}

describe("skip", () => {
  it("runs scenarios that need nothing the host lacks", () => {
    for (const p of [cve202029374(), basicCow(), iouringFork()]) expect(skipReason(p, HOST_INFO_618, V618)).toBeNull();
  });

  it("skips a pin without gup_test and runs it with gup_test", () => {
    expect(skipReason(withPin(), HOST_INFO_618, V618)).toBe("pin needs CONFIG_GUP_TEST (/sys/kernel/debug/gup_test)");
    expect(skipReason(withPin(), { ...HOST_INFO_618, gupTest: true }, V618)).toBeNull();
  });

  it("skips clear-refs and soft-dirty expectations without CONFIG_MEM_SOFT_DIRTY", () => {
    const b = new ProgramBuilder("clear").mmap("p", "buf", 1);
    b.add("p: clear-refs", { kind: "clear-refs", pid: b.pid("p") });
    expect(skipReason(b.build(), HOST_INFO_618, V618)).toBe("soft-dirty needs CONFIG_MEM_SOFT_DIRTY");
    const e = new ProgramBuilder("sd").mmap("p", "buf", 1);
    e.add("p: pagemap buf[0] expect soft-dirty", { kind: "pagemap", pid: e.pid("p"), vpn: 0 },
      { base: { kind: "flags", flags: [{ flag: "soft-dirty", negated: false }] }, overrides: [] });
    expect(needsOf(e.build()).softDirty).toBe(true);
    expect(skipReason(e.build(), { ...HOST_INFO_618, softDirty: true }, V618)).toBeNull();
  });

  it("skips frame observations without root, and everything without gcc", () => {
    expect(skipReason(basicCow(), { ...HOST_INFO_618, root: false }, V618)).toBe("frame observations need root (pagemap hides PFNs from other users)");
    expect(skipReason(cve202029374(), { ...HOST_INFO_618, gcc: null }, V618)).toBe("gcc is not installed");
  });

  it("skips a scenario whose kernels exclude the model's version", () => {
    const p = { ...cve202029374(), kernels: { from: null, to: { major: 5, minor: 7 } } };
    expect(skipReason(p, HOST_INFO_618, V618)).toBe("the scenario is for kernels ..5.7; the model runs at 6.18");
  });

  it("names the line a user-space program cannot do", () => {
    const b = new ProgramBuilder("huge");
    b.add("p: mmap huge 512 rw hugetlb", { kind: "mmap", pid: b.pid("p"), range: b.region("huge", 512), prot: "rw", shared: false, hugetlb: true, file: null });
    expect(skipReason(b.build(), HOST_INFO_618, V618)).toBe("line 4: hugetlb mappings are not modelled");
  });

  it("reads swap and KSM needs off the ops", () => {
    const b = new ProgramBuilder("po").mmap("p", "buf", 1);
    b.add("p: madvise buf pageout", { kind: "madvise", pid: b.pid("p"), range: { start: 0, pages: 1 }, advice: "pageout" });
    b.add("kernel: ksm-scan", { kind: "ksm-scan" });
    expect(needsOf(b.build())).toMatchObject({ swap: true, ksm: true, pins: false, frames: false });
  });
});
