// Decides, line by line, which process runs a scenario line and which prelude call does it,
// or why the line cannot run on a real kernel from user space. emitC renders the calls as C,
// bytecode.ts as the interpreter's input.
import type { Op } from "../kernel/ops.js";
import type { Program } from "../scenario/program.js";
import type { Layout, ProcessLayout } from "./layout.js";
import { processOf } from "./layout.js";
import { adviceArg, lineArg, numArg, pageArgs, protArg, rangeArgs, valueArg } from "./callArgs.js";
import type { CCall } from "./callArgs.js";

/** What the controller does around a line (enum turn_kind of the C controller). */
export type TurnKind = "TURN_LINE" | "TURN_FORK" | "TURN_EXIT" | "TURN_KERNEL";

/** How one line runs. */
export interface LinePlan {
  readonly line: number;
  readonly text: string;
  readonly turn: TurnKind;
  /** The process that runs it; null for a kernel: line the controller runs. */
  readonly proc: ProcessLayout | null;
  /** TURN_FORK: the process the fork creates. */
  readonly child: ProcessLayout | null;
  /** The prelude calls that do the line (TURN_KERNEL: one call, a kernel_* function of the controller). */
  readonly calls: readonly CCall[];
  /** A note for the line's comment (what the C does differently from the verb's wording). */
  readonly note: string | null;
}

/** Every line's plan, or the first line that cannot run natively. */
export type PlanResult =
  | { readonly ok: true; readonly lines: readonly LinePlan[]; readonly usesGupTest: boolean }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** Why a line cannot run natively. */
class Unsupported {
  constructor(readonly reason: string) {}
}

/** Mutable facts the planner tracks over the lines: ring holders and the live gup_test pin. */
interface PlanState {
  readonly layout: Layout;
  readonly ringHolders: Map<number, Set<number>>;
  readonly ringRegistered: Set<number>;
  livePin: boolean;
  usesGupTest: boolean;
}

type OpPlan = Omit<LinePlan, "line" | "text">;

/** Plans every line of a program, or names the first that cannot run natively. */
export function planLines(program: Program, layout: Layout): PlanResult {
  const state: PlanState = { layout, ringHolders: new Map(), ringRegistered: new Set(), livePin: false, usesGupTest: false };
  const lines: LinePlan[] = [];
  for (const step of program.steps) {
    try {
      lines.push({ line: step.line, text: step.text, ...planOp(step.op, step.line, state) });
    } catch (e) {
      if (e instanceof Unsupported) return { ok: false, line: step.line, reason: e.reason };
      throw e;
    }
  }
  return { ok: true, lines, usesGupTest: state.usesGupTest };
}

function call(fn: string, ...args: CCall["args"]): CCall {
  return { fn, args };
}

function kernelLine(fn: string, line: number): OpPlan {
  return { turn: "TURN_KERNEL", proc: null, child: null, calls: [call(fn, lineArg(line))], note: null };
}

function planOp(op: Op, line: number, state: PlanState): OpPlan {
  switch (op.kind) {
    case "ksm-scan":
      return kernelLine("kernel_ksm_scan", line);
    case "lru-drain":
      return kernelLine("kernel_lru_drain", line);
    case "migrate":
      throw new Unsupported("kernel: migrate has no native trigger here (move_pages(2) needs a second NUMA node; not implemented)");
    default: {
      const proc = processOf(state.layout, op.pid);
      return planProcessOp(op, line, proc, state);
    }
  }
}

type ProcessOp = Exclude<Op, { kind: "ksm-scan" | "lru-drain" | "migrate" }>;

function planProcessOp(op: ProcessOp, line: number, proc: ProcessLayout, state: PlanState): OpPlan {
  const plain = (calls: CCall[], note: string | null = null): OpPlan => ({ turn: "TURN_LINE", proc, child: null, calls, note });
  switch (op.kind) {
    case "fork": {
      const child = processOf(state.layout, op.child);
      for (const holders of state.ringHolders.values()) if (holders.has(proc.index)) holders.add(child.index);
      const args = [lineArg(line), { c: child.ident, b: String(child.index) }, { c: child.fn, b: null }];
      return { turn: "TURN_FORK", proc, child, calls: [call("op_fork", ...args)], note: null };
    }
    case "exit":
      return { turn: "TURN_EXIT", proc, child: null, calls: [...releaseRings(proc, state), call("op_exit", lineArg(line))], note: null };
    case "reclaim":
      return plain([call("op_madvise", lineArg(line), ...pageArgs(state.layout, op.vpn), numArg(1), adviceArg("pageout"))],
        "reclaim as MADV_PAGEOUT of the page, which pages out only pages mapped once");
    case "pin":
    case "pin-read":
    case "pin-write":
    case "unpin":
      return plain([planPin(op, line, state)]);
    case "iouring-register":
    case "ring-read":
    case "ring-write":
    case "iouring-unregister":
      return plain([planRing(op, line, state)]);
    default:
      return plain([planMemoryOp(op, line, state.layout)]);
  }
}

/** The last holder of a registered ring unregisters it before it exits (see ring_release). */
function releaseRings(proc: ProcessLayout, state: PlanState): CCall[] {
  const calls: CCall[] = [];
  for (const [ring, holders] of state.ringHolders) {
    if (!holders.delete(proc.index) || holders.size > 0 || !state.ringRegistered.has(ring)) continue;
    calls.push(call("ring_release", ringArg(state.layout, ring)));
    state.ringRegistered.delete(ring);
  }
  return calls;
}

type MemoryOp = Extract<ProcessOp, { kind: "mmap" | "munmap" | "mprotect" | "madvise" | "write" | "read" | "force-write" | "clear-refs" | "vmsplice" | "pipe-read" | "pagemap" | "frame" }>;

function planMemoryOp(op: MemoryOp, line: number, layout: Layout): CCall {
  const l = lineArg(line);
  switch (op.kind) {
    case "mmap": {
      if (op.hugetlb) throw new Unsupported("hugetlb mappings are not modelled");
      if (op.file !== null) throw new Unsupported("file mappings are not modelled");
      const region = pageArgs(layout, op.range.start)[0];
      const flags = op.shared ? "MAP_SHARED" : "MAP_PRIVATE";
      return call("op_mmap", l, region, protArg(op.prot), { c: flags, b: flags });
    }
    case "munmap":
    case "read":
      return call(`op_${op.kind}`, l, ...rangeArgs(layout, op.range));
    case "mprotect":
      return call("op_mprotect", l, ...rangeArgs(layout, op.range), protArg(op.prot));
    case "madvise":
      if (op.advice === "hugepage" || op.advice === "collapse") throw new Unsupported(`madvise ${op.advice}: THP is not modelled`);
      return call("op_madvise", l, ...rangeArgs(layout, op.range), adviceArg(op.advice));
    case "write":
      return call("op_write", l, ...rangeArgs(layout, op.range), valueArg(op.value));
    case "force-write":
      return call("op_force_write", l, ...pageArgs(layout, op.vpn), valueArg(op.value));
    case "clear-refs":
      return call("op_clear_refs", l);
    case "vmsplice":
      return call("op_vmsplice", l, ...rangeArgs(layout, op.range), pipeArg(layout, op.pipe));
    case "pipe-read":
      return call("op_pipe_read", l, pipeArg(layout, op.pipe));
    case "pagemap":
    case "frame":
      return call(`op_${op.kind}`, l, ...pageArgs(layout, op.vpn));
  }
}

function pipeArg(layout: Layout, pipe: number): CCall["args"][number] {
  return { c: layout.pipeIdents[pipe] ?? String(pipe), b: String(pipe) };
}

function ringArg(layout: Layout, ring: number): CCall["args"][number] {
  return { c: layout.ringIdents[ring] ?? String(ring), b: String(ring) };
}

function planRing(op: Extract<ProcessOp, { kind: "iouring-register" | "ring-read" | "ring-write" | "iouring-unregister" }>, line: number, state: PlanState): CCall {
  const ring = ringArg(state.layout, op.ring);
  switch (op.kind) {
    case "iouring-register":
      state.ringHolders.set(op.ring, new Set([processOf(state.layout, op.pid).index]));
      state.ringRegistered.add(op.ring);
      return call("op_ring_register", lineArg(line), ring, ...rangeArgs(state.layout, op.range));
    case "ring-read":
      return call("op_ring_read", lineArg(line), ring, numArg(op.index));
    case "ring-write":
      return call("op_ring_write", lineArg(line), ring, numArg(op.index), valueArg(op.value));
    case "iouring-unregister":
      state.ringRegistered.delete(op.ring);
      return call("op_ring_unregister", lineArg(line), ring);
  }
}

/** gup_test holds one long-term FOLL_PIN range at a time and reads, never writes, through it. */
function planPin(op: Extract<ProcessOp, { kind: "pin" | "pin-read" | "pin-write" | "unpin" }>, line: number, state: PlanState): CCall {
  state.usesGupTest = true;
  switch (op.kind) {
    case "pin":
      if (!op.longterm || op.get) throw new Unsupported("gup_test holds only long-term FOLL_PIN pins (`pin ... longterm`)");
      if (state.livePin) throw new Unsupported("gup_test holds one pin at a time");
      state.livePin = true;
      return call("op_pin", lineArg(line), ...pageArgs(state.layout, op.vpn), numArg(op.write ? 1 : 0));
    case "pin-read":
      return call("op_pin_read", lineArg(line));
    case "pin-write":
      throw new Unsupported("gup_test cannot write through a pin");
    case "unpin":
      state.livePin = false;
      return call("op_unpin", lineArg(line));
  }
}
