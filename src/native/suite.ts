// A native session: one work directory, one interpreter, one host setup put back at the end,
// and scenarios run one after another (never in parallel: every scenario runs on CPU 0 and
// parallel runs would share its LRU batches). It adds up verdicts and where the time went.
import type { KernelVersion } from "../kernel/policy.js";
import type { Program } from "../scenario/program.js";
import { createWorkDir, killRunning, removeWorkDir } from "./exec.js";
import type { HostInfo } from "./host.js";
import type { EngineMode, NativeResult, Timing } from "./nativeRun.js";
import { Interpreter, runNative } from "./nativeRun.js";
import { withHostSetup } from "./setup.js";

/** How a session runs scenarios. */
export interface SuiteOptions {
  readonly host: HostInfo;
  readonly version: KernelVersion;
  readonly mode: EngineMode;
  readonly keepC: boolean;
  readonly timeoutMs: number;
  readonly command: (file: string) => string;
}

/** What a session counted, and where its time went. */
export interface SuiteTotals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly timing: Timing;
  readonly seconds: number;
  /** Where C files were kept, or null when the work directory was removed. */
  readonly keptDir: string | null;
  /** Settings that could not be put back (each a sentence). */
  readonly restoreFailures: readonly string[];
}

/** Runs scenarios natively; `count` adds a result to the totals, `run` alone does not (shrinking). */
export interface NativeSession {
  run(program: Program, name: string): Promise<NativeResult>;
  count(result: NativeResult): void;
}

/** Sum of timings. */
export function addTiming(a: Timing, b: Timing): Timing {
  return { model: a.model + b.model, compile: a.compile + b.compile, run: a.run + b.run };
}

/** Opens a session, runs body in it, puts the host back, and returns the totals of what body counted. */
export async function withNativeSession(options: SuiteOptions, body: (session: NativeSession) => Promise<void>): Promise<SuiteTotals> {
  const workDir = createWorkDir();
  const start = performance.now();
  let timing: Timing = { model: 0, compile: 0, run: 0 };
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const interpreter = new Interpreter(workDir);
  try {
    const { restoreFailures } = await withHostSetup(options.host, async (setup) => {
      const ctx = { ...options, setup, workDir };
      await body({
        run: async (program, name) => {
          const r = await runNative(program, name, ctx, interpreter);
          timing = addTiming(timing, r.timing);
          return r;
        },
        count: (r) => {
          const v = r.verdict.kind;
          if (v === "agree") counts.passed++;
          else if (v === "skip") counts.skipped++;
          else counts.failed++;
        },
      });
    }, () => {
      killRunning();
      if (!options.keepC) removeWorkDir(workDir);
    });
    const seconds = (performance.now() - start) / 1000;
    return { ...counts, timing, seconds, keptDir: options.keepC ? workDir : null, restoreFailures };
  } finally {
    if (!options.keepC) removeWorkDir(workDir);
  }
}
