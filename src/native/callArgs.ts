// A call of a prelude function with its arguments, each spelt twice: as C for the readable
// program, and as a bytecode token for the interpreter (numbers, or the C constant's name).
import type { Advice, PageRange, Prot } from "../kernel/ops.js";
import type { Vpn } from "../kernel/ids.js";
import type { Layout } from "./layout.js";
import { pageOf } from "./layout.js";

/** One argument: its C text, and its bytecode token (null: not passed to the interpreter). */
export interface CArg {
  readonly c: string;
  readonly b: string | null;
}

/** A call of a prelude function. */
export interface CCall {
  readonly fn: string;
  readonly args: readonly CArg[];
}

const PROT_C: Record<Prot, string> = { rw: "PROT_READ | PROT_WRITE", ro: "PROT_READ", none: "PROT_NONE" };

const ADVICE_C: Record<Exclude<Advice, "hugepage" | "collapse">, string> = {
  dontneed: "MADV_DONTNEED", dontfork: "MADV_DONTFORK", dofork: "MADV_DOFORK",
  wipeonfork: "MADV_WIPEONFORK", keeponfork: "MADV_KEEPONFORK", pageout: "MADV_PAGEOUT",
  mergeable: "MADV_MERGEABLE", unmergeable: "MADV_UNMERGEABLE", nohugepage: "MADV_NOHUGEPAGE",
};

/** A byte as a C literal: `'A'` for a capital letter, else decimal. */
export function cValue(v: number): string {
  return v >= 65 && v <= 90 ? `'${String.fromCharCode(v)}'` : String(v);
}

/** A number, the same in C and bytecode. */
export function numArg(n: number): CArg {
  return { c: String(n), b: String(n) };
}

/** A line number (the first argument of every op_* call). */
export const lineArg = numArg;

/** A byte value: a letter literal in C, decimal in bytecode. */
export function valueArg(v: number): CArg {
  return { c: cValue(v), b: String(v) };
}

/** A C constant expression: the interpreter looks the names up (`PROT_READ|PROT_WRITE`). */
function constArg(c: string): CArg {
  return { c, b: c.replace(/ /g, "") };
}

/** mmap / mprotect protection bits. */
export function protArg(p: Prot): CArg {
  return constArg(PROT_C[p]);
}

/** A MADV_* constant. */
export function adviceArg(a: Exclude<Advice, "hugepage" | "collapse">): CArg {
  return constArg(ADVICE_C[a]);
}

/** Region and page index of one page: `&R_buf, 3`. */
export function pageArgs(layout: Layout, vpn: Vpn): [CArg, CArg] {
  const ref = pageOf(layout, vpn);
  return [{ c: `&${ref.region.ident}`, b: String(ref.region.index) }, numArg(ref.index)];
}

/** Region, first page index and page count of a range: `&R_buf, 0, 2`. */
export function rangeArgs(layout: Layout, range: PageRange): [CArg, CArg, CArg] {
  return [...pageArgs(layout, range.start), numArg(range.pages)];
}

/** The call as one C statement. */
export function formatCall(call: CCall): string {
  return `${call.fn}(${call.args.map((a) => a.c).join(", ")});`;
}
