// The flag word of a PTE, as the fingerprint and the packed state both write it: bit 0
// present, then write, dirty, soft-dirty, uffd-wp, and swp-exclusive for a swap entry.
import type { Pte } from "../kernel/state.js";

const bit = (x: boolean, n: number): number => (x ? 1 << n : 0);

export function pteBits(p: Pte): number {
  return p.present
    ? 1 | bit(p.write, 1) | bit(p.dirty, 2) | bit(p.softDirty, 3) | bit(p.uffdWp, 4)
    : bit(p.softDirty, 3) | bit(p.uffdWp, 4) | bit(p.exclusive, 5);
}
