// Every test that runs programs on the real kernel lives in this one file, so that they run one
// after another (vitest runs files in parallel; scenarios share CPU 0's LRU batches and the
// host settings). Skipped with the reason when Linux, gcc or root is missing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitC } from "../../src/native/emitC.js";
import { emitBytecode } from "../../src/native/bytecode.js";
import { C_INTERPRETER } from "../../src/native/cInterpreter.js";
import { compileC, createWorkDir, removeWorkDir, runProgramBinary } from "../../src/native/exec.js";
import { detectHost } from "../../src/native/host.js";
import type { KernelObservation } from "../../src/native/observation.js";
import { parseRunOutput } from "../../src/native/observation.js";
import type { NativeResult } from "../../src/native/nativeRun.js";
import { activeSwaps, withHostSetup } from "../../src/native/setup.js";
import { withHostLock } from "../../src/native/hostLock.js";
import type { SuiteOptions } from "../../src/native/suite.js";
import { withNativeSession } from "../../src/native/suite.js";
import { randomCase } from "../../src/native/fuzz.js";
import type { Program } from "../../src/scenario/program.js";
import { loadScenario } from "../../src/scenario/index.js";
import { expandCowPaths } from "../../src/cli/io.js";
import { A, ProgramBuilder, basicCow, cve202029374, iouringFork } from "./programs.js";
import { canRunNative, nativeSkipNote } from "./hostFacts.js";
import { explore, parseVerbs, replayWitness } from "../../src/checker/index.js";
import { parseVersion, policyFor } from "../../src/history/index.js";

const dir = createWorkDir();
afterAll(() => removeWorkDir(dir));

const KSM_RUN = "/sys/kernel/mm/ksm/run";
const readKsmRun = (): string => readFileSync(KSM_RUN, "utf8").trim();

function load(path: string): Program {
  const r = loadScenario(readFileSync(path, "utf8"), path);
  if (!r.ok) throw new Error(`${path} does not load`);
  return r.program;
}

/** The line number of the program's step whose text starts with `text`. */
function lineOf(program: Program, text: string): number {
  const step = program.steps.find((s) => s.text.startsWith(text));
  if (step === undefined) throw new Error(`no line \`${text}\` in ${program.file}`);
  return step.line;
}

/** Compiles a program's C and runs it; its parsed output. */
async function runCompiled(program: Program, name: string) {
  const c = emitC(program, { command: `test ${name}` });
  if (!c.ok) throw new Error(c.reason);
  const bin = await compileC(c.c, dir, name);
  if (!bin.ok) throw new Error(bin.message);
  const r = await runProgramBinary(bin.binary, "", 30_000);
  expect(r.code, r.stderr).toBe(0);
  return parseRunOutput(r.stdout);
}

let interpreter: string | null = null;
async function runInterpreted(program: Program) {
  if (interpreter === null) {
    const bin = await compileC(C_INTERPRETER, dir, "interpreter");
    if (!bin.ok) throw new Error(bin.message);
    interpreter = bin.binary;
  }
  const bc = emitBytecode(program);
  if (!bc.ok) throw new Error(bc.reason);
  const r = await runProgramBinary(interpreter, bc.text, 30_000);
  expect(r.code, r.stderr).toBe(0);
  return parseRunOutput(r.stdout);
}

/** Observations with PFNs renamed by first appearance, so two runs compare. */
function canonical(observations: ReadonlyMap<number, KernelObservation>): string[] {
  const names = new Map<number, number>();
  return [...observations].map(([line, o]) => {
    if (o.kind !== "frame" || o.pfn === null) return `${line} ${JSON.stringify(o)}`;
    if (!names.has(o.pfn)) names.set(o.pfn, names.size);
    return `${line} frame#${names.get(o.pfn)}`;
  });
}

function options(): SuiteOptions {
  const host = detectHost();
  return { host, version: { major: 6, minor: 18 }, mode: "interpret", keepC: false, timeoutMs: 30_000, command: (f) => `test ${f}` };
}

/** Runs programs in one native session; their results and the totals. */
async function session(programs: readonly Program[]): Promise<{ results: NativeResult[]; passed: number; failed: number; skipped: number }> {
  const results: NativeResult[] = [];
  const totals = await withNativeSession(options(), async (s) => {
    for (const [i, p] of programs.entries()) {
      const r = await s.run(p, `t${i}`);
      s.count(r);
      results.push(r);
    }
  });
  return { results, passed: totals.passed, failed: totals.failed, skipped: totals.skipped };
}

/** The programs of every witness `explore --all` finds on version v with these verbs (2 procs, 1 page, depth 6). */
function witnessPrograms(v: string, list: string): Program[] {
  const verbs = parseVerbs(list);
  const version = parseVersion(v);
  if (!verbs.ok || version === null) throw new Error(`${v} ${list}`);
  const policy = policyFor(version);
  const r = explore({ bounds: { procs: 2, pages: 1, pins: 1, depth: 6, values: 2, verbs: verbs.verbs }, policy, all: true });
  return r.witnesses.map((w) => replayWitness(w, policy, 1, "test").program);
}

/** A test body run under the host lock, so no other native run (another vitest, a CLI) overlaps it. */
const locked = (body: () => Promise<void>) => (): Promise<void> => withHostLock(body);

describe.skipIf(!canRunNative)(`native${nativeSkipNote}`, () => {
  it("shows the child reading the old value after vmsplice + munmap (CVE-2020-29374) with the repro C", locked(async () => {
    const out = await runCompiled(cve202029374(), "cve");
    expect(out.ended).toBe(true);
    expect(out.observations.get(10)).toEqual({ kind: "values", values: [A] });
  }));

  it("prints the same observations from the interpreter as from the compiled program", locked(async () => {
    const programs = [cve202029374(), basicCow(), iouringFork(), load("scenarios/vmsplice/unmap-in-parent-after-fork.cow")];
    for (const [i, p] of programs.entries()) {
      const compiled = await runCompiled(p, `same${i}`);
      const interpreted = await runInterpreted(p);
      expect(canonical(interpreted.observations), p.file).toEqual(canonical(compiled.observations));
    }
  }));

  it("agrees with the model on the hand-built scenarios", locked(async () => {
    const r = await session([cve202029374(), basicCow(), iouringFork()]);
    expect(r.results.map((x) => x.verdict)).toEqual([{ kind: "agree" }, { kind: "agree" }, { kind: "agree" }]);
  }));

  it("observes a SIGSEGV per access and a blocked pipe read, and the model agrees", locked(async () => {
    const withPipe = `p: mmap buf 2 rw\np: write buf[0] A\np: mprotect buf[1] none\np: read buf\np: vmsplice buf[0] pipe9\nq: read pipe9\nq: read pipe9\np: read buf[0]\n`;
    const loaded = loadScenario(withPipe, "segv.cow");
    if (!loaded.ok) throw new Error("segv.cow does not load");
    const out = await runInterpreted(loaded.program);
    expect(out.observations.get(4)).toEqual({ kind: "segv", page: "buf[1]" });
    expect(out.observations.get(6)).toEqual({ kind: "values", values: [A] });
    expect(out.observations.get(7)).toEqual({ kind: "blocked" });
    expect(out.observations.has(8)).toBe(false);
    expect((await session([loaded.program])).results[0]?.verdict).toEqual({ kind: "agree" });
  }));

  it("makes a zram swap device for pageout and removes it afterwards", locked(async () => {
    const before = activeSwaps();
    const r = await session([load("scenarios/swap/vmsplice-swap.cow")]);
    expect(r.results[0]?.verdict).toEqual({ kind: "agree" });
    expect(activeSwaps()).toEqual(before);
    if (before.length === 0) expect(readFileSync("/sys/block/zram0/disksize", "utf8").trim()).toBe("0");
  }));

  it("puts the host back when the body throws", locked(async () => {
    const before = readKsmRun();
    const swaps = activeSwaps();
    await expect(withHostSetup(detectHost(), async (setup) => {
      expect(setup.ensureSwap()).toBeNull();
      expect(setup.ensureKsm()).toBeNull();
      expect(activeSwaps().length).toBeGreaterThan(0);
      throw new Error("boom");
    })).rejects.toThrow("boom");
    expect(activeSwaps()).toEqual(swaps);
    expect(readKsmRun()).toBe(before);
  }));

  it("merges identical mergeable pages of two processes on ksm-scan and restores KSM's run", locked(async () => {
    const before = readKsmRun();
    const p = load("scenarios/ksm/write-single-mapping.cow");
    const out = await runInterpreted(p);
    const f1 = out.observations.get(lineOf(p, "p: frame pbuf[0] as k"));
    const f2 = out.observations.get(lineOf(p, "q: frame qbuf[0] expect k"));
    expect(f1?.kind === "frame" && f1.pfn !== null && f2?.kind === "frame" && f1.pfn === f2.pfn).toBe(true);
    expect(readKsmRun()).toBe(before);
    expect((await session([p])).results[0]?.verdict).toEqual({ kind: "agree" });
  }));

  it("agrees with the model on shmem fault-around and shmem pageout", locked(async () => {
    const aroundProgram = load("scenarios/shared/fault-around.cow");
    const around = await runInterpreted(aroundProgram);
    const flags = { kind: "flags", present: true, exclusive: false };
    expect(around.observations.get(lineOf(aroundProgram, "p: pagemap buf[1] expect present"))).toMatchObject(flags);
    expect(around.observations.get(lineOf(aroundProgram, "c1: pagemap buf[1]"))).toMatchObject(flags);
    const files = ["fault-around", "fault-around-window", "pageout", "pageout-held"].map((f) => load(`scenarios/shared/${f}.cow`));
    const r = await session(files);
    expect(r.results.map((x) => x.verdict)).toEqual(files.map(() => ({ kind: "agree" })));
  }));

  it("skips a pin at run time when gup_test is absent", locked(async () => {
    const host = detectHost();
    const b = new ProgramBuilder("pin").mmap("p", "buf", 1);
    b.add("p: pin buf[0] ro longterm pn", { kind: "pin", pid: b.pid("p"), vpn: 0, write: false, longterm: true, get: false, pin: 0 as never });
    const out = await runCompiled(b.build(), "pin");
    if (host.gupTest) expect(out.skip).toBeNull();
    else expect(out.skip).toBe("pin needs /sys/kernel/debug/gup_test (CONFIG_GUP_TEST)");
  }));

  it("drains CPU 0's LRU add batch with MADV_COLD of an untouched page (how kernel: lru-drain runs)", locked(async () => {
    // A fresh page sits in the per-CPU batch (not yet PageLRU, /proc/kpageflags bit 5) until a drain.
    const probe = `#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
static uint64_t entry(const char *file, uint64_t index)
{
	uint64_t e = 0;
	int fd = open(file, O_RDONLY);
	if (fd < 0 || pread(fd, &e, 8, (off_t)(index * 8)) != 8)
		return 0;
	close(fd);
	return e;
}
int main(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof set, &set);
	char *idle = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int before = 0, after = 0;
	for (int i = 0; i < 20; i++) {
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		memset(p, 'A', 4096);
		uint64_t pfn = entry("/proc/self/pagemap", (uintptr_t)p / 4096) & ((1ULL << 55) - 1);
		before += (int)(entry("/proc/kpageflags", pfn) >> 5 & 1);
		madvise(idle, 4096, MADV_COLD);
		after += (int)(entry("/proc/kpageflags", pfn) >> 5 & 1);
		munmap(p, 4096);
	}
	printf("%d %d\\n", before, after);
	return 0;
}
`;
    const bin = await compileC(probe, dir, "lru");
    if (!bin.ok) throw new Error(bin.message);
    const r = await runProgramBinary(bin.binary, "", 10_000);
    const [before, after] = r.stdout.trim().split(" ").map(Number);
    expect(after).toBe(20);
    expect(before).toBeLessThan(10);
  }));

  it("kills a program that outlives its timeout, with its whole process group", locked(async () => {
    const hang = "#include <unistd.h>\nint main(void) { if (fork() == 0) pause(); pause(); return 0; }\n";
    const bin = await compileC(hang, dir, "hang");
    if (!bin.ok) throw new Error(bin.message);
    const r = await runProgramBinary(bin.binary, "", 300);
    expect(r.timedOut).toBe(true);
  }));

  it("agrees with the model on every scenario of the corpus that can run here, and skips the rest with a reason", locked(async () => {
    const { files } = expandCowPaths(["scenarios"]);
    expect(files.length).toBeGreaterThan(50);
    const r = await session(files.map(load));
    const notAgreed = r.results.flatMap((x, i) =>
      x.verdict.kind === "agree" || (x.verdict.kind === "skip" && x.verdict.reason.length > 0)
        ? [] : [`${files[i] ?? i}: ${JSON.stringify(x.verdict)}`]);
    expect(notAgreed).toEqual([]);
    // The vmsplice, io_uring, fork, swap and shmem scenarios need nothing this host lacks.
    expect(r.passed).toBeGreaterThanOrEqual(20);
  }), 120_000);

  it("agrees with the model on the shortest witnesses explore prints for 5.4 and 5.10, run as they are on this kernel", locked(async () => {
    // Each witness is a divergence of an old kernel; here the host's own policy runs beside the
    // real kernel, which must agree with it (the fix is what the newer kernel does).
    const searches: [string, string][] = [["5.4", "write,fork,exit,munmap,vmsplice"], ["5.4", "write,fork,iouring"], ["5.10", "write,mprotect,iouring"]];
    const programs = searches.flatMap(([v, list]) => witnessPrograms(v, list));
    expect(programs.length).toBeGreaterThanOrEqual(3);
    const r = await session(programs);
    const notAgreed = r.results.flatMap((x, i) => (x.verdict.kind === "agree" ? [] : [`#${i}: ${JSON.stringify(x.verdict)}`]));
    expect(notAgreed).toEqual([]);
  }), 120_000);

  it("agrees with the model on 200 random scenarios of seed 1", locked(async () => {
    const programs = Array.from({ length: 200 }, (_, i) => randomCase(1, i, 12).program);
    const r = await session(programs);
    const failures = r.results.flatMap((x, i) => (x.verdict.kind === "agree" ? [] : [`#${i}: ${JSON.stringify(x.verdict)}`]));
    expect(failures).toEqual([]);
  }), 120_000);
});
