// Clearing page-table entries (mm/memory.c zap_pte_range).
// STUB: owned by the kernel-core work; replaced with the real implementation.
import type { Ctx } from "./context.js";
import type { Vpn } from "./ids.js";
import type { Mm } from "./state.js";

/** Clears the PTE at vpn: a present page loses one mapping and one reference, a swap entry one swap count. */
export function zapPte(_ctx: Ctx, _mm: Mm, _vpn: Vpn): void {
  throw new Error("not implemented: zapPte");
}
