// One scenario on the host: decide whether it can run here, make the host setup it needs,
// run the model at the chosen version, run the scenario as C (one compiled program, or the
// shared interpreter fed bytecode), and compare. Times each part.
import { violationText } from "../kernel/invariants.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KernelVersion } from "../kernel/policy.js";
import { policyFor } from "../history/index.js";
import type { Trace } from "../run/index.js";
import { runProgram } from "../run/index.js";
import type { Program } from "../scenario/program.js";
import { emitBytecode } from "./bytecode.js";
import { C_INTERPRETER } from "./cInterpreter.js";
import type { Mismatch } from "./compare.js";
import { compareRun } from "./compare.js";
import { emitC } from "./emitC.js";
import { compileC, runProgramBinary } from "./exec.js";
import type { HostInfo } from "./host.js";
import type { ParsedRun } from "./observation.js";
import { parseRunOutput } from "./observation.js";
import type { HostSetup } from "./setup.js";
import { needsOf, skipReason } from "./skip.js";

/** How scenarios become programs: one gcc run each, or one interpreter for all. */
export type EngineMode = "compile" | "interpret";

/** What runNative needs besides the program: the host, the model's version, the setup and the engine. */
export interface NativeContext {
  readonly host: HostInfo;
  /** The version the model runs at (the host's, or --kernel). */
  readonly version: KernelVersion;
  readonly setup: HostSetup;
  readonly mode: EngineMode;
  /** Where C files and binaries go. */
  readonly workDir: string;
  /** Write each scenario's C file to workDir even in interpret mode. */
  readonly keepC: boolean;
  readonly timeoutMs: number;
  /** The cowlab command quoted in each C file's header. */
  readonly command: (file: string) => string;
}

/** One scenario's result: the kernel agrees with the model, disagrees, cannot run here, or could not be judged. */
export type Verdict =
  | { readonly kind: "agree" }
  | { readonly kind: "disagree"; readonly mismatches: readonly Mismatch[] }
  | { readonly kind: "skip"; readonly reason: string }
  /** Could not be judged: the C did not build or the harness failed. Counts as failed. */
  | { readonly kind: "error"; readonly message: string };

/** Seconds spent per part of one scenario. */
export interface Timing {
  readonly model: number;
  readonly compile: number;
  readonly run: number;
}

/** A verdict with its timing. */
export interface NativeResult {
  readonly verdict: Verdict;
  readonly timing: Timing;
  /** The scenario's C file, when one was written. */
  readonly cFile: string | null;
}

const NO_TIME: Timing = { model: 0, compile: 0, run: 0 };

/** Compiles the interpreter once per run; null after a failure (its message is kept). */
export class Interpreter {
  private binary: Promise<{ path: string | null; message: string; seconds: number }> | null = null;

  constructor(private readonly workDir: string) {}

  /** The interpreter's path, compiling it on first use; the compile time is charged once. */
  async get(): Promise<{ path: string | null; message: string; seconds: number }> {
    if (this.binary === null) {
      this.binary = compileC(C_INTERPRETER, this.workDir, "cowlab-interpreter").then((r) =>
        r.ok ? { path: r.binary, message: "", seconds: r.seconds } : { path: null, message: r.message, seconds: r.seconds });
      return this.binary;
    }
    const b = await this.binary;
    return { ...b, seconds: 0 };
  }
}

/** Runs one scenario natively and judges it against the model. */
export async function runNative(program: Program, name: string, ctx: NativeContext, interpreter: Interpreter): Promise<NativeResult> {
  const reason = skipReason(program, ctx.host, ctx.version) ?? setupReason(program, ctx.setup);
  if (reason !== null) return { verdict: { kind: "skip", reason }, timing: NO_TIME, cFile: null };
  const t0 = performance.now();
  const trace = runProgram(program, policyFor(ctx.version));
  const model = (performance.now() - t0) / 1000;
  const modelSkip = modelSkipReason(trace);
  if (modelSkip !== null) return { verdict: { kind: "skip", reason: modelSkip }, timing: { ...NO_TIME, model }, cFile: null };
  const broken = modelError(trace);
  if (broken !== null) return { verdict: { kind: "error", message: broken }, timing: { ...NO_TIME, model }, cFile: null };
  const cFile = ctx.keepC || ctx.mode === "compile" ? writeC(program, name, ctx) : null;
  const native = ctx.mode === "compile" ? await runCompiled(program, name, ctx) : await runInterpreted(program, ctx, interpreter);
  const timing = { model, compile: native.compile, run: native.run };
  if (native.kind === "error") return { verdict: { kind: "error", message: native.message }, timing, cFile };
  if (native.parsed.skip !== null) return { verdict: { kind: "skip", reason: native.parsed.skip }, timing, cFile };
  const mismatches = compareRun(program, trace, native.parsed, { softDirty: ctx.host.softDirty === true });
  const verdict: Verdict = mismatches.length === 0 ? { kind: "agree" } : { kind: "disagree", mismatches };
  return { verdict, timing, cFile };
}

/** Makes the swap device or KSM setting the program needs; the reason when it cannot. */
function setupReason(program: Program, setup: HostSetup): string | null {
  const needs = needsOf(program);
  return (needs.swap ? setup.ensureSwap() : null) ?? (needs.ksm ? setup.ensureKsm() : null);
}

function modelSkipReason(trace: Trace): string | null {
  if (trace.stopped?.kind === "unsupported") return `line ${trace.stopped.line}: the model does not have ${trace.stopped.feature}`;
  return null;
}

/** A broken invariant is a model bug: the run cannot be judged. */
function modelError(trace: Trace): string | null {
  const s = trace.stopped;
  return s?.kind === "invariant" ? `the model broke an invariant at line ${s.line}: ${violationText(s)}` : null;
}

function writeC(program: Program, name: string, ctx: NativeContext): string | null {
  const r = emitC(program, { command: ctx.command(program.file) });
  if (!r.ok) return null;
  const path = join(ctx.workDir, `${name}.c`);
  writeFileSync(path, r.c);
  return path;
}

type NativeOutcome =
  | { readonly kind: "ran"; readonly parsed: ParsedRun; readonly compile: number; readonly run: number }
  | { readonly kind: "error"; readonly message: string; readonly compile: number; readonly run: number };

async function runCompiled(program: Program, name: string, ctx: NativeContext): Promise<NativeOutcome> {
  const r = emitC(program, { command: ctx.command(program.file) });
  // Cannot happen: skipReason already planned every line.
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  const compiled = await compileC(r.c, ctx.workDir, name);
  if (!compiled.ok) return { kind: "error", message: `gcc: ${compiled.message}`, compile: compiled.seconds, run: 0 };
  return execute(compiled.binary, "", compiled.seconds, ctx);
}

async function runInterpreted(program: Program, ctx: NativeContext, interpreter: Interpreter): Promise<NativeOutcome> {
  const bin = await interpreter.get();
  if (bin.path === null) return { kind: "error", message: `gcc (interpreter): ${bin.message}`, compile: bin.seconds, run: 0 };
  const bc = emitBytecode(program);
  // Cannot happen: skipReason already planned every line.
  if (!bc.ok) throw new Error(`line ${bc.line}: ${bc.reason}`);
  return execute(bin.path, bc.text, bin.seconds, ctx);
}

async function execute(binary: string, stdin: string, compile: number, ctx: NativeContext): Promise<NativeOutcome> {
  const r = await runProgramBinary(binary, stdin, ctx.timeoutMs);
  const parsed = parseRunOutput(r.stdout);
  if (r.timedOut) return { kind: "error", message: `the program did not finish in ${ctx.timeoutMs / 1000} s`, compile, run: r.seconds };
  if (r.code !== 0 || parsed.garbled.length > 0 || (!parsed.ended && parsed.skip === null)) {
    const why = r.stderr.trim().split("\n")[0] ?? "";
    const garbled = parsed.garbled[0] === undefined ? "" : ` (unreadable output: ${parsed.garbled[0]})`;
    return { kind: "error", message: `the program failed (exit ${r.code ?? r.signal ?? "?"})${why === "" ? "" : `: ${why}`}${garbled}`, compile, run: r.seconds };
  }
  return { kind: "ran", parsed, compile, run: r.seconds };
}
