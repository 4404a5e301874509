// pwrite(2) to /proc/self/mem (fs/proc/base.c mem_rw → access_remote_vm): a GUP with
// FOLL_FORCE | FOLL_WRITE on one page, a store into the page it returns, then put_page.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import type { Outcome } from "./events.js";
import { getUserPage } from "./gup.js";
import { deviceWrite, releaseGupRef } from "./gupGrab.js";
import type { GupFlags } from "./gupTypes.js";
import { DONE, isMm, mmOrError } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";

const FORCE_WRITE: GupFlags = { write: true, force: true, foll: "get", longterm: false };

/**
 * The write lands in whatever page GUP settles on: the process's own COW copy from 4.9 on, and
 * in era A possibly another page once FOLL_WRITE was dropped. Any GUP failure (no VMA, a shared
 * mapping without VM_WRITE) makes mem_rw return EIO, since access_remote_vm copied nothing.
 */
export function opForceWrite(ctx: Ctx, op: OpOf<"force-write">): Outcome {
  const mm = mmOrError(ctx.world, op.pid);
  if (!isMm(mm)) return mm;
  const res = getUserPage(ctx, mm, op.vpn, FORCE_WRITE);
  if (res.kind === "error") return { kind: "error", errno: "EIO", why: `mem_rw: ${res.why}` };
  // copy_to_user_page + set_page_dirty_lock.
  deviceWrite(ctx, res.pfn, op.value);
  emit(ctx, { kind: "flag", pid: op.pid, vpn: op.vpn, pfn: res.pfn, text: "access_remote_vm: store through the GUP page" });
  releaseGupRef(ctx, res.pfn, res.held, "access_remote_vm");
  return DONE;
}
