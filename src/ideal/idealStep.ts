// One step of the ideal machine in lock-step with the kernel: apply the op's logical
// effect and say what its outcome may show. The kernel's outcome comes in only to skip
// ops the version refused for availability and to follow whether a GUP took its references.
import type { IdealResult } from "./allowed.js";
import { idealForceWrite, idealRead, idealWrite } from "./accessOps.js";
import type { Ideal } from "./ideal.js";
import { idealExit, idealFork, idealMadvise, idealMmap, idealMprotect, idealMunmap } from "./mappingOps.js";
import type { IdealOp, KernelOutcomeLike } from "./ops.js";
import {
  idealIouringRegister, idealIouringUnregister, idealPin, idealPinRead, idealPinWrite, idealPipeRead,
  idealRingRead, idealRingWrite, idealVmsplice,
} from "./referenceOps.js";

const NO_OPINION: IdealResult = { allowed: null };

/**
 * True when the kernel refused the call because this version lacks it: ENOSYS (io_uring before
 * 5.1), or EINVAL from madvise (MADV_PAGEOUT before 5.4, MADV_WIPEONFORK before 4.14, or an
 * advice the mapping cannot take). The ideal then applies nothing.
 */
export function isAvailabilityRefusal(op: IdealOp, outcome: KernelOutcomeLike): boolean {
  if (outcome.kind !== "error") return false;
  return outcome.errno === "ENOSYS" || (op.kind === "madvise" && outcome.errno === "EINVAL");
}

/** Steps the ideal machine (in place) by one op whose kernel outcome is `outcome`. */
export function idealStep(ideal: Ideal, op: IdealOp, outcome: KernelOutcomeLike): IdealResult {
  ideal.clock++;
  if (isAvailabilityRefusal(op, outcome)) return NO_OPINION;
  return { allowed: dispatch(ideal, op, outcome) };
}

function dispatch(ideal: Ideal, op: IdealOp, outcome: KernelOutcomeLike): IdealResult["allowed"] {
  switch (op.kind) {
    case "mmap":
      if (outcome.kind !== "error") idealMmap(ideal, op.pid, op.range, op.prot, op.shared);
      return null;
    case "munmap": idealMunmap(ideal, op.pid, op.range); return null;
    case "mprotect": idealMprotect(ideal, op.pid, op.range, op.prot); return null;
    case "madvise": idealMadvise(ideal, op.pid, op.range, op.advice); return null;
    case "fork":
      if (outcome.kind !== "error") idealFork(ideal, op.pid, op.child);
      return null;
    case "exit": idealExit(ideal, op.pid); return null;
    case "read": return idealRead(ideal, op.pid, op.range);
    case "write": return idealWrite(ideal, op.pid, op.range, op.value);
    case "force-write": return idealForceWrite(ideal, op.pid, op.vpn, op.value, outcome);
    case "vmsplice": return idealVmsplice(ideal, op.pid, op.range, op.pipe, outcome);
    case "pipe-read": return idealPipeRead(ideal, op.pipe, outcome);
    case "pin": return idealPin(ideal, op, outcome);
    case "pin-read": return idealPinRead(ideal, op.pin);
    case "pin-write": idealPinWrite(ideal, op.pin, op.value, outcome); return null;
    case "unpin": ideal.pins.delete(op.pin); return null;
    case "iouring-register": return idealIouringRegister(ideal, op.pid, op.range, op.ring, outcome);
    case "ring-read": return idealRingRead(ideal, op.ring, op.index);
    case "ring-write": idealRingWrite(ideal, op.ring, op.index, op.value, outcome); return null;
    case "iouring-unregister": idealIouringUnregister(ideal, op.ring); return null;
    // Soft-dirty, pagemap, frames, KSM, LRU, migration and reclaim change no logical value.
    case "clear-refs":
    case "pagemap":
    case "frame":
    case "ksm-scan":
    case "lru-drain":
    case "migrate":
    case "reclaim":
      return null;
    default: {
      const never: never = op;
      // IdealOp is closed; a new kernel op kind needs its ideal rule here first.
      throw new Error(`model bug: no ideal rule for op ${JSON.stringify(never)}`);
    }
  }
}
