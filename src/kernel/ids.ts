// Branded identifiers of the model. Plain numbers at run time; the brands keep a
// pfn from being passed where a pid is meant.

/** A process (one mm each). */
export type Pid = number & { readonly __brand: "Pid" };
/** A page frame number: one struct page of the model. */
export type Pfn = number & { readonly __brand: "Pfn" };
/** A virtual page number (address >> PAGE_SHIFT). */
export type Vpn = number;
/** A swap slot (swp_entry_t offset on the one swap device). */
export type SwapSlot = number & { readonly __brand: "SwapSlot" };
/** A pipe of the scenario (vmsplice target). */
export type PipeId = number & { readonly __brand: "PipeId" };
/** An io_uring instance with registered fixed buffers. */
export type RingId = number & { readonly __brand: "RingId" };
/** A generic GUP reference or pin taken through gup_test. */
export type PinId = number & { readonly __brand: "PinId" };

export const asPid = (n: number): Pid => n as Pid;
export const asPfn = (n: number): Pfn => n as Pfn;
export const asSwapSlot = (n: number): SwapSlot => n as SwapSlot;
export const asPipeId = (n: number): PipeId => n as PipeId;
export const asRingId = (n: number): RingId => n as RingId;
export const asPinId = (n: number): PinId => n as PinId;

/** Bytes per base page; values fill whole pages, so only the count matters. */
export const PAGE_SIZE = 4096;
