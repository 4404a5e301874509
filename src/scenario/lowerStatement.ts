// Lowers one statement to the kernel op it stands for (kernel/ops.ts), resolving names to
// page ranges, pids and pipe/ring/pin ids. Trusts a checked tree: a miss is a bug and throws.
import type { Op, PageRange } from "../kernel/ops.js";
import type { Pid, PinId, PipeId, RingId, Vpn } from "../kernel/ids.js";
import type { Statement, TargetNode } from "./ast.js";
import type { ProgramRegion } from "./program.js";
import type { Scope } from "./scope.js";

/** What lowering resolves names with: pids, placed regions and pipe/ring/pin ids. */
export interface LowerContext {
  readonly scope: Scope;
  readonly pid: ReadonlyMap<string, Pid>;
  readonly regions: ReadonlyMap<string, ProgramRegion>;
  readonly pipe: ReadonlyMap<string, PipeId>;
  readonly ring: ReadonlyMap<string, RingId>;
  readonly pin: ReadonlyMap<string, PinId>;
}

function must<T>(value: T | undefined, what: string): T {
  // checkScenario guarantees every name a statement uses is defined with the right kind.
  if (value === undefined) throw new Error(`lowerScenario: unresolved ${what}`);
  return value;
}

/** The pages a region target covers. */
export function rangeOf(cx: LowerContext, t: TargetNode): PageRange {
  const region = must(cx.regions.get(t.name.text), `region \`${t.name.text}\``);
  if (t.index === null) return { start: region.start, pages: region.pages };
  if (t.index.kind === "page") return { start: region.start + t.index.page.value, pages: 1 };
  return { start: region.start + t.index.start.value, pages: t.index.end.value - t.index.start.value };
}

function vpnOf(cx: LowerContext, t: TargetNode): Vpn {
  return rangeOf(cx, t).start;
}

/** The op of a statement; `actor` is null for the `kernel` actor. */
export function lowerStatement(cx: LowerContext, actor: Pid | null, s: Statement): Op {
  if (actor === null) return lowerKernelEvent(cx, s);
  const pid = actor;
  switch (s.verb) {
    case "mmap": {
      const region = must(cx.regions.get(s.name.text), `region \`${s.name.text}\``);
      return { kind: "mmap", pid, range: { start: region.start, pages: region.pages }, prot: s.prot.value, shared: s.shared, hugetlb: s.hugetlb, file: s.file?.text ?? null };
    }
    case "munmap": return { kind: "munmap", pid, range: rangeOf(cx, s.target) };
    case "mprotect": return { kind: "mprotect", pid, range: rangeOf(cx, s.target), prot: s.prot.value };
    case "madvise": return { kind: "madvise", pid, range: rangeOf(cx, s.target), advice: s.advice.value };
    case "read":
    case "write": return lowerAccess(cx, pid, s);
    case "fork": return { kind: "fork", pid, child: must(cx.pid.get(s.child.text), `process \`${s.child.text}\``) };
    case "exit": return { kind: "exit", pid };
    case "force-write": return { kind: "force-write", pid, vpn: vpnOf(cx, s.target), value: s.value.value };
    case "clear-refs": return { kind: "clear-refs", pid };
    case "vmsplice": return { kind: "vmsplice", pid, range: rangeOf(cx, s.target), pipe: must(cx.pipe.get(s.pipe.text), "pipe") };
    case "iouring-register": return { kind: "iouring-register", pid, range: rangeOf(cx, s.target), ring: must(cx.ring.get(s.ring.text), "ring") };
    case "iouring-unregister": return { kind: "iouring-unregister", pid, ring: must(cx.ring.get(s.ring.text), "ring") };
    case "pin":
      return { kind: "pin", pid, vpn: vpnOf(cx, s.target), write: s.prot.value === "rw", longterm: s.longterm, get: s.get, pin: must(cx.pin.get(s.pin.text), "pin") };
    case "unpin": return { kind: "unpin", pid, pin: must(cx.pin.get(s.pin.text), "pin") };
    case "pagemap": return { kind: "pagemap", pid, vpn: vpnOf(cx, s.target) };
    case "frame": return { kind: "frame", pid, vpn: vpnOf(cx, s.target) };
    case "ksm-scan":
    case "lru-drain":
    case "migrate":
    case "reclaim":
      // checkScenario (COW214) rejects kernel events with a process actor.
      throw new Error(`lowerScenario: \`${s.verb}\` with a process actor`);
  }
}

function lowerKernelEvent(cx: LowerContext, s: Statement): Op {
  switch (s.verb) {
    case "ksm-scan":
    case "lru-drain": return { kind: s.verb };
    case "migrate":
    case "reclaim": return { kind: s.verb, pid: must(cx.pid.get(s.process.text), `process \`${s.process.text}\``), vpn: vpnOf(cx, s.target) };
    default:
      // checkScenario (COW214) rejects process verbs with the `kernel` actor.
      throw new Error(`lowerScenario: \`${s.verb}\` with the kernel actor`);
  }
}

/** `read`/`write` by the kind of name: region access, pipe read, ring page or pin. */
function lowerAccess(cx: LowerContext, pid: Pid, s: Extract<Statement, { verb: "read" | "write" }>): Op {
  const name = s.target.name.text;
  const kind = must(cx.scope.definitions.get(name), `name \`${name}\``).kind;
  const index = s.target.index?.kind === "page" ? s.target.index.page.value : 0;
  if (kind === "region") {
    const range = rangeOf(cx, s.target);
    return s.verb === "read" ? { kind: "read", pid, range } : { kind: "write", pid, range, value: s.value.value };
  }
  if (kind === "ring") {
    const ring = must(cx.ring.get(name), "ring");
    return s.verb === "read" ? { kind: "ring-read", pid, ring, index } : { kind: "ring-write", pid, ring, index, value: s.value.value };
  }
  if (kind === "pin") {
    const pin = must(cx.pin.get(name), "pin");
    return s.verb === "read" ? { kind: "pin-read", pid, pin } : { kind: "pin-write", pid, pin, value: s.value.value };
  }
  if (kind === "pipe" && s.verb === "read") return { kind: "pipe-read", pid, pipe: must(cx.pipe.get(name), "pipe") };
  // checkScenario (COW204) rejects writes to pipes and accesses through frame names.
  throw new Error(`lowerScenario: cannot ${s.verb} \`${name}\` (a ${kind})`);
}
