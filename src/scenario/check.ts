// The semantic phase: every error a scenario can hold that is visible before anything runs
// (undefined or misused names, processes out of their lifetime, pages outside regions,
// unmodelled kernels, expectations a line cannot show). Reports all of them at once.
import type { ActionLine, ScenarioAst } from "./ast.js";
import { createCheckContext, report, type CheckContext } from "./checkContext.js";
import { checkExpect } from "./checkExpect.js";
import { checkActor, recordExit } from "./checkProcesses.js";
import { checkRange } from "./checkRange.js";
import { checkStatement } from "./checkStatement.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { buildScope } from "./scope.js";
import type { Span } from "./span.js";

/** Semantic diagnostics of a parsed scenario, in source order. Lines that failed to parse are skipped. */
export function checkScenario(ast: ScenarioAst): Diagnostic[] {
  const cx = createCheckContext(buildScope(ast));
  checkHeaders(cx, ast);
  ast.lines.forEach((line, lineIndex) => {
    if (line.kind !== "action") return;
    cx.lineIndex = lineIndex;
    checkAction(cx, line);
  });
  return sortDiagnostics(cx.diagnostics);
}

function checkAction(cx: CheckContext, line: ActionLine): void {
  checkActor(cx, line);
  const observation = checkStatement(cx, line);
  checkExpect(cx, line, observation);
  if (line.statement.verb === "exit") recordExit(cx, line);
}

/** Headers come first, once each; the `kernels` range must be a modelled, non-empty one. */
function checkHeaders(cx: CheckContext, ast: ScenarioAst): void {
  const firstAction = ast.lines.findIndex((l) => l.kind === "action");
  const firstSpan = ast.lines[firstAction]?.span;
  const seen = new Map<string, Span>();
  ast.lines.forEach((line, i) => {
    if (line.kind !== "header") return;
    const kind = line.header.kind;
    if (firstAction >= 0 && i > firstAction && firstSpan !== undefined) {
      report(cx, "COW215", `Header \`${kind}\` comes after the first action`, line.keyword, {
        related: { span: firstSpan, message: "the first action is here" },
        hint: "move the header lines to the top of the file",
      });
    }
    const prior = seen.get(kind);
    if (prior !== undefined) {
      report(cx, "COW216", `Header \`${kind}\` is given twice`, line.keyword, { related: { span: prior, message: "first given here" } });
      return;
    }
    seen.set(kind, line.keyword);
    if (line.header.kind === "kernels") cx.kernels = checkRange(line.header.range, cx.diagnostics);
  });
}
