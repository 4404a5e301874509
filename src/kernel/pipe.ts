// vmsplice(2) into a pipe and read(2) from it (fs/splice.c vmsplice_to_pipe → iter_to_pipe →
// iov_iter_get_pages): every page becomes a pipe buffer holding a FOLL_GET read reference,
// in every era (§10.7); 5.8's forced COW break applies to it like to any GUP.
import type { Ctx } from "./context.js";
import type { Outcome } from "./events.js";
import { getUserPage } from "./gup.js";
import { deviceRead, releaseGupRef } from "./gupGrab.js";
import { FOLL_GET_READ } from "./gupTypes.js";
import type { PipeBuf } from "./state.js";
import { DONE, isMm, mmOrError } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";

/**
 * vmsplice: one read GUP per page, queued in page order (an unmapped page is faulted in first,
 * as GUP does). When a page fails, the pages before it stay queued and the call returns their
 * bytes; only a failure on the first page is EFAULT. The pipe's 16-buffer limit is not modelled.
 */
export function opVmsplice(ctx: Ctx, op: OpOf<"vmsplice">): Outcome {
  const mm = mmOrError(ctx.world, op.pid);
  if (!isMm(mm)) return mm;
  const bufs = ctx.world.pipes.get(op.pipe) ?? [];
  ctx.world.pipes.set(op.pipe, bufs);
  for (let i = 0; i < op.range.pages; i++) {
    const res = getUserPage(ctx, mm, op.range.start + i, FOLL_GET_READ);
    if (res.kind === "error") return i === 0 ? { kind: "error", errno: res.errno, why: `vmsplice: ${res.why}` } : DONE;
    const buf: PipeBuf = { pfn: res.pfn };
    bufs.push(buf);
  }
  return DONE;
}

/** read(2) of one page: the oldest buffer's bytes; its reference is dropped. An empty pipe blocks. */
export function opPipeRead(ctx: Ctx, op: OpOf<"pipe-read">): Outcome {
  const bufs = ctx.world.pipes.get(op.pipe);
  const buf = bufs?.shift();
  if (buf === undefined) return { kind: "blocked", why: "read of an empty pipe waits for a writer forever" };
  const value = deviceRead(ctx, buf.pfn);
  releaseGupRef(ctx, buf.pfn, "get", "pipe_read: buffer consumed, anon_pipe_buf_release");
  return { kind: "values", values: [value] };
}
