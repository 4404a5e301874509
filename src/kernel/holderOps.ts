// The ops on kernel-held references and kernel events: vmsplice and pipes, io_uring fixed
// buffers, gup_test pins, /proc/self/mem writes, KSM, migration, reclaim, LRU drain.
// STUB barrel: owned by the kernel-gup/swap work, which keeps these export names.
import type { Ctx } from "./context.js";
import type { Outcome } from "./events.js";
import type { Pid } from "./ids.js";
import type { Op, PageRange } from "./ops.js";
import type { Frame, Mm } from "./state.js";

type OpOf<K extends Op["kind"]> = Extract<Op, { kind: K }>;
const todo = (what: string): never => {
  throw new Error(`not implemented: ${what}`);
};

export const opVmsplice = (_c: Ctx, _op: OpOf<"vmsplice">): Outcome => todo("vmsplice");
export const opPipeRead = (_c: Ctx, _op: OpOf<"pipe-read">): Outcome => todo("pipe-read");
export const opIouringRegister = (_c: Ctx, _op: OpOf<"iouring-register">): Outcome => todo("iouring-register");
export const opRingRead = (_c: Ctx, _op: OpOf<"ring-read">): Outcome => todo("ring-read");
export const opRingWrite = (_c: Ctx, _op: OpOf<"ring-write">): Outcome => todo("ring-write");
export const opIouringUnregister = (_c: Ctx, _op: OpOf<"iouring-unregister">): Outcome => todo("iouring-unregister");
export const opPin = (_c: Ctx, _op: OpOf<"pin">): Outcome => todo("pin");
export const opPinRead = (_c: Ctx, _op: OpOf<"pin-read">): Outcome => todo("pin-read");
export const opPinWrite = (_c: Ctx, _op: OpOf<"pin-write">): Outcome => todo("pin-write");
export const opUnpin = (_c: Ctx, _op: OpOf<"unpin">): Outcome => todo("unpin");
export const opForceWrite = (_c: Ctx, _op: OpOf<"force-write">): Outcome => todo("force-write");
export const opKsmScan = (_c: Ctx, _op: OpOf<"ksm-scan">): Outcome => todo("ksm-scan");
export const opLruDrain = (_c: Ctx, _op: OpOf<"lru-drain">): Outcome => todo("lru-drain");
export const opMigrate = (_c: Ctx, _op: OpOf<"migrate">): Outcome => todo("migrate");
export const opReclaim = (_c: Ctx, _op: OpOf<"reclaim">): Outcome => todo("reclaim");

/** madvise MERGEABLE / UNMERGEABLE (mm/ksm.c ksm_madvise; unmerge breaks KSM pages back to anon copies). */
export const madviseMergeable = (_c: Ctx, _mm: Mm, _r: PageRange, _on: boolean): Outcome => todo("madvise mergeable");
/** A write fault on a KSM page may reuse it (ksmReuse knob: reuse_ksm_page 5.1..5.8); true if reused. */
export const canReuseKsmPage = (_c: Ctx, _frame: Frame): boolean => todo("ksm reuse");
/** fork: the child inherits the parent's io_uring fds (rings) and nothing else held by the kernel. */
export const holdersOnFork = (_c: Ctx, _parent: Pid, _child: Pid): void => todo("holders on fork");
/** exit: the process closes its ring fds (unregister when it was the last owner) and gup_test pins. */
export const holdersOnExit = (_c: Ctx, _pid: Pid): void => todo("holders on exit");
