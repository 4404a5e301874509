import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkScenario } from "../../src/scenario/check.js";
import { lowerScenario } from "../../src/scenario/lower.js";
import { parseScenario } from "../../src/scenario/parser.js";
import { printScenario } from "../../src/scenario/print.js";
import { looseLinesArb, syntaxAst, validScenarioAst } from "./arbitraries.js";
import { stripSpans } from "./stripSpans.js";

describe("printScenario", () => {
  it("prints trees that parse back to the same tree, spans aside (seed 42)", () => {
    fc.assert(
      fc.property(syntaxAst, (ast) => {
        const text = printScenario(ast);
        const parsed = parseScenario(text, "gen.cow");
        expect(parsed.diagnostics).toEqual([]);
        expect(stripSpans(parsed.ast)).toEqual(stripSpans(ast));
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it("is idempotent through parse: print(parse(print(x))) equals print(x) (seed 42)", () => {
    fc.assert(
      fc.property(looseLinesArb, (lines) => {
        const once = printScenario({ lines });
        const twice = printScenario(parseScenario(once, "gen.cow").ast);
        expect(twice).toBe(once);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it("round-trips scenarios the checker accepts (seed 7)", () => {
    fc.assert(
      fc.property(validScenarioAst, (ast) => {
        const parsed = parseScenario(printScenario(ast), "gen.cow");
        expect(parsed.diagnostics).toEqual([]);
        expect(stripSpans(parsed.ast)).toEqual(stripSpans(ast));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe("validScenarioAst", () => {
  it("generates scenarios with no semantic diagnostic that lower to one step per action (seed 42)", () => {
    fc.assert(
      fc.property(validScenarioAst, (ast) => {
        expect(checkScenario(ast)).toEqual([]);
        const program = lowerScenario(ast, "gen.cow");
        expect(program.steps.length).toBe(ast.lines.filter((l) => l.kind === "action").length);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
