// Where a scenario's names live in the C program: each region at a fixed address (1 GiB
// apart, so no two VMAs merge and every process sees the same layout), and C identifiers
// for processes, regions, pipes, rings and pins.
import type { Pid, Vpn } from "../kernel/ids.js";
import type { Program } from "../scenario/program.js";

/** Base of the first region; high enough that no ELF segment, heap or stack is there. */
export const REGION_BASE = 0x1000_0000_0000n;
/** Distance between region bases. */
export const REGION_STRIDE = 0x4000_0000n;

/** A region of the scenario as the C program places it. */
export interface RegionLayout {
  readonly name: string;
  /** Index in the program's region list (its address slot). */
  readonly index: number;
  /** C identifier of its `struct region`. */
  readonly ident: string;
  /** First vpn the model gave it. */
  readonly start: Vpn;
  readonly pages: number;
  /** Address as a C literal, e.g. `0x100040000000UL`. */
  readonly address: string;
}

/** A process of the scenario as the C program names it. */
export interface ProcessLayout {
  readonly pid: Pid;
  readonly name: string;
  /** Index in the C process table; also the enum constant `P_<name>`. */
  readonly index: number;
  readonly ident: string;
  readonly fn: string;
  readonly independent: boolean;
}

/** The C names of one program. */
export interface Layout {
  readonly regions: readonly RegionLayout[];
  readonly processes: readonly ProcessLayout[];
  readonly pipeIdents: readonly string[];
  readonly ringIdents: readonly string[];
}

/** A page of a region: which region, and the page's index in it. */
export interface PageRef {
  readonly region: RegionLayout;
  readonly index: number;
}

/** Lays out a program's regions and names. */
export function createLayout(program: Program): Layout {
  const used = new Set<string>();
  const regions = program.regions.map((r, i): RegionLayout => ({
    name: r.name,
    index: i,
    ident: uniqueIdent(`R_${r.name}`, used),
    start: r.start,
    pages: r.pages,
    address: `0x${(REGION_BASE + BigInt(i) * REGION_STRIDE).toString(16)}UL`,
  }));
  const processes = program.processes.map((p, index): ProcessLayout => ({
    pid: p.pid,
    name: p.name,
    index,
    ident: uniqueIdent(`P_${p.name}`, used),
    fn: uniqueIdent(`proc_${p.name}`, used),
    independent: p.initial,
  }));
  const pipeIdents = program.pipes.map((n) => uniqueIdent(`PIPE_${n}`, used));
  const ringIdents = program.rings.map((n) => uniqueIdent(`RING_${n}`, used));
  return { regions, processes, pipeIdents, ringIdents };
}

/** The region page a vpn falls in; throws when none does (lower places every page of an op in a region). */
export function pageOf(layout: Layout, vpn: Vpn): PageRef {
  for (const region of layout.regions) {
    if (vpn >= region.start && vpn < region.start + region.pages) return { region, index: vpn - region.start };
  }
  // Cannot happen for a lowered program: every page an op names belongs to a region.
  throw new Error(`vpn ${vpn} is in no region`);
}

/** The process a pid names; throws for an unknown pid (lower only uses pids it declared). */
export function processOf(layout: Layout, pid: Pid): ProcessLayout {
  const p = layout.processes.find((q) => q.pid === pid);
  // Cannot happen for a lowered program: every op's pid is one of its processes.
  if (p === undefined) throw new Error(`pid ${pid} is no process of the scenario`);
  return p;
}

/** A C identifier from a scenario name: other characters become `_`, and a clash gets a number. */
function uniqueIdent(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[^A-Za-z0-9_]/g, "_");
  let ident = base;
  for (let n = 2; used.has(ident); n++) ident = `${base}_${n}`;
  used.add(ident);
  return ident;
}
