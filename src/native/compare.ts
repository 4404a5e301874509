// The model's trace at the host's version against what the real kernel printed, line by
// line: values, SIGSEGV, errors, pagemap flags, and frame identity compared as a relation
// (which observations share a frame), never as raw PFNs.
import type { Outcome, PagemapFlags } from "../kernel/events.js";
import type { FrameView, Naming, Trace, TraceStep } from "../run/index.js";
import { createNaming, describeValue } from "../run/index.js";
import type { Program } from "../scenario/program.js";
import type { KernelObservation, ParsedRun } from "./observation.js";

/** A line where the model and the kernel disagree. */
export interface Mismatch {
  readonly line: number;
  readonly text: string;
  readonly model: string;
  readonly kernel: string;
}

/** What the host can show. */
export interface CompareOptions {
  /** The host reports soft-dirty (CONFIG_MEM_SOFT_DIRTY); else that flag is not compared. */
  readonly softDirty: boolean;
}

/** A frame observation present on both sides. */
interface FrameSeen {
  readonly index: number;
  readonly line: number;
  readonly model: number;
  readonly kernel: number;
}

/** Every line where the kernel's observation differs from the model's outcome. */
export function compareRun(program: Program, trace: Trace, run: ParsedRun, options: CompareOptions): Mismatch[] {
  const naming = createNaming(program);
  const mismatches: Mismatch[] = [];
  const frames: FrameSeen[] = [];
  for (const step of trace.steps) {
    const seen = run.observations.get(step.line);
    const m = seen === undefined ? missing(step, run, naming, options) : compareStep(step, seen, naming, options);
    if (m !== null) mismatches.push(m);
    else if (seen?.kind === "frame" && seen.pfn !== null && step.outcome.kind === "frame" && step.outcome.pfn !== null) {
      const f: FrameSeen = { index: step.index, line: step.line, model: step.outcome.pfn, kernel: seen.pfn };
      const r = compareFrameRelation(f, frames, trace);
      if (r !== null) mismatches.push({ line: step.line, text: step.text, ...r });
      frames.push(f);
    }
  }
  return mismatches;
}

function missing(step: TraceStep, run: ParsedRun, naming: Naming, options: CompareOptions): Mismatch {
  const why = run.ended ? "no observation" : "nothing (the program stopped before this line)";
  return { line: step.line, text: step.text, model: normalizeModel(step.outcome, naming, options), kernel: why };
}

/** Errors agree on the kind (the model names errno classes, not every path's errno); the text shows both. */
function compareStep(step: TraceStep, seen: KernelObservation, naming: Naming, options: CompareOptions): Mismatch | null {
  const model = normalizeModel(step.outcome, naming, options);
  const kernel = normalizeKernel(seen, options);
  if (model === kernel) return null;
  const modelText = step.outcome.kind === "error" ? `error ${step.outcome.errno}` : model;
  const kernelText = seen.kind === "error" ? `error ${seen.errno}` : kernel;
  return { line: step.line, text: step.text, model: modelText, kernel: kernelText };
}

const FLAGS: readonly (readonly [keyof PagemapFlags, string])[] = [
  ["present", "present"], ["swapped", "swapped"], ["exclusive", "exclusive"], ["softDirty", "soft-dirty"],
];

function describeFlagSet(flags: PagemapFlags, options: CompareOptions): string {
  return FLAGS.filter(([k]) => k !== "softDirty" || options.softDirty)
    .map(([k, name]) => (flags[k] ? name : `!${name}`))
    .join(" ");
}

/** The model's outcome in the words normalizeKernel uses, so equal text means agreement. */
function normalizeModel(o: Outcome, naming: Naming, options: CompareOptions): string {
  switch (o.kind) {
    case "done": return "ok";
    case "values": return o.values.map(describeValue).join(", ");
    case "segv": return `segv at ${naming.page(o.vpn)}`;
    case "error": return "error";
    case "pagemap": return describeFlagSet(o.flags, options);
    case "frame": return o.pfn === null ? "no frame (not present)" : "a frame";
    case "blocked": return "blocked";
    case "unsupported": return `unsupported (${o.feature})`;
  }
}

function normalizeKernel(k: KernelObservation, options: CompareOptions): string {
  switch (k.kind) {
    case "ok": return "ok";
    case "values": return k.values.map((v) => (v === null ? "mixed" : describeValue(v))).join(", ");
    case "segv": return `segv at ${k.page}`;
    case "error": return "error";
    case "flags": return describeFlagSet(k, options);
    case "frame": return k.pfn === null ? "no frame (not present)" : "a frame";
    case "blocked": return "blocked";
  }
}

/**
 * Checks a frame observation against every earlier one: the model and the kernel must agree on
 * which share a frame. A kernel PFN equal to an earlier one while the model has a new frame is
 * fine only if the model let the earlier frame go in between (the kernel may reuse a free PFN).
 */
function compareFrameRelation(f: FrameSeen, earlier: readonly FrameSeen[], trace: Trace): { model: string; kernel: string } | null {
  for (const e of earlier) {
    const modelSame = e.model === f.model;
    const kernelSame = e.kernel === f.kernel;
    if (modelSame && !kernelSame) return { model: `the frame of line ${e.line}`, kernel: `a different frame from line ${e.line}` };
    if (!modelSame && kernelSame && !releasedBetween(trace, e.model, e.index, f.index)) {
      return { model: `a different frame from line ${e.line}`, kernel: `the frame of line ${e.line}` };
    }
  }
  return null;
}

/**
 * The model freed the frame, or left it held only by the LRU add batch (which the kernel may
 * drain at any time: other tasks on the CPU fill it), in a step after `after` up to `upTo`.
 * Needs a trace recorded with changes; without them only `free` events count.
 */
function releasedBetween(trace: Trace, pfn: number, after: number, upTo: number): boolean {
  return trace.steps.some((s) => s.index > after && s.index <= upTo && (
    s.events.some((ev) => ev.kind === "free" && ev.pfn === pfn) ||
    s.changes.frames.some((c) => c.key === pfn && (c.after === null || isBatchOnly(c.after)))));
}

function isBatchOnly(f: FrameView): boolean {
  return f.refcount === 1 && f.flags.includes("lru-batch");
}
