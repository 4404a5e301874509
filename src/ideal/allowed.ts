// What the ideal machine allows an observation to show, per op kind: the values each page
// may read, where an access must fault, whether a system call must succeed.
import type { LogicalId } from "./logical.js";

/** How an observation reaches its logical page. */
export type Via = "mapping" | "pin" | "get";

/** The values one page may show, and the logical page and binding behind them. */
export interface PageAllowed {
  /** The virtual page for an access through a mapping; null for a reference. */
  readonly vpn: number | null;
  readonly page: LogicalId;
  /** Allowed values, oldest first: one for a mapping or a pin, a window for a FOLL_GET reference. */
  readonly values: readonly number[];
  readonly via: Via;
  /** When the mapping or reference was bound (the ideal's clock). */
  readonly since: number;
}

/** The ideal's verdict on an op's observable outcome. */
export type Allowed =
  /** A region read: `pages` in order up to `segvAt`, the first page that must fault (or null). */
  | { readonly kind: "read"; readonly pages: readonly PageAllowed[]; readonly segvAt: number | null }
  /** A read through a pipe buffer, a pin or a ring page. */
  | { readonly kind: "value"; readonly page: PageAllowed }
  /** A region write: it must fault at `segvAt`, or complete when null. */
  | { readonly kind: "access"; readonly segvAt: number | null }
  /** A system call that must succeed (ok) or fail: GUP on vmsplice, pin, io_uring registration; force-write. */
  | { readonly kind: "result"; readonly ok: boolean };

/** The result of one ideal step. `allowed` is null when the ideal has no opinion on the outcome. */
export interface IdealResult {
  readonly allowed: Allowed | null;
}
