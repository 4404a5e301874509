// Renders diagnostics for a terminal: `file:line:col: error[CODE]: message`, the source
// line with a caret under the span, then expected / hint / note lines (rustc's layout).
import type { Diagnostic } from "../scenario/index.js";
import { lineColOf, lineStarts, lineText } from "../scenario/index.js";

/** One diagnostic as text, ending without a newline. */
export function formatDiagnostic(d: Diagnostic, text: string, file: string): string {
  const starts = lineStarts(text);
  const at = lineColOf(text, d.span.start, starts);
  const source = lineText(text, at.line, starts);
  const gutter = String(at.line);
  const pad = " ".repeat(gutter.length);
  const out = [
    `${file}:${at.line}:${at.col}: error[${d.code}]: ${d.message}`,
    `${pad} |`,
    `${gutter} | ${source}`,
    `${pad} | ${caretLine(source, at.col - 1, d.span.end - d.span.start)}`,
  ];
  if (d.expected !== undefined) out.push(`${pad} = expected: ${d.expected}`);
  if (d.hint !== undefined) out.push(`${pad} = hint: ${d.hint}`);
  if (d.related !== undefined) {
    const rel = lineColOf(text, d.related.span.start, starts);
    out.push(`${pad} = note: ${d.related.message} ${file}:${rel.line}:${rel.col}`);
  }
  return out.join("\n");
}

/** Spaces (tabs kept, so the caret lines up) up to the column, then at least one `^`. */
function caretLine(source: string, col: number, length: number): string {
  const lead = source.slice(0, col).replace(/[^\t]/g, " ");
  const width = Math.max(1, Math.min(length, source.length - col));
  return `${lead}${"^".repeat(width)}`;
}

/** All diagnostics of one file, separated by blank lines, then `N errors`; ends with a newline. */
export function formatDiagnostics(list: readonly Diagnostic[], text: string, file: string): string {
  if (list.length === 0) return "";
  const body = list.map((d) => formatDiagnostic(d, text, file)).join("\n\n");
  return `${body}\n\n${list.length} error${list.length === 1 ? "" : "s"}\n`;
}

/** An error with no place in a scenario (a CLI error): `error[CODE]: message`. */
export function formatCliError(code: string, message: string, hint?: string): string {
  return `error[${code}]: ${message}${hint === undefined ? "" : `\n  = hint: ${hint}`}\n`;
}
