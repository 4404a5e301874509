// The ops on kernel-held references and kernel events: vmsplice and pipes, io_uring fixed
// buffers, gup_test pins, /proc/self/mem writes, KSM, migration, reclaim, LRU drain, and the
// fork/exit hooks for their holders. The code lives in one file per family; step imports here.
import type { Ctx } from "./context.js";
import type { Outcome } from "./events.js";
import { lruAddDrain } from "./lru.js";
import { DONE } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";

export { opForceWrite } from "./forceWrite.js";
export { opPin, opPinRead, opPinWrite, opUnpin } from "./gupTest.js";
export { holdersOnExit, holdersOnFork } from "./holders.js";
export { opIouringRegister, opIouringUnregister, opRingRead, opRingWrite } from "./iouring.js";
export { canReuseKsmPage, madviseMergeable } from "./ksm.js";
export { opKsmScan } from "./ksmScan.js";
export { opMigrate } from "./migrate.js";
export { opPipeRead, opVmsplice } from "./pipe.js";
export { opReclaim } from "./reclaim.js";

/** `kernel: lru-drain`: lru_add_drain on the one CPU. */
export function opLruDrain(ctx: Ctx, _op: OpOf<"lru-drain">): Outcome {
  lruAddDrain(ctx, "lru_add_drain");
  return DONE;
}
