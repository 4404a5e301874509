// Renders a Trace for `cowlab run`: one block per line with the kernel's events, what
// changed (PTEs, frames, holders, mms), the observation with the ideal's verdict and the
// expectation's result; then a closing summary. Pure: the same trace gives the same text.
import type { Program } from "../scenario/index.js";
import { formatVersion } from "../history/index.js";
import type { Change, FrameView, MmView, PteView, StepChanges, Trace, TraceStep } from "../run/index.js";
import { createNaming, describePermitted, describeValue, divergenceCount } from "../run/index.js";
import type { Naming } from "../run/index.js";
import { DIVERGENCE_CLASSES } from "../ideal/index.js";

const INDENT = "      ";

/** `pfn 3 w d sd`, `swap 2 sd x` or `none`: w write, d dirty, sd soft-dirty, x swp-exclusive. */
export function formatPte(p: PteView | null): string {
  if (p === null) return "none";
  const bits = [p.write && "w", p.dirty && "d", p.softDirty && "sd", p.exclusive && "x"].filter((b) => b !== false);
  const head = p.present ? `pfn ${p.pfn ?? "?"}` : `swap ${p.slot ?? "?"}`;
  return [head, ...bits].join(" ");
}

/** `A rc 2 mc 1 [anon exclusive]`; the pincount only when pinned. */
export function formatFrame(f: FrameView): string {
  const pins = f.pincount > 0 ? ` pc ${f.pincount}` : "";
  return `${describeValue(f.value)} rc ${f.refcount} mc ${f.mapcount}${pins} [${f.flags.join(" ")}]`;
}

/** A frame change as the fields that moved: `rc 1 -> 2, -exclusive`. */
function frameDelta(c: Change<number, FrameView>): string {
  if (c.before === null) return `new ${c.after === null ? "" : formatFrame(c.after)}`;
  if (c.after === null) return "freed";
  const b = c.before;
  const a = c.after;
  const parts: string[] = [];
  if (b.value !== a.value) parts.push(`value ${describeValue(b.value)} -> ${describeValue(a.value)}`);
  if (b.refcount !== a.refcount) parts.push(`rc ${b.refcount} -> ${a.refcount}`);
  if (b.mapcount !== a.mapcount) parts.push(`mc ${b.mapcount} -> ${a.mapcount}`);
  if (b.pincount !== a.pincount) parts.push(`pc ${b.pincount} -> ${a.pincount}`);
  for (const f of a.flags) if (!b.flags.includes(f)) parts.push(`+${f}`);
  for (const f of b.flags) if (!a.flags.includes(f)) parts.push(`-${f}`);
  return parts.join(", ");
}

const pfnList = (l: readonly number[] | null): string => (l === null ? "none" : `[${l.join(" ")}]`);

/** An mm that appeared, went, changed has_pinned or its VMAs. */
function mmLines(m: Change<number, MmView>, naming: Naming): string[] {
  const who = `mm     ${naming.process(m.key)}`;
  const [b, a] = [m.before, m.after];
  if (b === null || a === null) return [`${who}: ${b === null ? "created" : "gone"}`];
  const out: string[] = [];
  if (b.hasPinned !== a.hasPinned) out.push(`${who}: has_pinned ${b.hasPinned} -> ${a.hasPinned}`);
  if (b.vmas.join("|") !== a.vmas.join("|")) out.push(`${who}: vmas ${a.vmas.join("; ") || "none"}`);
  return out;
}

/** The lines of what a step changed, PTEs first. */
export function formatChanges(c: StepChanges, naming: Naming): string[] {
  const out: string[] = [];
  for (const p of c.ptes) {
    const where = `${naming.process(p.key.pid)} ${naming.page(p.key.vpn)}`;
    out.push(`pte    ${where}: ${formatPte(p.before)} -> ${formatPte(p.after)}`);
  }
  for (const f of c.frames) out.push(`frame  pfn ${f.key}: ${frameDelta(f)}`);
  for (const h of c.holders) out.push(`holder ${h.key}: ${pfnList(h.before)} -> ${pfnList(h.after)}`);
  for (const m of c.mms) out.push(...mmLines(m, naming));
  if (c.lruBatch !== null) out.push(`lru    batch ${pfnList(c.lruBatch.before)} -> ${pfnList(c.lruBatch.after)}`);
  return out;
}

/** The ideal's verdict on a step, or null when it has none. */
function verdictLine(s: TraceStep): string | null {
  if (s.divergence !== null) return `ideal  ${s.divergence.class.toUpperCase()}: ${s.divergence.why}`;
  if (s.allowed === null) return null;
  if (s.allowed.kind !== "value") return "ideal  ok";
  return `ideal  ok (allows ${describePermitted({ kind: "values", values: s.allowed.page.values })})`;
}

/** One line's block: the line, its events, its changes, what it observed, the verdict, the expectation. */
export function formatStep(s: TraceStep, naming: Naming): string {
  const lines = [`${`L${s.line}`.padEnd(5)} ${s.text}`];
  for (const e of s.events) lines.push(`${INDENT}${e.kind.padEnd(10)} ${e.text}`);
  for (const c of formatChanges(s.changes, naming)) lines.push(`${INDENT}${c}`);
  if (s.outcome.kind !== "done") lines.push(`${INDENT}=>     ${s.observed}`);
  const verdict = verdictLine(s);
  if (verdict !== null) lines.push(`${INDENT}${verdict}`);
  if (s.expectation !== null) {
    const e = s.expectation;
    lines.push(`${INDENT}expect ${e.expected}: ${e.ok ? "ok" : `FAILED, observed ${e.observed}`}`);
  }
  const n = s.unnecessaryCows;
  if (n > 0) lines.push(`${INDENT}note   ${n} unnecessary COW${n === 1 ? "" : "s"}`);
  return lines.join("\n");
}

/** The closing lines: how the run ended, divergences by class, COW counts, expectations. */
export function formatSummary(t: Trace): string {
  const out: string[] = [];
  const st = t.stopped;
  if (st?.kind === "invariant") {
    out.push(`stopped at line ${st.line}: model invariant \`${st.invariant}\` broken: ${st.detail} (a bug in cowlab)`);
  }
  if (st?.kind === "blocked") out.push(`stopped at line ${st.line}: the line blocks: ${st.why}`);
  if (st?.kind === "unsupported") out.push(`skipped at line ${st.line}: the model does not support ${st.feature} yet`);
  const d = t.summary.divergences;
  const n = divergenceCount(t.summary);
  const byClass = DIVERGENCE_CLASSES.filter((c) => d[c] > 0).map((c) => `${c} ${d[c]}`).join(", ");
  out.push(`divergences: ${n === 0 ? "none" : `${n} (${byClass})`}`);
  out.push(`copies: ${t.summary.copies} (${t.summary.unnecessaryCows} unnecessary), faults: ${t.summary.faults}`);
  const checked = t.steps.filter((s) => s.expectation !== null).length;
  const first = t.summary.firstFailure;
  if (first === null) out.push(`expectations: ${checked} checked, all held`);
  else {
    const at = `first at line ${first.line}: expected ${first.expected}, observed ${first.observed}`;
    out.push(`expectations: ${t.failures.length} of ${checked} failed; ${at}`);
  }
  return out.join("\n");
}

/** The whole trace as text, ending with a newline. */
export function formatTrace(t: Trace, program: Program): string {
  const naming = createNaming(program);
  const title = t.title === null ? "" : ` "${t.title}"`;
  const head = `${t.file}${title}\nkernel ${formatVersion(t.kernel)} (era ${t.era})`;
  return `${[head, ...t.steps.map((s) => formatStep(s, naming)), formatSummary(t)].join("\n\n")}\n`;
}
