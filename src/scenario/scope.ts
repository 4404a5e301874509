// What the names of a scenario denote: the one line that defines each region, pipe, ring,
// pin or frame, which fork creates each child, and what a `read`/`write` target resolves
// to. Shared by the checker (which reports misuse) and lower (which trusts a checked tree).
import type { ActionLine, ScenarioAst, Statement, TargetNode } from "./ast.js";
import type { Span } from "./span.js";

/** What a name of the shared namespace denotes. */
export type NameKind = "region" | "pipe" | "ring" | "pin" | "frame";

/** The line that defines a name (the first one, if several try). */
export interface Definition {
  readonly name: string;
  readonly kind: NameKind;
  readonly span: Span;
  /** Index of the defining line in ast.lines. */
  readonly lineIndex: number;
  /** Regions: pages mapped. Rings: pages registered (null when the target is malformed). */
  readonly pages: number | null;
}

/** The fork that creates a child process. */
export interface ForkSite {
  readonly parent: string;
  readonly span: Span;
  readonly lineIndex: number;
}

/** The whole-file facts the checker and lower need before walking the lines. */
export interface Scope {
  /** First definition of each name, in definition order. */
  readonly definitions: ReadonlyMap<string, Definition>;
  /** First fork creating each child name. */
  readonly forks: ReadonlyMap<string, ForkSite>;
  /** Every process name that acts or that a fork creates. */
  readonly processes: ReadonlySet<string>;
  /** Words of lines that failed to parse: an undefined name among them is not reported again. */
  readonly invalidWords: ReadonlySet<string>;
}

/** The name a statement defines, if any (vmsplice defines its pipe only the first time). */
export function definedName(s: Statement): { name: string; span: Span; kind: NameKind } | null {
  switch (s.verb) {
    case "mmap": return { name: s.name.text, span: s.name.span, kind: "region" };
    case "vmsplice": return { name: s.pipe.text, span: s.pipe.span, kind: "pipe" };
    case "iouring-register": return { name: s.ring.text, span: s.ring.span, kind: "ring" };
    case "pin": return { name: s.pin.text, span: s.pin.span, kind: "pin" };
    case "frame": return s.as === null ? null : { name: s.as.text, span: s.as.span, kind: "frame" };
    default: return null;
  }
}

/** Pages a target covers given its region's size (null when unknown). */
export function targetPages(t: TargetNode, regionPages: number | null): number | null {
  if (t.index === null) return regionPages;
  if (t.index.kind === "page") return 1;
  return t.index.end.value - t.index.start.value;
}

/** Collects definitions, forks and process names in one pass over the lines. */
export function buildScope(ast: ScenarioAst): Scope {
  const definitions = new Map<string, Definition>();
  const forks = new Map<string, ForkSite>();
  const processes = new Set<string>();
  const invalidWords = new Set<string>();
  ast.lines.forEach((line, lineIndex) => {
    if (line.kind === "invalid") for (const w of line.words) invalidWords.add(w);
    if (line.kind !== "action") return;
    if (line.actor.text !== "kernel") processes.add(line.actor.text);
    const s = line.statement;
    if (s.verb === "fork") {
      processes.add(s.child.text);
      // A fork into the parent's own name creates nothing (the checker reports it).
      if (!forks.has(s.child.text) && s.child.text !== line.actor.text) forks.set(s.child.text, { parent: line.actor.text, span: s.child.span, lineIndex });
    }
    const def = definedName(s);
    if (def !== null && !definitions.has(def.name)) {
      definitions.set(def.name, { ...def, lineIndex, pages: definitionPages(s, definitions) });
    }
  });
  return { definitions, forks, processes, invalidWords };
}

function definitionPages(s: Statement, defs: ReadonlyMap<string, Definition>): number | null {
  if (s.verb === "mmap") return s.pages.value;
  if (s.verb !== "iouring-register") return null;
  const region = defs.get(s.target.name.text);
  return targetPages(s.target, region?.kind === "region" ? region.pages : null);
}

/** What a `read` or `write` line does, by the kind of name it names. */
export type Access = "region" | "pipe" | "ring" | "pin";

/** Resolves the target of a read/write by its name's definition; null when undefined. */
export function accessOf(line: ActionLine, scope: Scope): Access | null {
  const s = line.statement;
  if (s.verb !== "read" && s.verb !== "write") return null;
  const kind = scope.definitions.get(s.target.name.text)?.kind;
  return kind === undefined || kind === "frame" ? null : kind;
}
