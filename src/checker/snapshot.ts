// A search state copied as objects (abstractionCheck steps such copies; packed states fold
// alike). The kernel world is copied whole (cloneWorld); the ideal machine copies only the
// logical pages a mapping or a reference still names: no op can reach any other page again,
// so those are shared with the parent state, and the dead ones of a family fold into one.
import type { Ideal, IdealProcess, IdealRef, IdealRing, LogicalPage } from "../ideal/index.js";
import { cloneWorld } from "../kernel/world.js";
import type { LockState } from "../run/lockStep.js";

/** A copy of `s` that stepping cannot make share mutable data with `s`. */
export function cloneSearchState(s: LockState): LockState {
  return { world: cloneWorld(s.world), ideal: cloneIdealLive(s.ideal) };
}

/** One dead page standing for `a` and `b`: the values either stored, as stores. */
export function foldDead(a: LogicalPage | undefined, b: LogicalPage): LogicalPage {
  if (a === undefined) return b;
  const history = a.history.filter((e) => e.kind === "write");
  for (const e of b.history) if (e.kind === "write" && !history.some((h) => h.value === e.value)) history.push(e);
  return { id: Math.min(a.id, b.id), family: a.family, createdAt: 0, history: history.length > 0 ? history : [{ value: 0, at: 0, kind: "fill" }], stored: true };
}

/** The logical pages a mapping, a pipe buffer, a pin or a ring still names. */
export function livePageIds(ideal: Ideal): Set<number> {
  const live = new Set<number>();
  const addRef = (r: IdealRef | null): void => void (r !== null && live.add(r.page));
  for (const p of ideal.processes.values()) for (const m of p.pages.values()) live.add(m.page);
  for (const refs of ideal.pipes.values()) refs.forEach(addRef);
  for (const pin of ideal.pins.values()) live.add(pin.page);
  for (const ring of ideal.rings.values()) ring.pages?.forEach(addRef);
  return live;
}

/**
 * cloneIdeal, except for the pages nothing names: they are shared rather than copied, and the
 * dead pages of one family fold into one that stored every value they stored (all the judge
 * asks of them, isWrittenInFamily), so the machine does not grow with every fork or DONTNEED.
 */
export function cloneIdealLive(ideal: Ideal): Ideal {
  const live = livePageIds(ideal);
  const pages = new Map<number, LogicalPage>();
  const dead = new Map<number, LogicalPage>();
  for (const [id, page] of ideal.pages) {
    if (live.has(id)) pages.set(id, { ...page, history: page.history.slice() });
    else dead.set(page.family, foldDead(dead.get(page.family), page));
  }
  for (const page of dead.values()) pages.set(page.id, page);
  const processes = new Map<number, IdealProcess>();
  for (const [pid, p] of ideal.processes) processes.set(pid, { pid, pages: new Map(p.pages) });
  const rings = new Map<number, IdealRing>();
  for (const [id, r] of ideal.rings) rings.set(id, { owners: r.owners.slice(), pages: r.pages === null ? null : r.pages.slice() });
  const pipes = new Map<number, IdealRef[]>();
  for (const [id, bufs] of ideal.pipes) pipes.set(id, bufs.slice());
  return {
    clock: ideal.clock, processes, pages, nextPage: ideal.nextPage, nextFamily: ideal.nextFamily,
    pipes, pins: new Map(ideal.pins), rings,
  };
}
