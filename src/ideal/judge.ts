// Compares a kernel outcome with what the ideal allows and classifies a disagreement with
// the vocabulary of the kernel's COW work (design.md §3): missed-cow, wrong-cow,
// lost-write, bad-fault, corruption.
import type { Allowed, PageAllowed } from "./allowed.js";
import type { Ideal } from "./ideal.js";
import { hasLivePin, logicalPage } from "./ideal.js";
import { everHeld, valuesSince, wasWritten } from "./logical.js";
import type { KernelOutcomeLike } from "./ops.js";

/** The divergence classes of design.md §3, in the kernel's own COW vocabulary. */
export type DivergenceClass = "missed-cow" | "wrong-cow" | "lost-write" | "bad-fault" | "corruption";

/** Every class, in the order reports list them. */
export const DIVERGENCE_CLASSES: readonly DivergenceClass[] = [
  "missed-cow", "wrong-cow", "lost-write", "bad-fault", "corruption",
];

/** What the kernel showed, as far as the verdict is concerned. */
export type Shown =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "segv" }
  /** The page was accessed without a fault. */
  | { readonly kind: "access" }
  | { readonly kind: "ok" }
  | { readonly kind: "error" };

/** What the ideal allowed instead. */
export type Permitted =
  | { readonly kind: "values"; readonly values: readonly number[] }
  | { readonly kind: "segv" }
  | { readonly kind: "access" }
  | { readonly kind: "ok" }
  | { readonly kind: "error" };

/** One observation the ideal does not allow. */
export interface Mismatch {
  readonly class: DivergenceClass;
  /** The page of the access, or null for a read through a reference or a system call's result. */
  readonly vpn: number | null;
  /** The logical page the observation was about, when there is one. */
  readonly page: number | null;
  readonly shown: Shown;
  readonly permitted: Permitted;
}

/**
 * Classifies a value `shown` through `pa` that the ideal does not allow, or returns null when
 * it is allowed. Order matters: a pin is coherent whatever the value (wrong-cow); a value from
 * a sibling page that this one never held is a leak (missed-cow); an older value of this page
 * is a lost write; anything else was never written anywhere related (corruption).
 */
export function classifyValue(ideal: Ideal, pa: PageAllowed, shown: number): DivergenceClass | null {
  if (pa.values.includes(shown)) return null;
  if (pa.via === "pin" || (pa.via === "mapping" && hasLivePin(ideal, pa.page))) return "wrong-cow";
  const own = logicalPage(ideal, pa.page);
  const heldSinceBound = valuesSince(own, pa.via === "get" ? pa.since : own.createdAt).includes(shown);
  if (!heldSinceBound && isWrittenInFamily(ideal, own.id, own.family, shown)) return "missed-cow";
  if (everHeld(own, shown)) return "lost-write";
  return "corruption";
}

function isWrittenInFamily(ideal: Ideal, self: number, family: number, value: number): boolean {
  for (const p of ideal.pages.values()) if (p.family === family && p.id !== self && wasWritten(p, value)) return true;
  return false;
}

/**
 * The first observation of `outcome` that `allowed` does not permit, classified; null when
 * everything is allowed or the outcome says nothing the ideal judges (blocked, unsupported).
 * `forceWrite` tells a force-write (whose unexpected success is corruption) from a GUP.
 */
export function judgeOutcome(
  ideal: Ideal, allowed: Allowed, outcome: KernelOutcomeLike, forceWrite: boolean,
): Mismatch | null {
  switch (allowed.kind) {
    case "read": return judgeRead(ideal, allowed, outcome);
    case "value": {
      const v = outcome.kind === "values" ? outcome.values?.[0] : undefined;
      return v === undefined ? null : judgeValue(ideal, allowed.page, v);
    }
    case "access":
      if (outcome.kind === "segv") return judgeFault(outcome.vpn ?? -1, allowed.segvAt, null);
      if (outcome.kind !== "done" || allowed.segvAt === null) return null;
      return faultMissing(allowed.segvAt);
    case "result": return judgeResult(allowed.ok, outcome, forceWrite);
  }
}

function judgeValue(ideal: Ideal, pa: PageAllowed, v: number): Mismatch | null {
  const cls = classifyValue(ideal, pa, v);
  if (cls === null) return null;
  const permitted: Permitted = { kind: "values", values: pa.values };
  return { class: cls, vpn: pa.vpn, page: pa.page, shown: { kind: "value", value: v }, permitted };
}

type ReadAllowed = Extract<Allowed, { kind: "read" }>;

function judgeRead(ideal: Ideal, allowed: ReadAllowed, outcome: KernelOutcomeLike): Mismatch | null {
  if (outcome.kind === "segv") return judgeFault(outcome.vpn ?? -1, allowed.segvAt, allowed.pages);
  if (outcome.kind !== "values") return null;
  for (const [i, v] of (outcome.values ?? []).entries()) {
    const pa = allowed.pages[i];
    if (pa === undefined) return allowed.segvAt === null ? null : faultMissing(allowed.segvAt);
    const m = judgeValue(ideal, pa, v);
    if (m !== null) return m;
  }
  return null;
}

/** The kernel faulted at `vpn`; the ideal faults at `segvAt` (null: nowhere). */
function judgeFault(vpn: number, segvAt: number | null, pages: readonly PageAllowed[] | null): Mismatch | null {
  if (segvAt === vpn) return null;
  if (segvAt !== null && segvAt < vpn) return faultMissing(segvAt);
  const pa = pages?.find((p) => p.vpn === vpn);
  const permitted: Permitted = pa === undefined ? { kind: "access" } : { kind: "values", values: pa.values };
  return { class: "bad-fault", vpn, page: pa?.page ?? null, shown: { kind: "segv" }, permitted };
}

/** The kernel accessed a page where the ideal must fault. */
function faultMissing(segvAt: number): Mismatch {
  return { class: "bad-fault", vpn: segvAt, page: null, shown: { kind: "access" }, permitted: { kind: "segv" } };
}

function judgeResult(ok: boolean, outcome: KernelOutcomeLike, forceWrite: boolean): Mismatch | null {
  if (outcome.kind !== "done" && outcome.kind !== "error") return null;
  const kernelOk = outcome.kind === "done";
  if (kernelOk === ok) return null;
  // A refused force-write that should have worked is a fault; one that worked where it must
  // not wrote memory the process may not change.
  const cls: DivergenceClass = forceWrite && kernelOk ? "corruption" : "bad-fault";
  return {
    class: cls, vpn: null, page: null,
    shown: kernelOk ? { kind: "ok" } : { kind: "error" },
    permitted: ok ? { kind: "ok" } : { kind: "error" },
  };
}
