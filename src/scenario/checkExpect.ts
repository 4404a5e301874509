// Checks expectations: each outcome is one the line can show (a write only faults, pagemap
// shows flags, frame a frame name), values are bytes, and override ranges are modelled
// kernels that meet the scenario's `kernels`.
import { formatRange } from "../history/versions.js";
import type { ActionLine, OutcomeNode, ValueNode } from "./ast.js";
import { PAGEMAP_FLAGS } from "./ast.js";
import { report, type CheckContext } from "./checkContext.js";
import { lookupName } from "./checkNames.js";
import { checkRange, rangesOverlap } from "./checkRange.js";
import { printOutcome, printStatement, printValue } from "./print.js";
import { VALUE_USAGE } from "./usage.js";
import { didYouMean } from "./suggest.js";

/** What a line observes, after resolving its names; decides which outcomes it may expect. */
export type Observation =
  | "region-read" | "region-write" | "pipe-read" | "ring-read" | "ring-write" | "pin-read" | "pin-write"
  | "force-write" | "pagemap" | "frame" | "syscall" | "nothing";

type OutcomeKind = OutcomeNode["kind"];

const ALLOWED: Readonly<Record<Observation, readonly OutcomeKind[]>> = {
  "region-read": ["value", "segv"],
  "region-write": ["segv"],
  "pipe-read": ["value"],
  "ring-read": ["value"],
  "ring-write": [],
  "pin-read": ["value"],
  "pin-write": [],
  "force-write": ["value", "error"],
  pagemap: ["flags"],
  frame: ["frame", "none"],
  syscall: ["error"],
  nothing: [],
};

const KIND_TEXT: Readonly<Record<OutcomeKind, string>> = {
  value: "a value", segv: "`segv`", error: "`error`", none: "`none`", flags: "pagemap flags", frame: "a frame name or `!NAME`",
};

const SUBJECT: Readonly<Record<Observation, string>> = {
  "region-read": "a `read` of memory", "region-write": "a `write` to memory", "pipe-read": "a `read` of a pipe",
  "ring-read": "a `read` of a ring page", "ring-write": "a `write` to a ring page", "pin-read": "a `read` through a pin",
  "pin-write": "a `write` through a pin", "force-write": "`force-write`", pagemap: "`pagemap`", frame: "`frame`",
  syscall: "this system call", nothing: "this line",
};

/** Checks the line's expectation against what `observation` can show (null: unresolved, skip that part). */
export function checkExpect(cx: CheckContext, line: ActionLine, observation: Observation | null): void {
  const e = line.expect;
  if (e === null) return;
  const outcomes = [e.base, ...e.overrides.map((o) => o.outcome)];
  // An outcome the line cannot show gets that one diagnostic, not also one about its contents.
  for (const o of outcomes) if (observation === null || checkAllowed(cx, line, observation, o)) checkOutcome(cx, o);
  for (const { range } of e.overrides) {
    const r = checkRange(range, cx.diagnostics);
    if (r !== null && cx.kernels !== null && !rangesOverlap(r, cx.kernels)) {
      report(cx, "COW212", `Override range \`${formatRange(r)}\` lies outside the scenario's kernels \`${formatRange(cx.kernels)}\`, so it never applies`, range.span, {
        hint: "remove the override or widen the `kernels` header",
      });
    }
  }
}

/** Reports an outcome the observation cannot show; true when it can. */
function checkAllowed(cx: CheckContext, line: ActionLine, observation: Observation, o: OutcomeNode): boolean {
  const allowed = ALLOWED[observation];
  if (allowed.includes(o.kind)) return true;
  const subject = SUBJECT[observation];
  const can = allowed.length === 0 ? "has no outcome to expect" : `can expect only ${allowed.map((k) => KIND_TEXT[k]).join(" or ")}`;
  report(cx, "COW213", `${cap(subject)} ${can}, found \`${printOutcome(o)}\``, o.span, {
    expected: allowed.length === 0 ? "no `expect`" : allowed.map((k) => KIND_TEXT[k]).join(" or "),
    hint: allowedHint(line, observation, o),
  });
  return false;
}

function allowedHint(line: ActionLine, observation: Observation, o: OutcomeNode): string | undefined {
  if (observation === "region-write" && o.kind === "value" && line.statement.verb === "write") {
    return `check the value with a read on the next line: \`${line.actor.text}: ${printStatement({ verb: "read", target: line.statement.target })} expect ${printOutcome(o)}\``;
  }
  if (observation === "pagemap" && o.kind === "frame") return didYouMean(o.name.text, PAGEMAP_FLAGS);
  if (observation === "nothing" || observation === "ring-write" || observation === "pin-write") return "remove the expectation";
  return undefined;
}

function checkOutcome(cx: CheckContext, o: OutcomeNode): void {
  if (o.kind === "value") reportValueRange(cx, o.value);
  if (o.kind === "frame") lookupName(cx, o.name, ["frame"], "frame");
}

/** COW217 for a value outside one byte (checked for write values too). */
export function reportValueRange(cx: CheckContext, v: ValueNode): void {
  if (v.value >= 0 && v.value <= 255) return;
  report(cx, "COW217", `Value \`${printValue(v)}\` is outside one byte (0..255)`, v.span, { expected: VALUE_USAGE });
}

function cap(s: string): string {
  return s.length === 0 ? s : (s[0] ?? "").toUpperCase() + s.slice(1);
}
