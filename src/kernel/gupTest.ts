// Generic GUP references as the gup_test device takes them (mm/gup_test.c PIN_LONGTERM_TEST_*):
// pin_user_pages (FOLL_PIN) or get_user_pages (`get`), held until unpin or the holder exits.
import type { Ctx } from "./context.js";
import type { Outcome } from "./events.js";
import { getUserPage } from "./gup.js";
import { deviceRead, deviceWrite, releaseGupRef } from "./gupGrab.js";
import type { GupFlags } from "./gupTypes.js";
import type { Pin } from "./state.js";
import { DONE, isMm, mmOrError } from "./opTypes.js";
import type { OpOf } from "./opTypes.js";
import type { PinId } from "./ids.js";

function pinOf(ctx: Ctx, id: PinId): Pin | Outcome {
  return ctx.world.pins.get(id) ?? { kind: "error", errno: "EINVAL", why: "no such pin" };
}

function isPin(x: Pin | Outcome): x is Pin {
  return "foll" in x;
}

/** PIN_LONGTERM_TEST_START for one page: FOLL_PIN unless `get`, FOLL_WRITE if `rw`, FOLL_LONGTERM if asked. */
export function opPin(ctx: Ctx, op: OpOf<"pin">): Outcome {
  const mm = mmOrError(ctx.world, op.pid);
  if (!isMm(mm)) return mm;
  if (ctx.world.pins.has(op.pin)) return { kind: "error", errno: "EINVAL", why: "the pin is already held" };
  const flags: GupFlags = { write: op.write, force: false, foll: op.get ? "get" : "pin", longterm: op.longterm };
  const res = getUserPage(ctx, mm, op.vpn, flags);
  if (res.kind === "error") return { kind: "error", errno: res.errno, why: `gup_test: ${res.why}` };
  ctx.world.pins.set(op.pin, { pfn: res.pfn, foll: res.held, write: op.write, longterm: op.longterm, owner: op.pid });
  return DONE;
}

/** The device reads the pinned page. */
export function opPinRead(ctx: Ctx, op: OpOf<"pin-read">): Outcome {
  const pin = pinOf(ctx, op.pin);
  if (!isPin(pin)) return pin;
  return { kind: "values", values: [deviceRead(ctx, pin.pfn)] };
}

/**
 * The device writes the pinned page. A pin taken without FOLL_WRITE is mapped read-only for the
 * device (an IOMMU read-only mapping), so the write fails with EFAULT instead of changing a page
 * the kernel may share (the zero page, a COW-shared page).
 */
export function opPinWrite(ctx: Ctx, op: OpOf<"pin-write">): Outcome {
  const pin = pinOf(ctx, op.pin);
  if (!isPin(pin)) return pin;
  if (!pin.write) return { kind: "error", errno: "EFAULT", why: "the pin is read-only (no FOLL_WRITE)" };
  deviceWrite(ctx, pin.pfn, op.value);
  return DONE;
}

/** PIN_LONGTERM_TEST_STOP for one pin: unpin_user_page, or put_page for a `get` reference. */
export function opUnpin(ctx: Ctx, op: OpOf<"unpin">): Outcome {
  const pin = pinOf(ctx, op.pin);
  if (!isPin(pin)) return pin;
  ctx.world.pins.delete(op.pin);
  releaseGupRef(ctx, pin.pfn, pin.foll, "gup_test unpin");
  return DONE;
}
