// One sentence for a divergence: the most recent kernel decision on the frames or pages
// involved, with the history record that set that choice and the one that changed it later.
import type { KernelEvent } from "../kernel/events.js";
import type { World } from "../kernel/state.js";
import type { Decision, KnobName, Policy } from "../kernel/policy.js";
import type { HistoryRecord } from "../history/record.js";
import { RECORDS } from "../history/index.js";
import { compareVersions, formatVersion, OLDEST_VERSION } from "../history/versions.js";

/** The frames and pages (pid:vpn) an observation went through. */
export interface Involved {
  readonly pfns: ReadonlySet<number>;
  readonly pages: ReadonlySet<string>;
}

/** The key of a page in Involved.pages. */
export const pageKey = (pid: number, vpn: number): string => `${pid}:${vpn}`;

/**
 * The most recent event with a decision on what is involved; `history` is oldest first. A
 * fork-share event speaks for the parent's whole VMA (it names its first page): it covers the
 * same virtual pages in every process, since fork keeps addresses.
 */
export function findDecisionEvent(
  history: readonly (readonly KernelEvent[])[], involved: Involved, world: World,
): KernelEvent | null {
  for (let s = history.length - 1; s >= 0; s--) {
    const events = history[s] ?? [];
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e?.decision !== undefined && (touches(e, involved) || coversByFork(e, involved, world))) return e;
    }
  }
  return null;
}

function touches(e: KernelEvent, inv: Involved): boolean {
  if (e.pfn !== undefined && inv.pfns.has(e.pfn)) return true;
  if (e.to !== undefined && inv.pfns.has(e.to)) return true;
  return e.pid !== undefined && e.vpn !== undefined && inv.pages.has(pageKey(e.pid, e.vpn));
}

function coversByFork(e: KernelEvent, inv: Involved, world: World): boolean {
  if (e.kind !== "fork-share" || e.pid === undefined || e.vpn === undefined) return false;
  const start = e.vpn;
  const end = world.mms.get(e.pid)?.vmas.find((v) => v.start === start)?.end ?? start + 1;
  for (const key of inv.pages) {
    const vpn = Number(key.slice(key.indexOf(":") + 1));
    if (vpn >= start && vpn < end) return true;
  }
  return false;
}

/** The value a record gives the knob, as text, or null when it does not decide it. */
const recordValue = (r: HistoryRecord, knob: KnobName): string | null => {
  const v = (r.decides as Partial<Record<KnobName, unknown>>)[knob];
  return v === undefined ? null : String(v);
};

/**
 * `knob=choice; set by 09854ba94c6a in 5.9; changed by ... in 5.18`: the record that gave the
 * knob the policy's value and the first later record that gave it another. The event's choice
 * may carry the action taken (`mapcount:reuse`); the knob's value is read from the policy.
 */
export function decisionHistory(d: Decision, policy: Policy, records: readonly HistoryRecord[] = RECORDS): string {
  const value = String(policy[d.knob]);
  const decides = records.filter((r) => recordValue(r, d.knob) !== null);
  const upTo = decides.filter((r) => compareVersions(r.version, policy.version) <= 0);
  const setter = upTo[upTo.length - 1];
  let set = `since ${formatVersion(OLDEST_VERSION)}`;
  if (setter !== undefined) {
    set = recordValue(setter, d.knob) === value
      ? `set by ${recordName(setter)} in ${formatVersion(setter.version)}`
      : `a hypothetical choice (no record up to ${formatVersion(policy.version)} makes it)`;
  }
  const later = decides.filter((r) => compareVersions(r.version, policy.version) > 0);
  const changer = later.find((r) => recordValue(r, d.knob) !== value);
  const changed = changer === undefined
    ? "not changed since"
    : `changed by ${recordName(changer)} in ${formatVersion(changer.version)}`;
  return `${d.knob}=${d.choice}; ${set}; ${changed}`;
}

const recordName = (r: HistoryRecord): string => (r.id !== "" ? r.id : `"${r.title}"`);

/** The decision's event text and its history, or a note that no decision was involved. */
export function explainDecision(e: KernelEvent | null, policy: Policy): string {
  if (e === null || e.decision === undefined) return "no policy decision touched the frames involved";
  return `${e.text} (${decisionHistory(e.decision, policy)})`;
}
