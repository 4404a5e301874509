// The ideal machine's state (design.md §3): per process, the logical page each mapped
// address stands for and its access rights; the logical pages; and the references pipes,
// pins and io_uring rings hold, each bound to the logical page it was taken on.
import type { EntryKind, LogicalId, LogicalPage } from "./logical.js";

/** What one mapped virtual page of a process stands for. */
export interface IdealMapping {
  readonly page: LogicalId;
  readonly read: boolean;
  readonly write: boolean;
  /** MAP_SHARED: fork and MADV_DONTNEED keep the same logical page. */
  readonly shared: boolean;
  /** MADV_DONTFORK: the child gets no mapping. */
  readonly dontCopy: boolean;
  /** MADV_WIPEONFORK: the child gets a fresh zero page. */
  readonly wipeOnFork: boolean;
}

/** A process of the ideal machine: what each of its mapped virtual pages stands for. */
export interface IdealProcess {
  readonly pid: number;
  readonly pages: Map<number, IdealMapping>;
}

/**
 * A reference bound to a logical page. "pin" is coherent (FOLL_PIN, and io_uring buffers in
 * every era); "get" may show the value at `since` or any later one (FOLL_GET).
 */
export interface IdealRef {
  readonly page: LogicalId;
  readonly since: number;
  readonly foll: "pin" | "get";
}

/** A gup_test reference or pin, dropped by unpin or when its owner exits. */
export interface IdealPin extends IdealRef {
  readonly owner: number;
}

/** An io_uring instance: its owners (the registrant and children forked after) and its pages. */
export interface IdealRing {
  readonly owners: number[];
  /** One binding per registered page (null where nothing was mapped); null when not registered. */
  pages: (IdealRef | null)[] | null;
}

/** The whole ideal machine. Mutable plain data: idealStep changes it in place. */
export interface Ideal {
  /** Advances once per step; history entries and references are stamped with it. */
  clock: number;
  readonly processes: Map<number, IdealProcess>;
  readonly pages: Map<LogicalId, LogicalPage>;
  nextPage: number;
  nextFamily: number;
  readonly pipes: Map<number, IdealRef[]>;
  readonly pins: Map<number, IdealPin>;
  readonly rings: Map<number, IdealRing>;
}

/** An ideal machine with the given processes, none of them mapping anything. */
export function createIdeal(pids: readonly number[]): Ideal {
  const processes = new Map<number, IdealProcess>();
  for (const pid of pids) processes.set(pid, { pid, pages: new Map() });
  return {
    clock: 0,
    processes,
    pages: new Map(),
    nextPage: 1,
    nextFamily: 1,
    pipes: new Map(),
    pins: new Map(),
    rings: new Map(),
  };
}

/** A deep copy: stepping the copy leaves the original unchanged. */
export function cloneIdeal(ideal: Ideal): Ideal {
  const processes = new Map<number, IdealProcess>();
  for (const [pid, p] of ideal.processes) processes.set(pid, { pid, pages: new Map(p.pages) });
  const pages = new Map<LogicalId, LogicalPage>();
  for (const [id, page] of ideal.pages) pages.set(id, { ...page, history: [...page.history] });
  const rings = new Map<number, IdealRing>();
  for (const [id, r] of ideal.rings) {
    rings.set(id, { owners: [...r.owners], pages: r.pages === null ? null : [...r.pages] });
  }
  const pipes = new Map<number, IdealRef[]>();
  for (const [id, bufs] of ideal.pipes) pipes.set(id, [...bufs]);
  return { ...ideal, processes, pages, pipes, pins: new Map(ideal.pins), rings };
}

/**
 * Creates a logical page holding `value`. `family` null starts a new family (an mmap'd page);
 * otherwise the page descends from that family (fork copy, wipe, MADV_DONTNEED).
 */
export function createLogicalPage(
  ideal: Ideal, value: number, kind: EntryKind, family: number | null, stored = false,
): LogicalPage {
  const page: LogicalPage = {
    id: ideal.nextPage++,
    family: family ?? ideal.nextFamily++,
    createdAt: ideal.clock,
    history: [{ value, at: ideal.clock, kind }],
    stored,
  };
  ideal.pages.set(page.id, page);
  return page;
}

/** The logical page of an id the machine handed out. */
export function logicalPage(ideal: Ideal, id: LogicalId): LogicalPage {
  const page = ideal.pages.get(id);
  // Logical pages are never deleted, so every id a mapping or reference holds resolves.
  if (page === undefined) throw new Error(`model bug: logical page ${id} does not exist`);
  return page;
}

/** The mapping of pid at vpn, or undefined when the process or the page is not mapped. */
export function mappingAt(ideal: Ideal, pid: number, vpn: number): IdealMapping | undefined {
  return ideal.processes.get(pid)?.pages.get(vpn);
}

/** True when a FOLL_PIN pin or an io_uring ring is bound to the logical page now. */
export function hasLivePin(ideal: Ideal, id: LogicalId): boolean {
  for (const pin of ideal.pins.values()) if (pin.foll === "pin" && pin.page === id) return true;
  for (const ring of ideal.rings.values()) if (ring.pages?.some((r) => r?.page === id) === true) return true;
  return false;
}
