// What fork and exit do to references held on a process's behalf: a child shares the
// parent's io_uring fds; exit closes them (the ring unregisters when its last owner goes)
// and releases the gup_test file, dropping its pins. Pipes belong to nobody and stay.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { releaseGupRef } from "./gupGrab.js";
import type { Pid, PinId } from "./ids.js";
import { unregisterRing } from "./iouring.js";

/** dup_fd at fork: every ring the parent can use, the child can too. */
export function holdersOnFork(ctx: Ctx, parent: Pid, child: Pid): void {
  for (const ring of ctx.world.rings.values()) {
    if (ring.owners.includes(parent) && !ring.owners.includes(child)) ring.owners.push(child);
  }
}

/** exit_files: close the process's rings and gup_test file. */
export function holdersOnExit(ctx: Ctx, pid: Pid): void {
  for (const [id, ring] of [...ctx.world.rings].sort((a, b) => a[0] - b[0])) {
    const i = ring.owners.indexOf(pid);
    if (i < 0) continue;
    ring.owners.splice(i, 1);
    if (ring.owners.length > 0 || ring.pfns === null) continue;
    emit(ctx, { kind: "put", pid, text: `io_ring_ctx_free: ring ${id} closed by its last owner` });
    unregisterRing(ctx, ring, "io_sqe_buffers_unregister at ring release");
  }
  const mine: PinId[] = [];
  for (const [id, pin] of ctx.world.pins) if (pin.owner === pid) mine.push(id);
  for (const id of mine.sort((a, b) => a - b)) {
    const pin = ctx.world.pins.get(id);
    if (pin === undefined) continue;
    ctx.world.pins.delete(id);
    releaseGupRef(ctx, pin.pfn, pin.foll, "gup_test release");
  }
}
