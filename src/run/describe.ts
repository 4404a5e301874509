// Words for what a run saw: values as the language writes them, pages by region name, and
// outcomes and expectations as one short phrase each. Plain data for the trace; the CLI
// decides the layout.
import type { Permitted, Shown } from "../ideal/index.js";
import type { Outcome, PagemapFlags } from "../kernel/events.js";
import type { ExpectedOutcome } from "../scenario/program.js";
import type { Program } from "../scenario/program.js";

/** Names for the ids of one program. */
export interface Naming {
  process(pid: number): string;
  /** `buf[2]` for a page of a named region, else the page number. */
  page(vpn: number): string;
  pipe(id: number): string;
  ring(id: number): string;
  pin(id: number): string;
}

/** The names a program gives its processes, regions, pipes, rings and pins. */
export function createNaming(program: Program): Naming {
  const byPid = new Map(program.processes.map((p) => [p.pid as number, p.name]));
  const named = (list: readonly string[], id: number, kind: string): string => list[id] ?? `${kind}#${id}`;
  return {
    process: (pid) => byPid.get(pid) ?? `pid ${pid}`,
    page: (vpn) => {
      const r = program.regions.find((g) => vpn >= g.start && vpn < g.start + g.pages);
      return r === undefined ? `page ${vpn}` : `${r.name}[${vpn - r.start}]`;
    },
    pipe: (id) => named(program.pipes, id, "pipe"),
    ring: (id) => named(program.rings, id, "ring"),
    pin: (id) => named(program.pins, id, "pin"),
  };
}

/** A byte as the language writes it: `A`..`Z` as letters, anything else in decimal. */
export function describeValue(v: number): string {
  return v >= 65 && v <= 90 ? String.fromCharCode(v) : String(v);
}

/** Several bytes, comma-separated: `A, B, 0`. */
export function describeValues(vs: readonly number[]): string {
  return vs.map(describeValue).join(", ");
}

const FLAG_NAMES: readonly (readonly [keyof PagemapFlags, string])[] = [
  ["present", "present"], ["swapped", "swapped"], ["exclusive", "exclusive"], ["softDirty", "soft-dirty"],
];

/** All four pagemap flags, a `!` before each one clear: `present !swapped exclusive soft-dirty`. */
export function describeFlags(flags: PagemapFlags): string {
  return FLAG_NAMES.map(([k, name]) => (flags[k] ? name : `!${name}`)).join(" ");
}

/** An outcome in a few words. */
export function describeOutcome(o: Outcome, naming: Naming): string {
  switch (o.kind) {
    case "done": return "ok";
    case "values": return describeValues(o.values);
    case "segv": return `segv at ${naming.page(o.vpn)}`;
    case "error": return `error ${o.errno}`;
    case "pagemap": return describeFlags(o.flags);
    case "frame": return o.pfn === null ? "none" : `pfn ${o.pfn}`;
    case "blocked": return `blocked: ${o.why}`;
    case "unsupported": return `unsupported: ${o.feature}`;
  }
}

/** An expected outcome as the scenario spells it; a frame name shows the pfn it stands for. */
export function describeExpected(e: ExpectedOutcome, frames: ReadonlyMap<string, number | null>): string {
  switch (e.kind) {
    case "value": return describeValue(e.value);
    case "segv": return "segv";
    case "error": return "error";
    case "none": return "none";
    case "flags": return e.flags.map((f) => `${f.negated ? "!" : ""}${f.flag}`).join(" ");
    case "frame": {
      const pfn = frames.get(e.name);
      const is = pfn === undefined ? "not remembered" : pfn === null ? "none" : `pfn ${pfn}`;
      return `${e.negated ? "!" : ""}${e.name} (${is})`;
    }
  }
}

/** What the kernel showed, for a divergence: a value, `segv at buf[1]`, `success`... */
export function describeShown(s: Shown, naming: Naming, vpn: number | null): string {
  switch (s.kind) {
    case "value": return describeValue(s.value);
    case "segv": return vpn === null ? "segv" : `segv at ${naming.page(vpn)}`;
    case "access": return vpn === null ? "access" : `access to ${naming.page(vpn)}`;
    case "ok": return "success";
    case "error": return "an error";
  }
}

/** What the ideal allowed, for a divergence: `A`, `one of A, B`, `segv`... */
export function describePermitted(p: Permitted): string {
  switch (p.kind) {
    case "values": return p.values.length === 1 ? describeValues(p.values) : `one of ${describeValues(p.values)}`;
    case "segv": return "segv";
    case "access": return "access";
    case "ok": return "success";
    case "error": return "an error";
  }
}
