// Taking and dropping the reference a GUP returns (mm/gup.c try_grab_page / try_grab_folio,
// unpin_user_page, put_page) and the device's view of the page it holds.
import type { Ctx } from "./context.js";
import { emit } from "./context.js";
import { chooseFollPin, pinRefs } from "./decisions/follPin.js";
import { chooseZeroPageGrab } from "./decisions/zeroPageNeverPinned.js";
import { frameOf, isZeroPfn, putPage } from "./frame.js";
import type { Foll } from "./gupTypes.js";
import type { Pfn, Pid } from "./ids.js";
import { modelBug } from "./modelBug.js";

/**
 * try_grab_page: a FOLL_GET adds one reference; a FOLL_PIN is accounted per follPin (a plain
 * reference before 5.6). The zero page's counters are never touched. Returns how it is held.
 */
export function tryGrabPage(ctx: Ctx, pid: Pid, pfn: Pfn, foll: Foll): Foll {
  const acct = foll === "pin" ? chooseFollPin(ctx.policy)() : { refs: 1, pincount: 0, held: "get" as const };
  if (isZeroPfn(ctx.world, pfn)) {
    const decision = { knob: "zeroPageNeverPinned", choice: String(ctx.policy.zeroPageNeverPinned) } as const;
    emit(ctx, { kind: "gup", pid, pfn, decision, text: chooseZeroPageGrab(ctx.policy)(acct.held) });
    return acct.held;
  }
  const frame = frameOf(ctx.world, pfn);
  frame.refcount += acct.refs;
  frame.pincount += acct.pincount;
  const what = acct.held === "pin" ? `FOLL_PIN (+${acct.refs}, pincount ${frame.pincount})` : "FOLL_GET (+1)";
  emit(ctx, { kind: "gup", pid, pfn, decision: { knob: "follPin", choice: ctx.policy.follPin }, text: `try_grab_page: ${what}` });
  return acct.held;
}

/** put_page for a FOLL_GET reference, unpin_user_page for a pin. */
export function releaseGupRef(ctx: Ctx, pfn: Pfn, held: Foll, why: string): void {
  if (isZeroPfn(ctx.world, pfn)) return;
  const frame = frameOf(ctx.world, pfn);
  emit(ctx, { kind: "put", pfn, text: `${why}: ${held === "pin" ? "unpin_user_page" : "put_page"}` });
  if (held === "get") {
    putPage(ctx, pfn);
    return;
  }
  // A holder releases only what it took; a pin without pincount is a model bug.
  if (frame.pincount <= 0) throw modelBug("unpin of pfn", pfn, "with pincount 0");
  frame.pincount--;
  putPage(ctx, pfn, pinRefs(ctx.policy));
}

/** The byte the device reads through a reference (the zero page reads its own value, 0). */
export function deviceRead(ctx: Ctx, pfn: Pfn): number {
  return frameOf(ctx.world, pfn).value;
}

/** The device stores into the page it holds; the page is dirtied (set_page_dirty_lock on release). */
export function deviceWrite(ctx: Ctx, pfn: Pfn, value: number): void {
  const frame = frameOf(ctx.world, pfn);
  frame.value = value;
  frame.dirty = true;
}
