// Program -> one self-contained C file a kernel developer can read, build and attach to a bug
// report: the prelude, one function per process with the scenario's lines as comments above
// the calls that do them, and the turn table the controller follows.
import type { Program } from "../scenario/program.js";
import { C_PRELUDE } from "./cPrelude.js";
import type { Layout, ProcessLayout } from "./layout.js";
import { createLayout } from "./layout.js";
import type { LinePlan } from "./planLines.js";
import { formatCall } from "./callArgs.js";
import { planLines } from "./planLines.js";

/** Options for emitC. */
export interface EmitOptions {
  /** The cowlab command that wrote the file, quoted in its header. */
  readonly command: string;
}

/** The C text, or the first line that cannot run natively. */
export type EmitResult =
  | { readonly ok: true; readonly c: string }
  /** A line no user-space C can do on a real kernel, and why. */
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** The compiler command the header tells the reader to use (and exec.ts uses). */
export const GCC_FLAGS: readonly string[] = ["-O2", "-Wall", "-Werror"];

/** Writes the C program of a scenario, or says which line cannot run natively. */
export function emitC(program: Program, options: EmitOptions): EmitResult {
  const layout = createLayout(program);
  const plan = planLines(program, layout);
  if (!plan.ok) return plan;
  const parts = [
    emitHeader(program, options),
    C_PRELUDE,
    "/* ---- the scenario ---- */\n",
    emitDeclarations(layout),
    ...layout.processes.map((p) => emitProcess(p, plan.lines)),
    emitTables(layout, plan.lines, program, plan.usesGupTest),
  ];
  return { ok: true, c: parts.join("\n") };
}

/** Text safe inside a C block comment. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, "* /").replace(/[\u0000-\u0008\u000b-\u001f]/g, " ");
}

function emitHeader(program: Program, options: EmitOptions): string {
  const title = program.title ?? program.file;
  return [
    "/*",
    ` * cowlab scenario: ${commentText(title)}`,
    ` * From ${commentText(program.file)}, written by: ${commentText(options.command)}`,
    " *",
    ` * Build: gcc ${GCC_FLAGS.join(" ")} -o repro repro.c`,
    " * Run:   ./repro   (as root: PFNs, KSM and swap need it)",
    " *",
    " * Every line of the scenario runs in the process it names, one at a time and in the file's",
    " * order, with every process on CPU 0; each prints one line \"line N: observed OUTCOME\"",
    " * (values as A..Z or decimal, segv, error ERRNO, flags ..., frame PFN|none), then \"end\".",
    " */",
    "",
  ].join("\n");
}

function emitDeclarations(layout: Layout): string {
  const out: string[] = ["/* Regions at fixed addresses, 1 GiB apart: the same in every process, no VMA merging. */"];
  for (const r of layout.regions) {
    out.push(`static const struct region ${r.ident} = { "${r.name}", (char *)${r.address}, ${r.pages} };`);
  }
  if (layout.pipeIdents.length > 0) out.push(`enum { ${layout.pipeIdents.join(", ")} };`);
  if (layout.ringIdents.length > 0) out.push(`enum { ${layout.ringIdents.join(", ")} };`);
  out.push(`enum { ${[...layout.processes.map((p) => p.ident), "NPROCS"].join(", ")} };`);
  for (const p of layout.processes) out.push(`static void ${p.fn}(void);`);
  return out.join("\n") + "\n";
}

function emitProcess(proc: ProcessLayout, lines: readonly LinePlan[]): string {
  const how = proc.independent ? "started by the controller" : "created by a fork line";
  const out = [`/* Process ${commentText(proc.name)} (${how}). */`, `static void ${proc.fn}(void)`, "{"];
  for (const l of lines) {
    if (l.proc === null || l.proc.index !== proc.index) continue;
    out.push(`\t/* line ${l.line}: ${commentText(l.text)} */`);
    if (l.note !== null) out.push(`\t/* ${commentText(l.note)} */`);
    out.push(`\twait_turn(${l.line});`);
    for (const c of l.calls) {
      const why = c.fn === "ring_release" ? " /* the ring's last holder exits */" : "";
      out.push(`\t${formatCall(c)}${why}`);
    }
  }
  out.push("\tend_process();", "}", "");
  return out.join("\n");
}

function emitTables(layout: Layout, lines: readonly LinePlan[], program: Program, usesGupTest: boolean): string {
  const procs = layout.processes.map((p) => `\t{ "${p.name}", ${p.fn}, ${p.independent ? 1 : 0} },`);
  const turns = lines.map((l) => {
    const who = l.proc === null ? "-1" : l.proc.ident;
    const child = l.child === null ? "0" : l.child.ident;
    const kernel = l.turn === "TURN_KERNEL" ? (l.calls[0]?.fn ?? "NULL") : "NULL";
    return `\t{ ${l.line}, ${who}, ${l.turn}, ${child}, ${kernel} }, /* ${commentText(l.text)} */`;
  });
  return [
    "static const struct process PROCS[] = {", ...procs, "};",
    "",
    "/* The scenario's lines in order: the controller hands each to its process. */",
    "static const struct turn TURNS[] = {", ...turns, "};",
    "",
    "int main(void)",
    "{",
    "\tstatic const struct scenario s = {",
    `\t\tPROCS, NPROCS, ${program.pipes.length}, ${usesGupTest ? 1 : 0}, TURNS, (int)(sizeof TURNS / sizeof TURNS[0])`,
    "\t};",
    "\treturn run_scenario(&s);",
    "}",
    "",
  ].join("\n");
}
