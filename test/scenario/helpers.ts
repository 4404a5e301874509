// Small helpers for the scenario tests: parse a text that must be clean, and locate diagnostics.
import { expect } from "vitest";
import type { ActionLine, ScenarioAst, Statement } from "../../src/scenario/ast.js";
import type { Diagnostic } from "../../src/scenario/diagnostics.js";
import { loadScenario } from "../../src/scenario/load.js";
import { parseScenario } from "../../src/scenario/parser.js";
import { lineColOf } from "../../src/scenario/span.js";

/** Parses text that must have no syntax error. */
export function parseClean(text: string): ScenarioAst {
  const { ast, diagnostics } = parseScenario(text, "t.cow");
  expect(diagnostics).toEqual([]);
  return ast;
}

/** The action lines of a clean parse. */
export function actions(text: string): ActionLine[] {
  return parseClean(text).lines.filter((l): l is ActionLine => l.kind === "action");
}

/** The statement of the last action of a clean parse. */
export function lastStatement(text: string): Statement {
  const all = actions(text);
  const last = all[all.length - 1];
  if (last === undefined) throw new Error("no action");
  return last.statement;
}

/** Every diagnostic of parse + check, as `line:col CODE` plus the spanned text. */
export function located(text: string): { at: string; code: string; token: string; d: Diagnostic }[] {
  const r = loadScenario(text, "t.cow");
  const list = r.ok ? [] : r.diagnostics;
  return list.map((d) => {
    const { line, col } = lineColOf(text, d.span.start);
    return { at: `${line}:${col}`, code: d.code, token: text.slice(d.span.start, d.span.end), d };
  });
}

/** The codes of every diagnostic of a text, in order. */
export function codes(text: string): string[] {
  return located(text).map((x) => x.code);
}
