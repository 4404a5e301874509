// A witness as ITF, the Informal Trace Format of Quint and Apalache: one state per line of the
// scenario (the start after the mmap, then one after each action), each with the action, what it
// observed, the verdict, and the kernel's PTEs and frames. Maps are ITF `#map` pairs.
import type { Outcome } from "../kernel/events.js";
import type { Policy } from "../kernel/policy.js";
import type { World } from "../kernel/state.js";
import { lockStep } from "../run/lockStep.js";
import { formatVersion } from "../history/index.js";
import { startState } from "./explore.js";
import type { Bounds } from "./actions.js";
import type { Witness } from "./outcome.js";
import { actionLine, processName, startOp } from "./witness.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";

type ItfValue = number | string | boolean | ItfValue[] | { readonly [key: string]: ItfValue };

const itfMap = (pairs: [ItfValue, ItfValue][]): ItfValue => ({ "#map": pairs });

function outcomeText(o: Outcome): string {
  switch (o.kind) {
    case "values": return o.values.join(",");
    case "segv": return `segv@${o.vpn - FIRST_REGION_VPN}`;
    case "error": return `error ${o.errno}`;
    case "blocked":
    case "unsupported":
    case "done":
    case "pagemap":
    case "frame": return o.kind;
  }
}

function ptesOf(w: World): ItfValue {
  const pairs: [ItfValue, ItfValue][] = [];
  for (const [pid, mm] of [...w.mms].sort((a, b) => a[0] - b[0])) {
    for (const [vpn, pte] of [...mm.ptes].sort((a, b) => a[0] - b[0])) {
      const key = `${processName(pid)}:buf[${vpn - FIRST_REGION_VPN}]`;
      pairs.push([key, pte.present ? { pfn: pte.pfn, write: pte.write, dirty: pte.dirty } : { swap: pte.slot }]);
    }
  }
  return itfMap(pairs);
}

function framesOf(w: World): ItfValue {
  return itfMap([...w.frames.values()].map((f) => [f.pfn, {
    value: f.value, refcount: f.refcount, mapcount: f.mapcount, pincount: f.pincount, exclusive: f.anonExclusive,
  }]));
}

/** The ITF document of a witness under `policy`. */
export function witnessItf(w: Witness, policy: Policy, bounds: Bounds): unknown {
  const lock = startState(bounds, policy);
  const state = (i: number, action: string, observed: string, verdict: string): Record<string, ItfValue> => ({
    "#meta": { index: i }, action, observed, verdict, ptes: ptesOf(lock.world), frames: framesOf(lock.world),
  });
  const states = [state(0, actionLine(startOp(bounds.pages)), "done", "ok")];
  w.path.forEach((a, i) => {
    const v = lockStep(lock, a.op, policy);
    const verdict = v.invariant !== null ? `invariant ${v.invariant.invariant}` : (v.divergence ?? "ok");
    states.push(state(i + 1, actionLine(a.op), outcomeText(v.outcome), verdict));
  });
  return {
    "#meta": { format: "ITF", source: "cowlab explore", kernel: formatVersion(policy.version), era: policy.era, class: w.class },
    vars: ["action", "observed", "verdict", "ptes", "frames"],
    states,
  };
}
