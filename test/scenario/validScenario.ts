// Builds a scenario checkScenario accepts from random intents: a small model of which
// processes live, which regions, pipes, rings, pins and frames exist, picks arguments
// among them, and falls back to `mmap` when an intent cannot apply.
import { MODELLED_VERSIONS, formatVersion } from "../../src/history/versions.js";
import type { ExpectNode, LineNode, NameNode, OutcomeNode, RangeNode, ScenarioAst, Statement, TargetNode, ValueNode } from "../../src/scenario/ast.js";
import { PAGEMAP_FLAGS } from "../../src/scenario/ast.js";

const S = { start: 0, end: 0 } as const;
const nm = (text: string): NameNode => ({ text, span: S });

export interface Intent {
  readonly verb: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly value: number;
  readonly expect: number;
  readonly override: number;
}

interface Model {
  live: string[];
  exited: Set<string>;
  /** Processes that acted or were forked (the only ones `kernel: migrate` may name). */
  known: Set<string>;
  regions: { name: string; pages: number }[];
  pipes: string[];
  rings: { name: string; holders: Set<string>; pages: number; released: boolean }[];
  pins: { name: string; released: boolean }[];
  frames: string[];
  counter: number;
  versions: string[];
}

type Observation = "region-read" | "region-write" | "value" | "force-write" | "pagemap" | "frame" | "syscall" | "nothing";

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length] as T;

function createModel(kernels: RangeNode | null): Model {
  const all = MODELLED_VERSIONS.map(formatVersion);
  const lo = kernels?.from === null || kernels === null ? 0 : all.indexOf(kernels.from.text);
  const hi = kernels?.to === null || kernels === null ? all.length - 1 : all.indexOf(kernels.to.text);
  return { live: ["p"], exited: new Set(), known: new Set(), regions: [], pipes: [], rings: [], pins: [], frames: [], counter: 0, versions: all.slice(lo, hi + 1) };
}

/** A scenario with optional headers, a comment, and one action per intent. */
export function buildValidScenario(kernels: RangeNode | null, intents: readonly Intent[], titled: boolean): ScenarioAst {
  const m = createModel(kernels);
  const lines: LineNode[] = [];
  if (titled) lines.push({ kind: "header", header: { kind: "scenario", title: "generated" }, keyword: S, comment: null, span: S });
  if (kernels !== null) lines.push({ kind: "header", header: { kind: "kernels", range: kernels }, keyword: S, comment: null, span: S });
  if (lines.length > 0) lines.push({ kind: "blank", span: S });
  lines.push({ kind: "comment", comment: { text: " generated", span: S }, span: S });
  for (const intent of intents) lines.push(buildAction(m, intent));
  return { lines };
}

function fresh(m: Model, prefix: string): string {
  return `${prefix}${m.counter++}`;
}

function buildAction(m: Model, i: Intent): LineNode {
  if (m.live.length === 0) m.live.push(fresh(m, "q"));
  const actor = pick(m.live, i.a);
  const [statement, observation, kernelActor] = buildStatement(m, i, actor);
  if (!kernelActor) m.known.add(actor);
  const expect = buildExpect(m, i, observation);
  return { kind: "action", actor: nm(kernelActor ? "kernel" : actor), verbSpan: S, statement, expect, comment: null, span: S };
}

function page(region: { name: string; pages: number }, n: number): TargetNode {
  return { name: nm(region.name), index: { kind: "page", page: { value: n % region.pages, span: S }, span: S }, span: S };
}

function anyTarget(region: { name: string; pages: number }, a: number, b: number): TargetNode {
  if (a % 3 === 0) return { name: nm(region.name), index: null, span: S };
  if (a % 3 === 1 || region.pages === 1) return page(region, b);
  const start = b % (region.pages - 1);
  const end = start + 1 + (a % (region.pages - start));
  return { name: nm(region.name), index: { kind: "range", start: { value: start, span: S }, end: { value: Math.min(end, region.pages), span: S }, span: S }, span: S };
}

function value(n: number): ValueNode {
  return n % 3 === 0 ? { value: 65 + (n % 26), form: "letter", span: S } : { value: n % 256, form: n % 3 === 1 ? "decimal" : "hex", span: S };
}

function mmap(m: Model, i: Intent): [Statement, Observation, boolean] {
  const name = fresh(m, "buf");
  const pages = 1 + (i.b % 4);
  m.regions.push({ name, pages });
  const prot = pick(["rw", "rw", "ro", "none"] as const, i.c);
  return [{ verb: "mmap", name: nm(name), pages: { value: pages, span: S }, prot: { value: prot, span: S }, shared: i.c % 5 === 0, hugetlb: false, file: null }, "syscall", false];
}

type Built = [Statement, Observation, boolean];
type Region = { name: string; pages: number };

/** A statement for the intent: its verb, whether it observes something, and whether `kernel` acts. */
function buildStatement(m: Model, i: Intent, actor: string): Built {
  const region = m.regions.length === 0 ? null : pick(m.regions, i.b);
  if (region === null) return mmap(m, i);
  return i.verb % 20 < 9 ? memoryStatement(m, i, actor, region) : gupStatement(m, i, actor, region);
}

function memoryStatement(m: Model, i: Intent, actor: string, region: Region): Built {
  switch (i.verb % 20) {
    case 0: return mmap(m, i);
    case 1: return [{ verb: "write", target: anyTarget(region, i.c, i.b), value: value(i.value) }, "region-write", false];
    case 2: return [{ verb: "read", target: anyTarget(region, i.c, i.b) }, "region-read", false];
    case 3: {
      const child = fresh(m, "c");
      for (const r of m.rings) if (!r.released && r.holders.has(actor)) r.holders.add(child);
      m.live.push(child);
      m.known.add(child);
      return [{ verb: "fork", child: nm(child) }, "nothing", false];
    }
    case 4:
      m.live = m.live.filter((p) => p !== actor);
      m.exited.add(actor);
      return [{ verb: "exit" }, "nothing", false];
    case 5: return [{ verb: "mprotect", target: anyTarget(region, i.c, i.b), prot: { value: pick(["rw", "ro", "none"] as const, i.value), span: S } }, "syscall", false];
    case 6: return [{ verb: "madvise", target: anyTarget(region, i.c, i.b), advice: { value: pick(["dontneed", "dontfork", "dofork", "wipeonfork", "pageout", "mergeable"] as const, i.value), span: S } }, "syscall", false];
    case 7: {
      const pipe = m.pipes.length > 0 && i.c % 2 === 0 ? pick(m.pipes, i.value) : fresh(m, "pipe");
      if (!m.pipes.includes(pipe)) m.pipes.push(pipe);
      return [{ verb: "vmsplice", target: anyTarget(region, i.c, i.b), pipe: nm(pipe) }, "syscall", false];
    }
    case 8:
      if (m.pipes.length === 0) return mmap(m, i);
      return [{ verb: "read", target: { name: nm(pick(m.pipes, i.c)), index: null, span: S } }, "value", false];
    default: return mmap(m, i);
  }
}

function gupStatement(m: Model, i: Intent, actor: string, region: Region): Built {
  const liveRings = m.rings.filter((r) => !r.released && r.holders.has(actor));
  const livePins = m.pins.filter((p) => !p.released);
  switch (i.verb % 20) {
    case 9: {
      const ring = fresh(m, "ring");
      const target = anyTarget(region, i.c, i.b);
      const pages = target.index === null ? region.pages : target.index.kind === "page" ? 1 : target.index.end.value - target.index.start.value;
      m.rings.push({ name: ring, holders: new Set([actor]), pages, released: false });
      return [{ verb: "iouring-register", target, ring: nm(ring) }, "syscall", false];
    }
    case 10: {
      if (liveRings.length === 0) return mmap(m, i);
      const ring = pick(liveRings, i.c);
      const target: TargetNode = { name: nm(ring.name), index: { kind: "page", page: { value: i.value % ring.pages, span: S }, span: S }, span: S };
      if (i.value % 2 === 0) return [{ verb: "read", target }, "value", false];
      return [{ verb: "write", target, value: value(i.value) }, "nothing", false];
    }
    case 11: {
      if (liveRings.length === 0) return mmap(m, i);
      const ring = pick(liveRings, i.c);
      ring.released = true;
      return [{ verb: "iouring-unregister", ring: nm(ring.name) }, "nothing", false];
    }
    case 12: {
      const pin = fresh(m, "pin");
      m.pins.push({ name: pin, released: false });
      return [{ verb: "pin", target: page(region, i.c), prot: { value: i.value % 2 === 0 ? "ro" : "rw", span: S }, longterm: i.c % 2 === 0, get: i.c % 3 === 0, pin: nm(pin) }, "syscall", false];
    }
    case 13: {
      if (livePins.length === 0) return mmap(m, i);
      const pin = pick(livePins, i.c);
      const target: TargetNode = { name: nm(pin.name), index: null, span: S };
      if (i.value % 3 === 0) {
        pin.released = true;
        return [{ verb: "unpin", pin: nm(pin.name) }, "nothing", false];
      }
      if (i.value % 3 === 1) return [{ verb: "read", target }, "value", false];
      return [{ verb: "write", target, value: value(i.value) }, "nothing", false];
    }
    case 14: return [{ verb: "force-write", target: page(region, i.c), value: value(i.value) }, "force-write", false];
    case 15: return [{ verb: "pagemap", target: page(region, i.c) }, "pagemap", false];
    case 16: {
      const as = i.value % 2 === 0 ? fresh(m, "f") : null;
      const statement: Statement = { verb: "frame", target: page(region, i.c), as: as === null ? null : nm(as) };
      if (as !== null) m.frames.push(as);
      return [statement, "frame", false];
    }
    case 17: return [{ verb: "clear-refs" }, "nothing", false];
    case 18: return [pick([{ verb: "ksm-scan" }, { verb: "lru-drain" }] as const, i.c), "nothing", true];
    default: {
      const named = m.live.filter((p) => m.known.has(p));
      if (named.length === 0) return mmap(m, i);
      const process = pick(named, i.value);
      return [{ verb: i.c % 2 === 0 ? "migrate" : "reclaim", process: nm(process), target: page(region, i.value) }, "nothing", true];
    }
  }
}

/** An expectation the observation allows, sometimes with an override on a range inside the scenario's kernels. */
function buildExpect(m: Model, i: Intent, observation: Observation): ExpectNode | null {
  if (i.expect % 3 === 0) return null;
  const outcome = (n: number): OutcomeNode | null => outcomeFor(m, observation, n);
  const base = outcome(i.expect);
  if (base === null) return null;
  const overrides: ExpectNode["overrides"][number][] = [];
  const over = outcome(i.override);
  if (over !== null && i.override % 2 === 0) overrides.push({ outcome: over, range: rangeWithin(m.versions, i.override, i.c) });
  return { base, overrides, span: S };
}

function outcomeFor(m: Model, observation: Observation, n: number): OutcomeNode | null {
  switch (observation) {
    case "region-read": return n % 4 === 0 ? { kind: "segv", span: S } : { kind: "value", value: value(n), span: S };
    case "region-write": return { kind: "segv", span: S };
    case "value": return { kind: "value", value: value(n), span: S };
    case "force-write": return n % 2 === 0 ? { kind: "error", span: S } : { kind: "value", value: value(n), span: S };
    case "pagemap": {
      const flags = PAGEMAP_FLAGS.filter((_, k) => ((n >> k) & 1) === 1 || k === n % 4);
      return { kind: "flags", flags: flags.map((flag, k) => ({ flag, negated: ((n >> (k + 2)) & 1) === 1, span: S })), span: S };
    }
    case "frame":
      if (m.frames.length === 0 || n % 3 === 0) return { kind: "none", span: S };
      // A frame named on this very line is not usable yet: take one from an earlier line.
      return m.frames.length < 2 ? { kind: "none", span: S } : { kind: "frame", name: nm(pick(m.frames.slice(0, -1), n)), negated: n % 2 === 0, span: S };
    case "syscall": return n % 2 === 0 ? { kind: "error", span: S } : null;
    case "nothing": return null;
  }
}

function rangeWithin(versions: readonly string[], a: number, b: number): RangeNode {
  const lo = a % versions.length;
  const hi = lo + (b % (versions.length - lo));
  const from = { text: versions[lo] as string, span: S };
  const to = { text: versions[hi] as string, span: S };
  if (a % 3 === 0) return { form: "single", from, to: from, span: S };
  const openStart = a % 3 === 1;
  return { form: "range", from: openStart ? null : from, to: openStart || b % 2 === 0 ? to : null, span: S };
}
