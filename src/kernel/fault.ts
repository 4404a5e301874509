// Page faults on anonymous memory (mm/memory.c handle_mm_fault).
// STUB: owned by the kernel-core work; replaced with the real implementation.
import type { Ctx } from "./context.js";
import type { FaultRequest, FaultResult } from "./faultTypes.js";
import type { Vpn } from "./ids.js";
import type { Mm } from "./state.js";

/** handle_mm_fault for one page of mm. */
export function handleMmFault(_ctx: Ctx, _mm: Mm, _vpn: Vpn, _req: FaultRequest): FaultResult {
  throw new Error("not implemented: handleMmFault");
}
