// Logical pages: the memory a program may rely on. Each keeps its value history (for FOLL_GET
// windows and for telling a leak from a lost write) and a family: the page an mmap created
// and every copy fork, wipe-on-fork or MADV_DONTNEED later made of it in that slot.

/** Identifies one logical page for the life of an ideal machine (never reused). */
export type LogicalId = number;

/** How a value came to be held: a fresh zero fill, a copy made by fork, or a store. */
export type EntryKind = "fill" | "copy" | "write";

/** One value a logical page held from `at` (the ideal's clock) until the next entry. */
export interface HistoryEntry {
  readonly value: number;
  readonly at: number;
  readonly kind: EntryKind;
}

/** One logical page: the unit of memory a program may rely on. */
export interface LogicalPage {
  readonly id: LogicalId;
  /** Pages of one family descend from one mmap'd page; a value seen across them is a leak. */
  readonly family: number;
  readonly createdAt: number;
  /** Oldest first; never empty. The last entry is the current value. */
  readonly history: HistoryEntry[];
  /**
   * True once anything was stored into the page or the page it was forked from. A private page
   * never stored to is one the kernel may back with the shared zero page.
   */
  stored: boolean;
}

/** The value the page holds now. */
export function currentValue(page: LogicalPage): number {
  const last = page.history[page.history.length - 1];
  // createLogicalPage always records the first entry, so the history is never empty.
  if (last === undefined) throw new Error(`model bug: logical page ${page.id} has no history`);
  return last.value;
}

/** Records a store into the page at time `at`. */
export function storeValue(page: LogicalPage, value: number, at: number): void {
  page.history.push({ value, at, kind: "write" });
  page.stored = true;
}

/**
 * The values a reference taken at `since` may show: the value the page held then, and every
 * later value, in the order they were held, without repeats.
 */
export function valuesSince(page: LogicalPage, since: number): number[] {
  const out: number[] = [];
  page.history.forEach((e, i) => {
    const next = page.history[i + 1];
    const heldAtOrAfter = e.at >= since || next === undefined || next.at > since;
    if (heldAtOrAfter && !out.includes(e.value)) out.push(e.value);
  });
  return out;
}

/** True when a store (not a fill or fork copy) put `value` into the page at some time. */
export function wasWritten(page: LogicalPage, value: number): boolean {
  return page.history.some((e) => e.kind === "write" && e.value === value);
}

/** True when the page held `value` at any time. */
export function everHeld(page: LogicalPage, value: number): boolean {
  return page.history.some((e) => e.value === value);
}
