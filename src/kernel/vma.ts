// vm_area_struct lookup and the mm of a process (mm/mmap.c find_vma).
// STUB: owned by the kernel-core work; replaced with the real implementation.
import type { Pid, Vpn } from "./ids.js";
import type { Mm, Vma, World } from "./state.js";

export function getMm(world: World, pid: Pid): Mm | undefined {
  return world.mms.get(pid);
}

/** The VMA containing vpn, or undefined. */
export function findVma(mm: Mm, vpn: Vpn): Vma | undefined {
  return mm.vmas.find((v) => v.start <= vpn && vpn < v.end);
}
