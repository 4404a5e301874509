// The scenario language's public surface: parse, check, lower, print and the diagnostics catalog.
export type * from "./ast.js";
export { KERNEL_VERBS, PAGEMAP_FLAGS, RESERVED_WORDS, VERBS } from "./ast.js";
export { checkScenario } from "./check.js";
export { createDiagnostic, DIAGNOSTICS, sortDiagnostics } from "./diagnostics.js";
export type { Diagnostic, DiagnosticCode, DiagnosticInfo } from "./diagnostics.js";
export { FIRST_REGION_VPN, placeRegions, REGION_ALIGN_PAGES } from "./layout.js";
export { loadScenario, type LoadResult } from "./load.js";
export { lowerScenario } from "./lower.js";
export { parseScenario } from "./parser.js";
export { printExpect, printOutcome, printRange, printScenario, printStatement, printTarget, printValue } from "./print.js";
export { expectedOn } from "./program.js";
export type { Expectation, ExpectedOutcome, FlagExpectation, Program, ProgramProcess, ProgramRegion, ProgramStep } from "./program.js";
export { lineColOf, lineStarts, lineText, type LineCol, type Span } from "./span.js";
export { MAX_REGION_PAGES } from "./checkStatement.js";
