// Program -> the interpreter's input: the same processes, regions and calls as the generated
// C program, one word-separated line each, so that one compiled interpreter runs any scenario.
import type { Program } from "../scenario/program.js";
import { createLayout } from "./layout.js";
import { planLines } from "./planLines.js";

/** The bytecode text, or the first line that cannot run natively. */
export type BytecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** Writes a program as interpreter bytecode, or says which line cannot run natively. */
export function emitBytecode(program: Program): BytecodeResult {
  const layout = createLayout(program);
  const plan = planLines(program, layout);
  if (!plan.ok) return plan;
  const out: string[] = ["cowlab-bytecode 1"];
  for (const p of layout.processes) out.push(`proc ${p.name} ${p.independent ? 1 : 0}`);
  for (const r of layout.regions) out.push(`region ${r.name} ${r.pages}`);
  out.push(`pipes ${program.pipes.length}`, `gup ${plan.usesGupTest ? 1 : 0}`);
  for (const l of plan.lines) {
    out.push(`turn ${l.line} ${l.proc === null ? -1 : l.proc.index} ${l.turn} ${l.child === null ? 0 : l.child.index}`);
    for (const c of l.calls) {
      const args = c.args.flatMap((a) => (a.b === null ? [] : [a.b]));
      out.push(`call ${c.fn} ${args.join(" ")}`.trimEnd());
    }
  }
  return { ok: true, text: out.join("\n") + "\n" };
}
