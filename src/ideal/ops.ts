// The operations and kernel outcomes the ideal machine reads, as structural types. ideal/
// imports nothing of ours, so these restate the shape of kernel/ops.ts and kernel/events.ts;
// a kernel Op and Outcome are assignable to them (test/ideal/ops.test.ts checks it).

/** A page range [start, start + pages). */
export interface IdealRange {
  readonly start: number;
  readonly pages: number;
}

/** Every operation, tagged by `kind` like the kernel's Op; ids are plain numbers here. */
export type IdealOp =
  | { readonly kind: "mmap"; readonly pid: number; readonly range: IdealRange; readonly prot: "rw" | "ro" | "none";
      readonly shared: boolean }
  | { readonly kind: "munmap"; readonly pid: number; readonly range: IdealRange }
  | { readonly kind: "mprotect"; readonly pid: number; readonly range: IdealRange; readonly prot: "rw" | "ro" | "none" }
  | { readonly kind: "madvise"; readonly pid: number; readonly range: IdealRange; readonly advice: string }
  | { readonly kind: "write"; readonly pid: number; readonly range: IdealRange; readonly value: number }
  | { readonly kind: "read"; readonly pid: number; readonly range: IdealRange }
  | { readonly kind: "fork"; readonly pid: number; readonly child: number }
  | { readonly kind: "exit"; readonly pid: number }
  | { readonly kind: "force-write"; readonly pid: number; readonly vpn: number; readonly value: number }
  | { readonly kind: "clear-refs"; readonly pid: number }
  | { readonly kind: "vmsplice"; readonly pid: number; readonly range: IdealRange; readonly pipe: number }
  | { readonly kind: "pipe-read"; readonly pid: number; readonly pipe: number }
  | { readonly kind: "iouring-register"; readonly pid: number; readonly range: IdealRange; readonly ring: number }
  | { readonly kind: "ring-read"; readonly pid: number; readonly ring: number; readonly index: number }
  | { readonly kind: "ring-write"; readonly pid: number; readonly ring: number; readonly index: number;
      readonly value: number }
  | { readonly kind: "iouring-unregister"; readonly pid: number; readonly ring: number }
  | { readonly kind: "pin"; readonly pid: number; readonly vpn: number; readonly write: boolean;
      readonly longterm: boolean; readonly get: boolean; readonly pin: number }
  | { readonly kind: "pin-read"; readonly pid: number; readonly pin: number }
  | { readonly kind: "pin-write"; readonly pid: number; readonly pin: number; readonly value: number }
  | { readonly kind: "unpin"; readonly pid: number; readonly pin: number }
  | { readonly kind: "pagemap"; readonly pid: number; readonly vpn: number }
  | { readonly kind: "frame"; readonly pid: number; readonly vpn: number }
  | { readonly kind: "ksm-scan" }
  | { readonly kind: "lru-drain" }
  | { readonly kind: "migrate"; readonly pid: number; readonly vpn: number }
  | { readonly kind: "reclaim"; readonly pid: number; readonly vpn: number };

/**
 * What the kernel showed for the same op, as far as the ideal needs it: the kind, the values
 * read, the faulting page, the errno. The kernel's Outcome union is assignable to this.
 */
export interface KernelOutcomeLike {
  readonly kind: string;
  readonly values?: readonly number[];
  readonly vpn?: number;
  readonly errno?: string;
}
