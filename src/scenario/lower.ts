// Lowers a checked scenario to a Program: processes get pids in order of first appearance,
// regions get addresses (layout.ts), pipes/rings/pins ids in definition order, and every
// action line becomes one kernel op with its expectation.
import { asPid, asPinId, asPipeId, asRingId, type Pid } from "../kernel/ids.js";
import type { KernelVersion } from "../kernel/policy.js";
import { parseVersion, type VersionRange } from "../history/versions.js";
import type { ActionLine, OutcomeNode, RangeNode, ScenarioAst, VersionNode } from "./ast.js";
import { placeRegions } from "./layout.js";
import { lowerStatement, type LowerContext } from "./lowerStatement.js";
import { printExpect, printStatement } from "./print.js";
import type { Expectation, ExpectedOutcome, Program, ProgramProcess, ProgramStep } from "./program.js";
import { buildScope, type NameKind, type Scope } from "./scope.js";

/**
 * Lowers a scenario that checkScenario accepted (a tree with errors is a caller bug and throws).
 * ast.lines holds one node per source line, so line n is ast.lines[n - 1]. With `text`, each
 * step keeps its line as written; without it, the line as printed.
 */
export function lowerScenario(ast: ScenarioAst, file: string, text?: string): Program {
  const scope = buildScope(ast);
  const processes = lowerProcesses(ast, scope);
  const idsOf = (kind: NameKind): string[] => [...scope.definitions.values()].filter((d) => d.kind === kind).map((d) => d.name);
  const regionDefs = [...scope.definitions.values()].filter((d) => d.kind === "region");
  const starts = placeRegions(regionDefs.map((d) => d.pages ?? 0));
  const regions = regionDefs.map((d, i) => ({ name: d.name, start: starts[i] ?? 0, pages: d.pages ?? 0 }));
  const cx: LowerContext = {
    scope,
    pid: new Map(processes.map((p) => [p.name, p.pid])),
    regions: new Map(regions.map((r) => [r.name, r])),
    pipe: new Map(idsOf("pipe").map((n, i) => [n, asPipeId(i)])),
    ring: new Map(idsOf("ring").map((n, i) => [n, asRingId(i)])),
    pin: new Map(idsOf("pin").map((n, i) => [n, asPinId(i)])),
  };
  const steps: ProgramStep[] = [];
  ast.lines.forEach((line, i) => {
    if (line.kind === "action") steps.push(lowerStep(cx, line, i + 1, text));
  });
  return { file, ...lowerHeaders(ast), processes, regions, pipes: idsOf("pipe"), rings: idsOf("ring"), pins: idsOf("pin"), steps };
}

function lowerHeaders(ast: ScenarioAst): Pick<Program, "title" | "kernels" | "tags"> {
  let title: string | null = null;
  let kernels: VersionRange | null = null;
  const tags: string[] = [];
  for (const line of ast.lines) {
    if (line.kind !== "header") continue;
    const h = line.header;
    if (h.kind === "scenario" && title === null) title = h.title;
    if (h.kind === "kernels" && kernels === null) kernels = lowerRange(h.range);
    if (h.kind === "tags") tags.push(...h.tags.map((t) => t.text));
  }
  return { title, kernels, tags };
}

/** Pids 0, 1, 2... in order of first appearance; initial processes are those no fork creates. */
function lowerProcesses(ast: ScenarioAst, scope: Scope): ProgramProcess[] {
  const order = new Set<string>();
  const see = (name: string): void => {
    if (name !== "kernel") order.add(name);
  };
  for (const line of ast.lines) {
    if (line.kind !== "action") continue;
    see(line.actor.text);
    const s = line.statement;
    if (s.verb === "fork") see(s.child.text);
    if (s.verb === "migrate" || s.verb === "reclaim") see(s.process.text);
  }
  return [...order].map((name, i) => ({ pid: asPid(i), name, initial: !scope.forks.has(name) }));
}

function lowerStep(cx: LowerContext, line: ActionLine, lineNo: number, text: string | undefined): ProgramStep {
  const s = line.statement;
  return {
    line: lineNo,
    text: text === undefined ? printedLine(line) : text.slice(line.span.start, line.span.end).trim(),
    op: lowerStatement(cx, line.actor.text === "kernel" ? null : pidOf(cx, line.actor.text), s),
    expect: line.expect === null ? null : {
      base: lowerOutcome(line.expect.base),
      overrides: line.expect.overrides.map((o) => ({ outcome: lowerOutcome(o.outcome), range: lowerRange(o.range) })),
    } satisfies Expectation,
    frameAs: s.verb === "frame" && s.as !== null ? s.as.text : null,
  };
}

function printedLine(line: ActionLine): string {
  return `${line.actor.text}: ${printStatement(line.statement)}${line.expect === null ? "" : ` ${printExpect(line.expect)}`}`;
}

function pidOf(cx: LowerContext, name: string): Pid {
  const pid = cx.pid.get(name);
  // lowerProcesses saw every actor and process argument of the tree.
  if (pid === undefined) throw new Error(`lowerScenario: no pid for process \`${name}\``);
  return pid;
}

function lowerOutcome(o: OutcomeNode): ExpectedOutcome {
  switch (o.kind) {
    case "value": return { kind: "value", value: o.value.value };
    case "segv":
    case "error":
    case "none": return { kind: o.kind };
    case "flags": return { kind: "flags", flags: o.flags.map((f) => ({ flag: f.flag, negated: f.negated })) };
    case "frame": return { kind: "frame", name: o.name.text, negated: o.negated };
  }
}

function lowerRange(r: RangeNode): VersionRange {
  return { from: r.from === null ? null : lowerVersion(r.from), to: r.to === null ? null : lowerVersion(r.to) };
}

function lowerVersion(v: VersionNode): KernelVersion {
  const parsed = parseVersion(v.text);
  // checkScenario rejects every version that is not a modelled MAJOR.MINOR.
  if (parsed === null) throw new Error(`lowerScenario: unchecked kernel version \`${v.text}\``);
  return parsed;
}
