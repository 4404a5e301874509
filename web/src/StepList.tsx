// The steps of a run, one row each: line, text, what the kernel showed beside what the ideal
// machine allows, and the verdict; a divergence is marked red with its class at its step.
import type { TraceStep } from "cowlab";
import { memo, useEffect, useRef } from "react";
import type { Naming } from "cowlab";
import { idealText, isObservation } from "./ideal.js";
import type { Run } from "./model.js";

export interface StepListProps {
  readonly run: Run;
  readonly current: number;
  readonly onSelect: (i: number) => void;
  /** Step to mark as the first that differs from the compared run, or -1. */
  readonly firstDiff: number;
}

function verdict(s: TraceStep) {
  if (s.divergence !== null) {
    return <span className="badge divergence" data-divergence={s.divergence.class}>{s.divergence.class}</span>;
  }
  if (s.expectation !== null && !s.expectation.ok) return <span className="badge fail">expect {s.expectation.expected}</span>;
  if (s.expectation !== null) return <span className="badge ok">expect ok</span>;
  return null;
}

export function StepList({ run, current, onSelect, firstDiff }: StepListProps) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const row = list.current?.querySelector<HTMLElement>(`li[data-step="${current + 1}"]`);
    const box = list.current?.parentElement;
    if (row === null || row === undefined || box === null || box === undefined) return;
    // Scroll the list box only, never the page.
    if (row.offsetTop < box.scrollTop) box.scrollTop = row.offsetTop;
    else if (row.offsetTop + row.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = row.offsetTop + row.offsetHeight - box.clientHeight;
  }, [current]);
  return (
    <ol ref={list} className="steps" aria-label={`steps on ${run.trace.kernel.major}.${run.trace.kernel.minor}`}>
      {run.trace.steps.map((s, i) => (
        <StepRow key={i} s={s} i={i} naming={run.naming} current={i === current} firstDiff={i === firstDiff} onSelect={onSelect} />
      ))}
      {run.trace.stopped !== null && <li className="step stopped">stopped at line {run.trace.stopped.line}: {run.trace.stopped.kind}</li>}
    </ol>
  );
}

interface RowProps {
  readonly s: TraceStep; readonly i: number; readonly naming: Naming;
  readonly current: boolean; readonly firstDiff: boolean; readonly onSelect: (i: number) => void;
}

/** One row; memoised so a step moves re-render two rows, not the whole list. */
const StepRow = memo(function StepRow({ s, i, naming, current, firstDiff, onSelect }: RowProps) {
  const ideal = idealText(s.allowed, naming);
  const obs = isObservation(s.allowed) || s.expectation !== null;
  const c = ["step", current ? "current" : "", s.divergence !== null ? "diverged" : "", firstDiff ? "first-diff" : ""];
  return (
    <li className={c.join(" ")} data-step={i + 1} aria-current={current ? "step" : undefined} onClick={() => onSelect(i)}>
      <span className="ln">L{s.line}</span>
      <code className="text">{s.text}</code>
      {obs && (
        <span className="obs">
          kernel <b className="kv">{s.observed}</b>
          {ideal !== null && <> · ideal <b className={s.divergence !== null ? "iv bad" : "iv"}>{ideal}</b></>}
        </span>
      )}
      {verdict(s)}
    </li>
  );
});
