// Why a scenario cannot run on this host, decided before anything runs: a verb with no
// user-space trigger, a feature the kernel lacks (gup_test, soft-dirty, io_uring), no root
// for PFNs, or a `kernels` header that excludes the version the model runs at.
import type { Op } from "../kernel/ops.js";
import type { KernelVersion } from "../kernel/policy.js";
import { formatRange, formatVersion, inRange } from "../history/index.js";
import type { Expectation, ExpectedOutcome, Program } from "../scenario/program.js";
import type { HostInfo } from "./host.js";
import { createLayout } from "./layout.js";
import { planLines } from "./planLines.js";

/** What a program needs from the host, read off its ops. */
export interface ProgramNeeds {
  readonly pins: boolean;
  readonly frames: boolean;
  readonly softDirty: boolean;
  readonly iouring: boolean;
  readonly swap: boolean;
  readonly ksm: boolean;
}

const has = (program: Program, pred: (op: Op) => boolean): boolean => program.steps.some((s) => pred(s.op));

function expectsSoftDirty(e: Expectation | null): boolean {
  if (e === null) return false;
  const mentions = (o: ExpectedOutcome): boolean => o.kind === "flags" && o.flags.some((f) => f.flag === "soft-dirty");
  return mentions(e.base) || e.overrides.some((o) => mentions(o.outcome));
}

/** The host features a program uses. */
export function needsOf(program: Program): ProgramNeeds {
  return {
    pins: has(program, (op) => op.kind === "pin" || op.kind === "pin-read" || op.kind === "pin-write" || op.kind === "unpin"),
    frames: has(program, (op) => op.kind === "frame"),
    softDirty: has(program, (op) => op.kind === "clear-refs") || program.steps.some((s) => expectsSoftDirty(s.expect)),
    iouring: has(program, (op) => op.kind === "iouring-register"),
    swap: has(program, (op) => op.kind === "reclaim" || (op.kind === "madvise" && op.advice === "pageout")),
    ksm: has(program, (op) => op.kind === "ksm-scan"),
  };
}

/**
 * The reason a program cannot run natively here, or null. Swap and KSM are not judged here:
 * the runner makes them (setup.ts) and skips only if it cannot.
 */
export function skipReason(program: Program, host: HostInfo, version: KernelVersion): string | null {
  if (host.gcc === null) return "gcc is not installed";
  if (program.kernels !== null && !inRange(version, program.kernels)) {
    return `the scenario is for kernels ${formatRange(program.kernels)}; the model runs at ${formatVersion(version)}`;
  }
  const plan = planLines(program, createLayout(program));
  if (!plan.ok) return `line ${plan.line}: ${plan.reason}`;
  const needs = needsOf(program);
  if (needs.pins && !host.gupTest) return "pin needs CONFIG_GUP_TEST (/sys/kernel/debug/gup_test)";
  if (needs.softDirty && host.softDirty !== true) return "soft-dirty needs CONFIG_MEM_SOFT_DIRTY";
  if (needs.frames && !host.root) return "frame observations need root (pagemap hides PFNs from other users)";
  if (needs.iouring && !host.iouring) return "io_uring is not built or is disabled (kernel.io_uring_disabled)";
  return null;
}
