// The whole front end in one call: parse, check, and lower when there is no error.
import type { ScenarioAst } from "./ast.js";
import { checkScenario } from "./check.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { lowerScenario } from "./lower.js";
import { parseScenario } from "./parser.js";
import type { Program } from "./program.js";

/** A loaded scenario (tree and program), or every diagnostic that stopped it. */
export type LoadResult =
  | { readonly ok: true; readonly ast: ScenarioAst; readonly program: Program }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Parses, checks and lowers a scenario; every syntax and semantic error at once, in source order. */
export function loadScenario(text: string, file: string): LoadResult {
  const parsed = parseScenario(text, file);
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checkScenario(parsed.ast)]);
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, ast: parsed.ast, program: lowerScenario(parsed.ast, file, text) };
}
