// The viewer: scenario editor, kernel version slider(s), step navigation with keyboard
// shortcuts, the step list and the state lanes; everything a view shows is in the URL hash.
import { formatRange, formatVersion, inRange, type Program } from "cowlab";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Editor } from "./Editor.js";
import { EXAMPLES, findExample } from "./examples.js";
import { firstDifference, firstDivergence, loadText, runOn, type Run } from "./model.js";
import { RunPanel } from "./RunPanel.js";
import { StepList } from "./StepList.js";
import { VersionSlider } from "./VersionSlider.js";
import { hashOf, stateFromHash, versionAt, versionIndex, type ViewState } from "./viewState.js";

const isEditable = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.tagName === "SELECT" || t.isContentEditable);

function safeRun(program: Program | null, version: number): Run | string | null {
  if (program === null) return null;
  try {
    return runOn(program, versionAt(version));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function App() {
  const [st, setSt] = useState<ViewState>(() => stateFromHash(window.location.hash));
  const file = st.example ?? st.source ?? "scenario.cow";
  const loaded = useMemo(() => loadText(st.text, file), [st.text, file]);
  const lastGood = useRef<Program | null>(null);
  if (loaded.ok) lastGood.current = loaded.program;
  const program = loaded.ok ? loaded.program : lastGood.current;
  const run = useMemo(() => safeRun(program, st.version), [program, st.version]);
  const other = useMemo(() => (st.compare === null ? null : safeRun(program, st.compare)), [program, st.compare]);
  const main = typeof run === "object" ? run : null;
  const second = typeof other === "object" ? other : null;
  const count = Math.max(main?.trace.steps.length ?? 0, second?.trace.steps.length ?? 0);
  const step = Math.min(st.step, Math.max(0, count - 1));
  const diff = main !== null && second !== null ? firstDifference(main, second) : -1;
  const div = main === null ? -1 : firstDivergence(main);

  const written = useRef("");
  useEffect(() => {
    const h = hashOf({ ...st, step });
    if (h !== window.location.hash) window.history.replaceState(null, "", h);
    written.current = h;
  }, [st, step]);
  useEffect(() => {
    const onHash = (): void => {
      if (window.location.hash !== written.current) setSt(stateFromHash(window.location.hash));
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const countRef = useRef(count);
  countRef.current = count;
  // Stable, so memoised step rows keep their props when only the step moves.
  const go = useCallback((i: number): void => setSt((s) => ({ ...s, step: Math.max(0, Math.min(countRef.current - 1, i)) })), []);
  const keys = useRef({ step, count, div, go });
  keys.current = { step, count, div, go };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isEditable(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const k = keys.current;
      const to = { ArrowRight: k.step + 1, j: k.step + 1, ArrowLeft: k.step - 1, k: k.step - 1, Home: 0, End: k.count - 1, d: k.div }[e.key];
      if (to === undefined || to < 0) return;
      e.preventDefault();
      k.go(to);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const setText = (text: string): void =>
    setSt((s) => ({ ...s, text, example: s.example !== null && findExample(s.example)?.text === text ? s.example : null }));
  const pick = (path: string): void => {
    const ex = findExample(path);
    if (ex !== undefined) setSt((s) => ({ ...s, text: ex.text, example: ex.path, source: null, step: 0 }));
  };
  const diagnostics = loaded.ok ? [] : loaded.diagnostics;
  const s = main?.trace.steps[step];
  const divergences = main?.trace.steps.filter((x) => x.divergence !== null).length ?? 0;

  return (
    <div className="app">
      <header>
        <h1>cowlab</h1>
        <label>
          example{" "}
          <select aria-label="examples" value={st.example ?? ""} onChange={(e) => pick(e.target.value)}>
            {st.example === null && <option value="">{st.source ?? "(edited)"}</option>}
            {EXAMPLES.map((e) => <option key={e.path} value={e.path}>{e.path}</option>)}
          </select>
        </label>
        <span className="title">{program?.title ?? ""}</span>
        {main !== null && (
          <span className={divergences > 0 ? "summary bad" : "summary"} data-divergences={divergences}>
            {formatVersion(main.version)}: {divergences === 0 ? "no divergence" : `${divergences} divergence${divergences > 1 ? "s" : ""}`}, {main.trace.failures.length} failed expectation{main.trace.failures.length === 1 ? "" : "s"}
          </span>
        )}
        <a className="share" href={hashOf({ ...st, step })} title="link to this scenario, kernel and step">link to this view</a>
      </header>
      <div className="top">
        <Editor text={st.text} onChange={setText} diagnostics={diagnostics} currentLine={s?.line ?? null} />
        <div className="controls">
          {!loaded.ok && <div className="notice">{diagnostics.length} error{diagnostics.length === 1 ? "" : "s"} in the scenario: showing the last version that ran.</div>}
          {typeof run === "string" && <div className="notice bad">the model failed: {run}</div>}
          <VersionSlider id="kernel" index={st.version} label="kernel" onChange={(v) => setSt((x) => ({ ...x, version: v }))} />
          {program !== null && program.kernels !== null && !inRange(versionAt(st.version), program.kernels) && (
            <div className="notice">{formatVersion(versionAt(st.version))} is outside the scenario's kernels {formatRange(program.kernels)}</div>
          )}
          <div className="nav">
            <button onClick={() => go(0)} title="Home">« first</button>
            <button onClick={() => go(step - 1)} title="ArrowLeft or k">◀ back</button>
            <span className="pos" data-step-pos={step + 1}>step {count === 0 ? 0 : step + 1} / {count}</span>
            <button onClick={() => go(step + 1)} title="ArrowRight or j">next ▶</button>
            <button onClick={() => go(count - 1)} title="End">last »</button>
            <button onClick={() => go(div)} disabled={div < 0} title="d">first divergence (d)</button>
            <label className="cmp">
              <input type="checkbox" checked={st.compare !== null} onChange={(e) => setSt((x) => ({ ...x, compare: e.target.checked ? (x.version === versionIndex("5.4", 0) ? versionIndex("6.18", 0) : versionIndex("5.4", 0)) : null }))} />
              compare kernels
            </label>
          </div>
          {st.compare !== null && <VersionSlider id="compare" index={st.compare} label="compared with" onChange={(v) => setSt((x) => ({ ...x, compare: v }))} />}
          {second !== null && main !== null && (
            <div className="diff-note" data-first-diff={diff + 1}>
              {diff < 0 ? `${formatVersion(main.version)} and ${formatVersion(second.version)} behave the same on every step.` : <>first differing step: <button onClick={() => go(diff)}>step {diff + 1} (line {main.trace.steps[diff]?.line ?? second.trace.steps[diff]?.line})</button></>}
            </div>
          )}
          <div className={second !== null ? "lists two" : "lists"}>
            {main !== null && <StepList run={main} current={step} onSelect={go} firstDiff={diff} />}
            {second !== null && <StepList run={second} current={step} onSelect={go} firstDiff={diff} />}
          </div>
        </div>
      </div>
      <div className={second !== null ? "panels two" : "panels"}>
        {main !== null && <RunPanel run={main} index={Math.min(step, main.trace.steps.length - 1)} />}
        {second !== null && <RunPanel run={second} index={Math.min(step, second.trace.steps.length - 1)} />}
      </div>
      <footer>keys: → / j next · ← / k back · Home / End · d first divergence · the URL holds scenario, kernel and step</footer>
    </div>
  );
}
