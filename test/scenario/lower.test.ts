import { describe, expect, it } from "vitest";
import { placeRegions } from "../../src/scenario/layout.js";
import { loadScenario } from "../../src/scenario/load.js";
import { lowerScenario } from "../../src/scenario/lower.js";
import type { Program } from "../../src/scenario/program.js";
import { expectedOn } from "../../src/scenario/program.js";
import { parseClean } from "./helpers.js";

function load(text: string): Program {
  const r = loadScenario(text, "t.cow");
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.program;
}

const opsOf = (text: string): unknown[] => load(text).steps.map((s) => s.op);

describe("lowerScenario", () => {
  it("places regions 2 MiB-aligned with a 2 MiB gap, from vpn 0x10000", () => {
    expect(placeRegions([1, 512, 513, 3])).toEqual([0x10000, 0x10400, 0x10800, 0x10e00]);
    const p = load("p: mmap a 1 rw\np: mmap b 600 ro\np: mmap c 2 rw");
    expect(p.regions).toEqual([
      { name: "a", start: 0x10000, pages: 1 },
      { name: "b", start: 0x10400, pages: 600 },
      { name: "c", start: 0x10a00, pages: 2 },
    ]);
  });

  it("numbers processes by first appearance and marks those no fork creates as initial", () => {
    const p = load("q: mmap a 1 rw\np: mmap b 1 rw\np: fork c\nkernel: migrate c b[0]\nz: exit");
    expect(p.processes).toEqual([
      { pid: 0, name: "q", initial: true },
      { pid: 1, name: "p", initial: true },
      { pid: 2, name: "c", initial: false },
      { pid: 3, name: "z", initial: true },
    ]);
  });

  it("gives pipes, rings and pins ids in definition order", () => {
    const p = load("p: mmap a 4 rw\np: pin a[0] rw x\np: vmsplice a[1] v\np: iouring-register a r\np: pin a[2] ro y\np: vmsplice a[3] w\np: vmsplice a v\np: read w\np: read v\np: read y\np: read r[3]");
    expect([p.pipes, p.rings, p.pins]).toEqual([["v", "w"], ["r"], ["x", "y"]]);
    expect(p.steps.slice(-4).map((s) => s.op)).toEqual([
      { kind: "pipe-read", pid: 0, pipe: 1 },
      { kind: "pipe-read", pid: 0, pipe: 0 },
      { kind: "pin-read", pid: 0, pin: 1 },
      { kind: "ring-read", pid: 0, ring: 0, index: 3 },
    ]);
  });

  it("lowers every memory verb to its op with page ranges", () => {
    const A = 0x10000;
    expect(opsOf("p: mmap a 4 rw shared file=f\np: munmap a[1..3]\np: mprotect a[2] ro\np: madvise a dontfork\np: write a 0x41\np: read a\np: fork c\nc: exit\np: force-write a[3] B\np: clear-refs")).toEqual([
      { kind: "mmap", pid: 0, range: { start: A, pages: 4 }, prot: "rw", shared: true, hugetlb: false, file: "f" },
      { kind: "munmap", pid: 0, range: { start: A + 1, pages: 2 } },
      { kind: "mprotect", pid: 0, range: { start: A + 2, pages: 1 }, prot: "ro" },
      { kind: "madvise", pid: 0, range: { start: A, pages: 4 }, advice: "dontfork" },
      { kind: "write", pid: 0, range: { start: A, pages: 4 }, value: 65 },
      { kind: "read", pid: 0, range: { start: A, pages: 4 } },
      { kind: "fork", pid: 0, child: 1 },
      { kind: "exit", pid: 1 },
      { kind: "force-write", pid: 0, vpn: A + 3, value: 66 },
      { kind: "clear-refs", pid: 0 },
    ]);
  });

  it("lowers GUP verbs, observations and kernel events", () => {
    const A = 0x10000;
    expect(opsOf("p: mmap a 2 rw\np: vmsplice a[0..2] v\np: iouring-register a[1] r\np: write r[0] C\np: iouring-unregister r\np: pin a[0] rw longterm p0\np: pin a[1] ro get p1\np: write p0 D\np: unpin p0\np: pagemap a[1]\np: frame a[0] as f\nkernel: ksm-scan\nkernel: lru-drain\nkernel: migrate p a[1]\nkernel: reclaim p a[0]").slice(1)).toEqual([
      { kind: "vmsplice", pid: 0, range: { start: A, pages: 2 }, pipe: 0 },
      { kind: "iouring-register", pid: 0, range: { start: A + 1, pages: 1 }, ring: 0 },
      { kind: "ring-write", pid: 0, ring: 0, index: 0, value: 67 },
      { kind: "iouring-unregister", pid: 0, ring: 0 },
      { kind: "pin", pid: 0, vpn: A, write: true, longterm: true, get: false, pin: 0 },
      { kind: "pin", pid: 0, vpn: A + 1, write: false, longterm: false, get: true, pin: 1 },
      { kind: "pin-write", pid: 0, pin: 0, value: 68 },
      { kind: "unpin", pid: 0, pin: 0 },
      { kind: "pagemap", pid: 0, vpn: A + 1 },
      { kind: "frame", pid: 0, vpn: A },
      { kind: "ksm-scan" },
      { kind: "lru-drain" },
      { kind: "migrate", pid: 0, vpn: A + 1 },
      { kind: "reclaim", pid: 0, vpn: A },
    ]);
  });

  it("lowers expectations with overrides that later ranges win", () => {
    const p = load("kernels 5.0..\np: mmap a 1 rw\np: read a expect A, B on ..5.7, C on 5.5");
    const e = p.steps[1]?.expect;
    if (e === null || e === undefined) throw new Error("no expectation");
    expect(e.overrides.map((o) => o.range)).toEqual([{ from: null, to: { major: 5, minor: 7 } }, { from: { major: 5, minor: 5 }, to: { major: 5, minor: 5 } }]);
    expect(expectedOn(e, { major: 5, minor: 4 })).toEqual({ kind: "value", value: 66 });
    expect(expectedOn(e, { major: 5, minor: 5 })).toEqual({ kind: "value", value: 67 });
    expect(expectedOn(e, { major: 6, minor: 1 })).toEqual({ kind: "value", value: 65 });
    expect(p.kernels).toEqual({ from: { major: 5, minor: 0 }, to: null });
  });

  it("lowers flag, frame and keyword outcomes and remembers frame names", () => {
    const p = load("p: mmap a 1 rw\np: frame a[0] as f0\np: pagemap a[0] expect present !exclusive\np: frame a[0] as f1 expect !f0, none on 6.1\np: read a expect segv");
    expect(p.steps.map((s) => [s.frameAs, s.expect])).toEqual([
      [null, null],
      ["f0", null],
      [null, { base: { kind: "flags", flags: [{ flag: "present", negated: false }, { flag: "exclusive", negated: true }] }, overrides: [] }],
      ["f1", { base: { kind: "frame", name: "f0", negated: true }, overrides: [{ outcome: { kind: "none" }, range: { from: { major: 6, minor: 1 }, to: { major: 6, minor: 1 } } }] }],
      [null, { base: { kind: "segv" }, overrides: [] }],
    ]);
  });

  it("keeps headers and each step's line number and text without its comment", () => {
    const p = load('# c\nscenario "T"\ntags a b\n\np:   mmap a 1 rw   # map\n\np: exit');
    expect([p.file, p.title, p.kernels, p.tags]).toEqual(["t.cow", "T", null, ["a", "b"]]);
    expect(p.steps.map((s) => [s.line, s.text])).toEqual([[5, "p:   mmap a 1 rw"], [7, "p: exit"]]);
  });

  it("uses the printed line as the step text when lowering a tree without its source", () => {
    const p = lowerScenario(parseClean("p:mmap a 1 rw  # x\np:read a expect 0x00"), "t.cow");
    expect(p.steps.map((s) => s.text)).toEqual(["p: mmap a 1 rw", "p: read a expect 0x00"]);
  });

  it("throws on a tree with an unresolved name, a caller bug", () => {
    expect(() => lowerScenario(parseClean("p: write nowhere[0] A"), "t.cow")).toThrow(/unresolved/);
  });
});
