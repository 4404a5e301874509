// The state the checker carries from line to line: which names exist yet, which processes
// exited, which rings and pins are released, and the diagnostics found so far.
import type { VersionRange } from "../history/versions.js";
import { createDiagnostic, type Diagnostic, type DiagnosticCode, type DiagnosticExtras } from "./diagnostics.js";
import type { Scope } from "./scope.js";
import type { Span } from "./span.js";

/** A registered io_uring ring: who may use it, and whether it was unregistered. */
export interface RingState {
  /** The registering process and the children it forked afterwards. */
  readonly holders: Set<string>;
  readonly span: Span;
  releasedAt: Span | null;
}

/** Everything the checker knows at the line it is checking. */
export interface CheckContext {
  readonly scope: Scope;
  readonly diagnostics: Diagnostic[];
  /** The `kernels` header's range when it is valid; null for every kernel. */
  kernels: VersionRange | null;
  /** Index in ast.lines of the line being checked. */
  lineIndex: number;
  readonly exited: Map<string, Span>;
  /** Processes already reported as used before their fork (reported once each). */
  readonly reportedEarly: Set<string>;
  readonly rings: Map<string, RingState>;
  readonly pinsReleased: Map<string, Span>;
}

/** A context before the first line. */
export function createCheckContext(scope: Scope): CheckContext {
  return {
    scope, diagnostics: [], kernels: null, lineIndex: 0,
    exited: new Map(), reportedEarly: new Set(), rings: new Map(), pinsReleased: new Map(),
  };
}

/** Records one diagnostic. */
export function report(cx: CheckContext, code: DiagnosticCode, message: string, span: Span, extras: DiagnosticExtras = {}): void {
  cx.diagnostics.push(createDiagnostic(code, message, span, extras));
}
