// The scenario editor: a plain textarea over a gutter of line numbers, with the parser's and
// checker's diagnostics marked on their lines as you type and the current step's line banded.
import { lineColOf, lineStarts, type Diagnostic } from "cowlab";
import { memo, useMemo, useRef, useState } from "react";

const LINE_H = 18;

export interface EditorProps {
  readonly text: string;
  readonly onChange: (text: string) => void;
  readonly diagnostics: readonly Diagnostic[];
  /** 1-based line of the current step, or null. */
  readonly currentLine: number | null;
}

/** Characters on 0-based line `i` (the band puts its message after them). */
function lineLength(text: string, starts: readonly number[], i: number): number {
  const end = starts[i + 1] ?? text.length + 1;
  return Math.max(0, end - 1 - (starts[i] ?? 0));
}

interface LineDiagnostic { readonly line: number; readonly col: number; readonly d: Diagnostic }

export function Editor({ text, onChange, diagnostics, currentLine }: EditorProps) {
  const [scroll, setScroll] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const starts = useMemo(() => lineStarts(text), [text]);
  const placed: LineDiagnostic[] = useMemo(
    () => diagnostics.map((d) => ({ ...lineColOf(text, d.span.start, starts), d })),
    [diagnostics, text, starts],
  );
  const byLine = useMemo(() => {
    const m = new Map<number, LineDiagnostic[]>();
    for (const p of placed) m.set(p.line, [...(m.get(p.line) ?? []), p]);
    return m;
  }, [placed]);
  const goTo = (p: LineDiagnostic): void => {
    const el = area.current;
    if (el === null) return;
    el.focus();
    el.setSelectionRange(p.d.span.start, Math.max(p.d.span.start, p.d.span.end));
  };
  return (
    <div className="editor">
      <div className="code" style={{ height: Math.min(starts.length * LINE_H + 16, 520) }}>
        <div className="bands" style={{ transform: `translateY(${-scroll}px)` }}>
          {starts.map((_, i) => (
            <Band key={i} i={i} errs={byLine.get(i + 1)} current={i + 1 === currentLine} length={lineLength(text, starts, i)} />
          ))}
        </div>
        <textarea
          ref={area}
          value={text}
          spellCheck={false}
          wrap="off"
          aria-label="scenario"
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => setScroll(e.currentTarget.scrollTop)}
        />
      </div>
      {placed.length > 0 && (
        <ul className="diagnostics" aria-label="diagnostics">
          {placed.map((p, i) => (
            <li key={i} data-diag-line={p.line} onClick={() => goTo(p)}>
              <b>line {p.line}:{p.col}</b> <code>{p.d.code}</code> {p.d.message}
              {p.d.hint !== undefined && <span className="hint"> hint: {p.d.hint}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface BandProps { readonly i: number; readonly errs: readonly LineDiagnostic[] | undefined; readonly current: boolean; readonly length: number }

/** One line's background: the current step's band, or a diagnostic with its message after the text. */
const Band = memo(function Band({ i, errs, current, length }: BandProps) {
  const line = i + 1;
  return (
    <div className={`band${errs !== undefined ? " error" : ""}${current ? " current" : ""}`} data-line={line} style={{ top: i * LINE_H + 8 }}>
      <span className="gutter" title={errs?.map((e) => `${e.d.code}: ${e.d.message}`).join("\n")}>{errs !== undefined ? "●" : ""}{line}</span>
      {errs !== undefined && (
        <span className="inline-diag" style={{ left: `calc(${length + 3}ch + var(--code-left))` }}>
          {errs[0]?.d.code}: {errs[0]?.d.message}
        </span>
      )}
    </div>
  );
});
