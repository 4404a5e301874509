// Source positions: a span is a half-open range of UTF-16 offsets into the scenario
// text; lines and columns (1-based) are computed only when something is shown.

/** A half-open range [start, end) of UTF-16 offsets into the text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A 1-based line and column; the column counts UTF-16 code units. */
export interface LineCol {
  readonly line: number;
  readonly col: number;
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Offsets at which each line starts; line n (1-based) starts at result[n - 1]. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Line and column of an offset (clamped to the text). */
export function lineColOf(text: string, offset: number, starts: readonly number[] = lineStarts(text)): LineCol {
  const at = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: at - (starts[lo] ?? 0) + 1 };
}

/** The text of a 1-based line, without its line terminator. */
export function lineText(text: string, line: number, starts: readonly number[] = lineStarts(text)): string {
  const start = starts[line - 1];
  if (start === undefined) return "";
  const next = starts[line];
  const end = next === undefined ? text.length : next - 1;
  const raw = text.slice(start, end);
  return raw.endsWith("\r") ? raw.slice(0, -1) : raw;
}
