// Where lower places regions in every process's address space: the first at vpn 0x10000,
// each next one 2 MiB-aligned with a 2 MiB gap, so a THP can back any region later.
import type { Vpn } from "../kernel/ids.js";

/** The first region's page number (address 0x10000000). */
export const FIRST_REGION_VPN: Vpn = 0x10000;
/** 2 MiB in 4 KiB pages: the alignment and the gap between regions. */
export const REGION_ALIGN_PAGES = 512;

/** Start pages of regions of the given sizes, in definition order. */
export function placeRegions(sizes: readonly number[]): Vpn[] {
  const starts: Vpn[] = [];
  let next = FIRST_REGION_VPN;
  for (const pages of sizes) {
    starts.push(next);
    const end = next + pages;
    next = Math.ceil(end / REGION_ALIGN_PAGES) * REGION_ALIGN_PAGES + REGION_ALIGN_PAGES;
  }
  return starts;
}
