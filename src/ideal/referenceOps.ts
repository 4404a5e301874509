// References the kernel holds on behalf of a process: vmsplice pipe buffers (FOLL_GET),
// gup_test pins (FOLL_PIN, or FOLL_GET with `get`) and io_uring fixed buffers (coherent
// pins in every era). Each binds to the logical page mapped at its address when taken.
import type { Allowed } from "./allowed.js";
import type { Ideal, IdealMapping, IdealRef } from "./ideal.js";
import { logicalPage, mappingAt } from "./ideal.js";
import { currentValue, storeValue, valuesSince } from "./logical.js";
import type { IdealRange, KernelOutcomeLike } from "./ops.js";

type Foll = "pin" | "get";

const succeeded = (o: KernelOutcomeLike): boolean => o.kind !== "error";

/** What a read through a reference may show: the current value for a pin, the window since binding for FOLL_GET. */
function refAllowed(ideal: Ideal, ref: IdealRef): Allowed {
  const page = logicalPage(ideal, ref.page);
  const values = ref.foll === "pin" ? [currentValue(page)] : valuesSince(page, ref.since);
  return { kind: "value", page: { vpn: null, page: page.id, values, via: ref.foll, since: ref.since } };
}

/** A reference on the page mapped at pid:vpn if the access is permitted, else null. */
function bind(ideal: Ideal, pid: number, vpn: number, foll: Foll, write: boolean): IdealRef | null {
  const m = mappingAt(ideal, pid, vpn);
  if (m === undefined || !m.read || (write && !m.write)) return null;
  return { page: m.page, since: ideal.clock, foll };
}

function bindRange(ideal: Ideal, pid: number, range: IdealRange, foll: Foll, write: boolean): (IdealRef | null)[] {
  const refs: (IdealRef | null)[] = [];
  for (let i = 0; i < range.pages; i++) refs.push(bind(ideal, pid, range.start + i, foll, write));
  return refs;
}

/**
 * vmsplice: one FOLL_GET reference per readable page, queued in page order. Like the system
 * call it is partial: it splices pages up to the first one it cannot read and fails only when
 * that is the first.
 */
export function idealVmsplice(
  ideal: Ideal, pid: number, range: IdealRange, pipe: number, outcome: KernelOutcomeLike,
): Allowed {
  const refs = bindRange(ideal, pid, range, "get", false);
  const stop = refs.indexOf(null);
  const taken = (stop < 0 ? refs : refs.slice(0, stop)) as IdealRef[];
  if (succeeded(outcome)) ideal.pipes.set(pipe, [...(ideal.pipes.get(pipe) ?? []), ...taken]);
  return { kind: "result", ok: taken.length > 0 };
}

/** read(2) of a pipe consumes its oldest buffer; an empty pipe has no ideal opinion (the kernel blocks). */
export function idealPipeRead(ideal: Ideal, pipe: number, outcome: KernelOutcomeLike): Allowed | null {
  const bufs = ideal.pipes.get(pipe);
  const head = bufs?.[0];
  if (bufs === undefined || head === undefined) return null;
  if (outcome.kind === "values") bufs.shift();
  return refAllowed(ideal, head);
}

/**
 * How a gup_test reference is held. FOLL_GET (`get`) is a window; FOLL_PIN is coherent, except
 * a short-term R/O pin of a private page never stored to, which the kernel may take on the
 * shared zero page and keep there: gup_must_unshare (mm/internal.h, 84209e87c696) unshares a
 * non-anon page only for FOLL_LONGTERM, a short-term R/O pin being by design not promised to
 * follow later changes made through the page tables. It is held to FOLL_GET semantics.
 */
function pinFoll(ideal: Ideal, op: { write: boolean; longterm: boolean; get: boolean }, m: IdealMapping): Foll {
  if (op.get) return "get";
  const pristine = !m.shared && !logicalPage(ideal, m.page).stored;
  return !op.write && !op.longterm && pristine ? "get" : "pin";
}

/** pin: gup_test pins (FOLL_PIN) or references (`get`) one page; a write pin needs write access. */
export function idealPin(
  ideal: Ideal, op: { pid: number; vpn: number; write: boolean; longterm: boolean; get: boolean; pin: number },
  outcome: KernelOutcomeLike,
): Allowed {
  const m = mappingAt(ideal, op.pid, op.vpn);
  const permitted = m !== undefined && m.read && (!op.write || m.write);
  if (succeeded(outcome) && m !== undefined) {
    ideal.pins.set(op.pin, { page: m.page, since: ideal.clock, foll: pinFoll(ideal, op, m), owner: op.pid });
  }
  return { kind: "result", ok: permitted };
}

/** A read through a pin or reference shows what its binding allows; an unknown pin has no opinion. */
export function idealPinRead(ideal: Ideal, pin: number): Allowed | null {
  const ref = ideal.pins.get(pin);
  return ref === undefined ? null : refAllowed(ideal, ref);
}

/** A device write through a pin or reference changes the logical page it is bound to. */
export function idealPinWrite(ideal: Ideal, pin: number, value: number, outcome: KernelOutcomeLike): void {
  const ref = ideal.pins.get(pin);
  if (ref !== undefined && succeeded(outcome)) storeValue(logicalPage(ideal, ref.page), value, ideal.clock);
}

/** IORING_REGISTER_BUFFERS: FOLL_WRITE | FOLL_LONGTERM on every page, all or nothing. */
export function idealIouringRegister(
  ideal: Ideal, pid: number, range: IdealRange, ring: number, outcome: KernelOutcomeLike,
): Allowed {
  const refs = bindRange(ideal, pid, range, "pin", true);
  if (succeeded(outcome)) {
    const pages: (IdealRef | null)[] = [];
    for (let i = 0; i < range.pages; i++) {
      const m = mappingAt(ideal, pid, range.start + i);
      pages.push(m === undefined ? null : { page: m.page, since: ideal.clock, foll: "pin" });
    }
    ideal.rings.set(ring, { owners: [pid], pages });
  }
  return { kind: "result", ok: refs.every((r) => r !== null) };
}

function ringRef(ideal: Ideal, ring: number, index: number): IdealRef | null {
  return ideal.rings.get(ring)?.pages?.[index] ?? null;
}

/** The device reads a registered page: the current value of the logical page it is bound to. */
export function idealRingRead(ideal: Ideal, ring: number, index: number): Allowed | null {
  const ref = ringRef(ideal, ring, index);
  return ref === null ? null : refAllowed(ideal, ref);
}

/** The device writes a registered page: the store lands in the logical page it is bound to. */
export function idealRingWrite(
  ideal: Ideal, ring: number, index: number, value: number, outcome: KernelOutcomeLike,
): void {
  const ref = ringRef(ideal, ring, index);
  if (ref !== null && succeeded(outcome)) storeValue(logicalPage(ideal, ref.page), value, ideal.clock);
}

/** IORING_UNREGISTER_BUFFERS: the ring's bindings go; the logical pages stay. */
export function idealIouringUnregister(ideal: Ideal, ring: number): void {
  const r = ideal.rings.get(ring);
  if (r !== undefined) r.pages = null;
}
