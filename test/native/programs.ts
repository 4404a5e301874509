// Hand-built Programs for the native tests, so emitC and the runner can be tested without
// the scenario parser: a tiny builder plus the scenarios the tests use.
import { asPid, asPipeId, asRingId, type Pid } from "../../src/kernel/ids.js";
import type { Op } from "../../src/kernel/ops.js";
import type { Expectation, Program, ProgramStep } from "../../src/scenario/program.js";

type OpOf<K extends Op["kind"]> = Extract<Op, { kind: K }>;

/** Builds a Program line by line; pids are given by process name. */
export class ProgramBuilder {
  private readonly steps: ProgramStep[] = [];
  private readonly processes: { pid: Pid; name: string; initial: boolean }[] = [];
  private readonly regions: { name: string; start: number; pages: number }[] = [];
  private nextVpn = 0;
  private line = 3;

  constructor(private readonly title: string, private readonly pipes: string[] = [], private readonly rings: string[] = []) {}

  pid(name: string): Pid {
    const found = this.processes.find((p) => p.name === name);
    if (found !== undefined) return found.pid;
    const pid = asPid(this.processes.length + 1);
    this.processes.push({ pid, name, initial: true });
    return pid;
  }

  region(name: string, pages: number): { start: number; pages: number } {
    const found = this.regions.find((r) => r.name === name);
    if (found !== undefined) return found;
    const r = { name, start: this.nextVpn, pages };
    this.nextVpn += pages;
    this.regions.push(r);
    return r;
  }

  /** Adds a line; `text` is what the .cow line says. */
  add(text: string, op: Op, expect: Expectation | null = null, frameAs: string | null = null): this {
    this.line += 1;
    this.steps.push({ line: this.line, text, op, expect, frameAs });
    return this;
  }

  mmap(proc: string, name: string, pages: number, prot: "rw" | "ro" | "none" = "rw", shared = false): this {
    const r = this.region(name, pages);
    const op: OpOf<"mmap"> = { kind: "mmap", pid: this.pid(proc), range: r, prot, shared, hugetlb: false, file: null };
    return this.add(`${proc}: mmap ${name} ${pages} ${prot}${shared ? " shared" : ""}`, op);
  }

  write(proc: string, name: string, page: number, value: number): this {
    const r = this.region(name, 0);
    return this.add(`${proc}: write ${name}[${page}] ${fmt(value)}`, { kind: "write", pid: this.pid(proc), range: { start: r.start + page, pages: 1 }, value });
  }

  read(proc: string, name: string, page: number, expect: number | null = null): this {
    const r = this.region(name, 0);
    const e = expect === null ? null : value(expect);
    return this.add(`${proc}: read ${name}[${page}]`, { kind: "read", pid: this.pid(proc), range: { start: r.start + page, pages: 1 } }, e);
  }

  fork(proc: string, child: string): this {
    const parent = this.pid(proc);
    const pid = asPid(this.processes.length + 1);
    this.processes.push({ pid, name: child, initial: false });
    return this.add(`${proc}: fork ${child}`, { kind: "fork", pid: parent, child: pid });
  }

  exit(proc: string): this {
    return this.add(`${proc}: exit`, { kind: "exit", pid: this.pid(proc) });
  }

  munmap(proc: string, name: string): this {
    const r = this.region(name, 0);
    return this.add(`${proc}: munmap ${name}`, { kind: "munmap", pid: this.pid(proc), range: r });
  }

  vmsplice(proc: string, name: string, page: number, pipe: string): this {
    const r = this.region(name, 0);
    const op: OpOf<"vmsplice"> = { kind: "vmsplice", pid: this.pid(proc), range: { start: r.start + page, pages: 1 }, pipe: asPipeId(this.pipes.indexOf(pipe)) };
    return this.add(`${proc}: vmsplice ${name}[${page}] ${pipe}`, op);
  }

  readPipe(proc: string, pipe: string, expect: number | null = null): this {
    const e = expect === null ? null : value(expect);
    return this.add(`${proc}: read ${pipe}`, { kind: "pipe-read", pid: this.pid(proc), pipe: asPipeId(this.pipes.indexOf(pipe)) }, e);
  }

  register(proc: string, name: string, ring: string): this {
    const r = this.region(name, 0);
    const op: OpOf<"iouring-register"> = { kind: "iouring-register", pid: this.pid(proc), range: r, ring: asRingId(this.rings.indexOf(ring)) };
    return this.add(`${proc}: iouring-register ${name} ${ring}`, op);
  }

  ringRead(proc: string, ring: string, index: number): this {
    return this.add(`${proc}: read ${ring}[${index}]`, { kind: "ring-read", pid: this.pid(proc), ring: asRingId(this.rings.indexOf(ring)), index });
  }

  frame(proc: string, name: string, page: number, as: string | null = null): this {
    const r = this.region(name, 0);
    const text = `${proc}: frame ${name}[${page}]${as === null ? "" : ` as ${as}`}`;
    return this.add(text, { kind: "frame", pid: this.pid(proc), vpn: r.start + page }, null, as);
  }

  pagemap(proc: string, name: string, page: number): this {
    const r = this.region(name, 0);
    return this.add(`${proc}: pagemap ${name}[${page}]`, { kind: "pagemap", pid: this.pid(proc), vpn: r.start + page });
  }

  build(file = "test.cow"): Program {
    return {
      file, title: this.title, kernels: null, tags: [],
      processes: this.processes, regions: this.regions,
      pipes: this.pipes, rings: this.rings, pins: [], steps: this.steps,
    };
  }
}

function fmt(v: number): string {
  return v >= 65 && v <= 90 ? String.fromCharCode(v) : String(v);
}

function value(v: number): Expectation {
  return { base: { kind: "value", value: v }, overrides: [] };
}

export const A = 65;
export const B = 66;

/** S4 of linux-cow-eras.md, cow.c "vmsplice() + unmap in child" (CVE-2020-29374). */
export function cve202029374(): Program {
  return new ProgramBuilder("vmsplice + unmap in child must not leak the parent's later writes", ["pipe1"])
    .mmap("p", "buf", 1)
    .write("p", "buf", 0, A)
    .fork("p", "c")
    .vmsplice("c", "buf", 0, "pipe1")
    .munmap("c", "buf")
    .write("p", "buf", 0, B)
    .readPipe("c", "pipe1", A)
    .build("cve-2020-29374.cow");
}

/** Basic COW after fork with frame and pagemap observations in both processes. */
export function basicCow(): Program {
  return new ProgramBuilder("basic COW after fork")
    .mmap("p", "buf", 2)
    .write("p", "buf", 0, A)
    .frame("p", "buf", 0, "f")
    .fork("p", "c")
    .frame("c", "buf", 0)
    .pagemap("c", "buf", 0)
    .write("p", "buf", 0, B)
    .frame("p", "buf", 0)
    .read("c", "buf", 0, A)
    .read("p", "buf", 0, B)
    .read("p", "buf", 1, 0)
    .exit("c")
    .pagemap("p", "buf", 0)
    .build("basic-cow.cow");
}

/** io_uring fixed buffer, then fork: the pinned page is copied for the child at fork (S13). */
export function iouringFork(): Program {
  return new ProgramBuilder("fork with an io_uring fixed buffer", [], ["ring"])
    .mmap("p", "buf", 1)
    .write("p", "buf", 0, A)
    .register("p", "buf", "ring")
    .frame("p", "buf", 0, "f")
    .fork("p", "c")
    .frame("c", "buf", 0)
    .write("p", "buf", 0, B)
    .frame("p", "buf", 0)
    .ringRead("p", "ring", 0)
    .read("c", "buf", 0, A)
    .exit("p")
    .ringRead("c", "ring", 0)
    .build("iouring-fork.cow");
}
