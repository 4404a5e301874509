// io_uring fixed buffers (IORING_REGISTER_BUFFERS, IORING_OP_READ_FIXED / WRITE_FIXED,
// IORING_UNREGISTER_BUFFERS): the ring holds a long-term reference on every registered page.
// A ring belongs to its registrant and to children forked afterwards (they share the fd).
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseIouringRegisterFlags } from "./decisions/iouringBuffers.js";
import type { Outcome } from "./events.js";
import { getUserPage } from "./gup.js";
import { deviceRead, deviceWrite, releaseGupRef } from "./gupGrab.js";
import type { Foll } from "./gupTypes.js";
import type { Pfn, Pid, RingId } from "./ids.js";
import type { Ring } from "./state.js";
import { DONE, isMm, mmOrError } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";

/** The ring a process may use; the kernel says EBADF for a process without its fd (EINVAL in the model's errno set). */
function ringOf(ctx: Ctx, pid: Pid, id: RingId): Ring | Outcome {
  const ring = ctx.world.rings.get(id);
  if (ring === undefined || !ring.owners.includes(pid)) {
    return { kind: "error", errno: "EINVAL", why: "EBADF: no such io_uring fd in this process" };
  }
  return ring;
}

function isRing(x: Ring | Outcome): x is Ring {
  return "owners" in x;
}

/** Drops every registered page (io_sqe_buffers_unregister / io_rsrc_buf_put). */
export function unregisterRing(ctx: Ctx, ring: Ring, why: string): void {
  const pfns = ring.pfns;
  if (pfns === null) return;
  ring.pfns = null;
  for (const pfn of pfns) releaseGupRef(ctx, pfn, ring.foll, why);
}

/**
 * io_sqe_buffer_register: GUP with FOLL_WRITE | FOLL_LONGTERM per page (FOLL_GET 5.1..5.5, FOLL_PIN
 * from 5.6, §10.6), so registration write-faults the buffer. ENOSYS before 5.1; EBUSY when the ring
 * already has buffers; a ring another process set up is not this one's to use; a page that fails
 * undoes the registration (EFAULT). A ring whose last owner exited is gone with its fd.
 */
export function opIouringRegister(ctx: Ctx, op: OpOf<"iouring-register">): Outcome {
  const flags = chooseIouringRegisterFlags(ctx.policy)();
  if (flags === null) return { kind: "error", errno: "ENOSYS", why: "io_uring does not exist before 5.1" };
  const mm = mmOrError(ctx.world, op.pid);
  if (!isMm(mm)) return mm;
  const old = ctx.world.rings.get(op.ring);
  if (old !== undefined) {
    const usable = ringOf(ctx, op.pid, op.ring);
    if (!isRing(usable)) return usable;
    if (old.pfns !== null) return { kind: "error", errno: "EBUSY", why: "io_sqe_buffers_register: buffers already registered" };
  }
  const pfns: Pfn[] = [];
  let held: Foll = flags.foll;
  for (let i = 0; i < op.range.pages; i++) {
    const res = getUserPage(ctx, mm, op.range.start + i, flags);
    if (res.kind === "error") {
      for (const pfn of pfns) releaseGupRef(ctx, pfn, held, "io_sqe_buffer_register failed");
      return { kind: "error", errno: res.errno, why: `io_sqe_buffer_register: ${res.why}` };
    }
    held = res.held;
    pfns.push(res.pfn);
  }
  const owners = old?.owners ?? [op.pid];
  ctx.world.rings.set(op.ring, { owners, pfns, foll: held });
  const decision = { knob: "iouringBuffers", choice: ctx.policy.iouringBuffers } as const;
  const text = `io_sqe_buffer_register: ${pfns.length} page(s) held (${held === "pin" ? "FOLL_PIN" : "FOLL_GET"})`;
  emit(ctx, { kind: "gup", pid: op.pid, decision, text });
  return DONE;
}

/** The registered page at index, or EFAULT (io_import_fixed: no buffer there). */
function fixedPage(ring: Ring, index: number): Pfn | Outcome {
  const pfn = ring.pfns?.[index];
  return pfn ?? { kind: "error", errno: "EFAULT", why: "io_import_fixed: no registered buffer at that index" };
}

/** IORING_OP_WRITE_FIXED: the device reads the registered page. */
export function opRingRead(ctx: Ctx, op: OpOf<"ring-read">): Outcome {
  const ring = ringOf(ctx, op.pid, op.ring);
  if (!isRing(ring)) return ring;
  const pfn = fixedPage(ring, op.index);
  if (typeof pfn !== "number") return pfn;
  return { kind: "values", values: [deviceRead(ctx, pfn)] };
}

/** IORING_OP_READ_FIXED: the device writes the registered page. */
export function opRingWrite(ctx: Ctx, op: OpOf<"ring-write">): Outcome {
  const ring = ringOf(ctx, op.pid, op.ring);
  if (!isRing(ring)) return ring;
  const pfn = fixedPage(ring, op.index);
  if (typeof pfn !== "number") return pfn;
  deviceWrite(ctx, pfn, op.value);
  return DONE;
}

/** IORING_UNREGISTER_BUFFERS; the kernel says ENXIO when nothing is registered (EINVAL here). */
export function opIouringUnregister(ctx: Ctx, op: OpOf<"iouring-unregister">): Outcome {
  const ring = ringOf(ctx, op.pid, op.ring);
  if (!isRing(ring)) return ring;
  if (ring.pfns === null) return { kind: "error", errno: "EINVAL", why: "ENXIO: io_sqe_buffers_unregister: no buffers registered" };
  unregisterRing(ctx, ring, "io_sqe_buffers_unregister");
  return DONE;
}
