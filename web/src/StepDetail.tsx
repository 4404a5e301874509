// The current step in full: the line, the kernel's outcome beside the ideal machine's, the
// divergence (class and the one sentence naming the decision and commit behind it) and the
// kernel's events in kernel vocabulary.
import { formatVersion } from "cowlab";
import { idealText } from "./ideal.js";
import type { Run } from "./model.js";

export function StepDetail({ run, index }: { run: Run; index: number }) {
  const s = run.trace.steps[index];
  if (s === undefined) return <div className="detail">no steps</div>;
  const ideal = idealText(s.allowed, run.naming);
  return (
    <div className={s.divergence !== null ? "detail diverged" : "detail"} data-current-step={index + 1}>
      <div className="detail-head">
        <span className="pos">step {index + 1}/{run.trace.steps.length}</span>
        <span className="ln">line {s.line}</span>
        <code className="text">{s.text}</code>
        <span className="on">on {formatVersion(run.version)} (era {run.trace.era})</span>
      </div>
      <div className="compare-values">
        <span>kernel showed <b className="kv">{s.observed}</b></span>
        {ideal !== null && <span>ideal machine allows <b className={s.divergence !== null ? "iv bad" : "iv"}>{ideal}</b></span>}
        {s.expectation !== null && (
          <span className={s.expectation.ok ? "exp ok" : "exp fail"}>expect {s.expectation.expected}: {s.expectation.ok ? "held" : `failed (saw ${s.expectation.observed})`}</span>
        )}
      </div>
      {s.divergence !== null && (
        <div className="divergence-banner" role="alert" data-divergence={s.divergence.class}>
          <b>{s.divergence.class}</b> {s.divergence.why}
        </div>
      )}
      <ul className="events">
        {s.events.map((e, i) => (
          <li key={i} className={`event ev-${e.kind}`}>
            <span className="ev-kind">{e.kind}</span> {e.text}
            {e.decision !== undefined && <span className="decision"> [{e.decision.knob}={e.decision.choice}]</span>}
          </li>
        ))}
        {s.events.length === 0 && <li className="event none">no kernel events</li>}
      </ul>
    </div>
  );
}
