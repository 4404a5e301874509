// Model vs real kernel: COW write faults per second (fork, then the child writes every one
// of 65,536 pages), fork cost per page, bytes of memory per modelled page, and the GC pauses
// inside the timed writes. The real kernel's numbers come from bench/native/cowFaults.c,
// compiled and run in the same run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { asPid } from "../src/kernel/ids.js";
import { createWorld } from "../src/kernel/world.js";
import { step } from "../src/kernel/step.js";
import { policyFor } from "../src/history/index.js";

export const name = "model";

const PAGES = 65_536;
const ROUNDS = 5;

interface Sample {
  forkSeconds: number;
  writeSeconds: number;
}

/** A model sample also keeps when its timed write ran, on the performance timeline (ms). */
interface ModelSample extends Sample {
  heapBytes: number;
  writeFrom: number;
  writeTo: number;
}

/**
 * A small world held for the whole bench, as any long-running user of the model holds one. V8
 * keeps the hidden classes of objects built a few times per run (World, Mm, Vma, the page and
 * frame tables) only while one is reachable: the full GCs between rounds, with no world alive,
 * would free them and with them every optimised function that checks them, so each round would
 * measure code being compiled again rather than the model.
 */
let held: ReturnType<typeof createWorld> | null = null;

function holdSmallWorld(): void {
  const policy = policyFor({ major: 6, minor: 18 });
  const p = asPid(1);
  const range = { start: 0x10000, pages: 2 };
  const world = createWorld([p]);
  step(world, { kind: "mmap", pid: p, range, prot: "rw", shared: false, hugetlb: false, file: null }, policy);
  step(world, { kind: "write", pid: p, range, value: 65 }, policy);
  step(world, { kind: "fork", pid: p, child: asPid(2) }, policy);
  held = world;
}

/** One model run: map, populate, fork, then the child writes every page (each a COW fault). */
function modelOnce(version: { major: number; minor: number }, perPage: boolean, events = true): ModelSample {
  const policy = policyFor(version);
  const p = asPid(1);
  const c = asPid(2);
  const range = { start: 0x10000, pages: PAGES };
  collectGarbage();
  const heap0 = process.memoryUsage().heapUsed;
  const world = createWorld([p]);
  step(world, { kind: "mmap", pid: p, range, prot: "rw", shared: false, hugetlb: false, file: null }, policy);
  step(world, { kind: "write", pid: p, range, value: 65 }, policy);
  step(world, { kind: "lru-drain" }, policy);
  const t0 = performance.now();
  step(world, { kind: "fork", pid: p, child: c }, policy);
  const t1 = performance.now();
  if (perPage) {
    // 65,536 lines `c: write buf[i] B`: each step's events die young, as in the checker.
    for (let i = 0; i < PAGES; i++) {
      step(world, { kind: "write", pid: c, range: { start: range.start + i, pages: 1 }, value: 66 }, policy, { events });
    }
  } else {
    // One line `c: write buf B`: one step whose events (4 per page) all live until it returns.
    step(world, { kind: "write", pid: c, range, value: 66 }, policy, { events });
  }
  const t2 = performance.now();
  collectGarbage();
  // Measured while `world` is still reachable: the two processes' PTEs and frames.
  const heapBytes = process.memoryUsage().heapUsed - heap0;
  if (world.mms.size !== 2) throw new Error("bench: fork did not create the child");
  return { forkSeconds: (t1 - t0) / 1000, writeSeconds: (t2 - t1) / 1000, heapBytes, writeFrom: t1, writeTo: t2 };
}

/** Full GC when node runs with --expose-gc (npm run bench does), so heap deltas mean something. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

function kernelOnce(binary: string): Sample {
  const out = execFileSync(binary, [String(PAGES)], { encoding: "utf8" });
  return JSON.parse(out) as Sample;
}

function compileKernelBench(): { binary: string; dir: string } | null {
  const dir = mkdtempSync(join(tmpdir(), "cowlab-bench-"));
  const src = fileURLToPath(new URL("../../bench/native/cowFaults.c", import.meta.url));
  try {
    execFileSync("gcc", ["-O2", "-Wall", "-Werror", "-o", join(dir, "cowFaults"), src], { stdio: "pipe" });
    return { binary: join(dir, "cowFaults"), dir };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const best = (xs: number[]): number => Math.min(...xs);

/** The sample with the shortest timed write. */
const fastest = (xs: readonly ModelSample[]): ModelSample => xs.reduce((a, b) => (b.writeSeconds < a.writeSeconds ? b : a));

/**
 * GC pauses of the main thread as the performance timeline records them, so that the report can
 * say how much of a timed write was spent collecting rather than modelling. Reporting only: the
 * timings above are the same with or without it.
 */
class GcLog {
  private readonly spans: { start: number; end: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => this.add(list.getEntries()));

  constructor() {
    this.observer.observe({ entryTypes: ["gc"] });
  }

  private add(entries: readonly { startTime: number; duration: number }[]): void {
    for (const e of entries) this.spans.push({ start: e.startTime, end: e.startTime + e.duration });
  }

  /** Milliseconds of GC pause inside the sample's timed write (entries arrive a turn late: wait for them). */
  async within(s: ModelSample): Promise<number> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.add(this.observer.takeRecords());
    let ms = 0;
    for (const g of this.spans) ms += Math.max(0, Math.min(g.end, s.writeTo) - Math.max(g.start, s.writeFrom));
    return ms;
  }

  stop(): void {
    this.observer.disconnect();
  }
}

export async function run(print: (line: string) => void): Promise<void> {
  const gcLog = new GcLog();
  holdSmallWorld();
  try {
    for (const v of [{ major: 5, minor: 4 }, { major: 6, minor: 18 }]) await runVersion(print, gcLog, v);
  } finally {
    gcLog.stop();
    held = null;
  }
}

/** One kernel version: ROUNDS of each way of writing, the best of each printed (and compared on 6.18). */
async function runVersion(print: (line: string) => void, gcLog: GcLog, v: { major: number; minor: number }): Promise<void> {
  const whole = Array.from({ length: ROUNDS }, () => modelOnce(v, false));
  const paged = Array.from({ length: ROUNDS }, () => modelOnce(v, true));
  const quiet = Array.from({ length: ROUNDS }, () => modelOnce(v, false, false));
  const write = best(whole.map((s) => s.writeSeconds));
  const writePaged = best(paged.map((s) => s.writeSeconds));
  const writeQuiet = best(quiet.map((s) => s.writeSeconds));
  const fork = best(whole.map((s) => s.forkSeconds));
  const heap = best(whole.map((s) => s.heapBytes));
  print(`model ${v.major}.${v.minor}: COW faults/s ${fmt(PAGES / write)} as one write op with events (run/), ${fmt(PAGES / writePaged)} as ${PAGES} one-page ops, ${fmt(PAGES / writeQuiet)} as one op without events (checker)`);
  print(`  fork ${fmt((fork / PAGES) * 1e9)} ns/page; ${fmt(heap / (2 * PAGES))} bytes per mapped page (heap after GC, 2 processes x ${PAGES} pages)`);
  const gc = [await gcShare(gcLog, whole), await gcShare(gcLog, paged), await gcShare(gcLog, quiet)];
  print(`  GC pauses inside the timed writes, fastest run: ${gc[0]} traced, ${gc[1]} one-page ops, ${gc[2]} without events`);
  if (v.minor === 18) compare(print, { traced: write, paged: writePaged, quiet: writeQuiet }, fork);
}

/** GC pause time within the fastest sample's timed write and within all of them, beside the time of those writes. */
async function gcShare(gcLog: GcLog, xs: readonly ModelSample[]): Promise<string> {
  const ms = (s: ModelSample): number => s.writeSeconds * 1000;
  const s = fastest(xs);
  let gcAll = 0;
  for (const x of xs) gcAll += await gcLog.within(x);
  const all = xs.reduce((sum, x) => sum + ms(x), 0);
  return `${(await gcLog.within(s)).toFixed(1)} of ${ms(s).toFixed(1)} ms (all ${xs.length}: ${gcAll.toFixed(1)} of ${all.toFixed(1)} ms)`;
}

function compare(print: (line: string) => void, model: { traced: number; paged: number; quiet: number }, modelFork: number): void {
  const built = compileKernelBench();
  if (built === null) {
    print("kernel: skipped (gcc not available)");
    return;
  }
  try {
    const samples = Array.from({ length: ROUNDS }, () => kernelOnce(built.binary));
    const kWrite = best(samples.map((s) => s.writeSeconds));
    const kFork = best(samples.map((s) => s.forkSeconds));
    print(`kernel (this host): ${fmt(PAGES / kWrite)} COW faults/s, fork ${fmt((kFork / PAGES) * 1e9)} ns/page`);
    const r = (m: number): string => `${(kWrite / m).toFixed(2)}x`;
    print(`ratio model/kernel (target >= 5x): COW faults ${r(model.traced)} traced, ${r(model.paged)} one-page ops, ${r(model.quiet)} without events; fork ${(kFork / modelFork).toFixed(2)}x`);
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
}
