// The scenario front end on a generated 10,000-line scenario: parse alone, then parse + check
// + lower (loadScenario), as the median of several runs, in ms per file and lines per second.
import { checkScenario, loadScenario, parseScenario } from "../src/scenario/index.js";

export const name = "parser";

const LINES = 10_000;
const RUNS = 9;

/** A valid scenario of exactly `lines` lines using most verbs, with comments and expectations. */
export function generateScenario(lines: number): string {
  const out: string[] = ['scenario "generated for the parser bench"', "kernels 5.0..", "tags bench", ""];
  const regions = 64;
  for (let r = 0; r < regions; r++) out.push(`p: mmap r${r} 8 rw  # region ${r}`);
  let i = 0;
  while (out.length < lines) {
    const r = `r${i % regions}`;
    const page = i % 8;
    const block = [
      `p: write ${r}[${page}] ${String.fromCharCode(65 + (i % 26))}`,
      `p: fork c${i}`,
      `c${i}: read ${r}[${page}] expect ${String.fromCharCode(65 + (i % 26))}, 0x00 on 5.9..5.17`,
      `c${i}: vmsplice ${r}[0..2] pipe${i}`,
      `p: pin ${r}[${page}] rw longterm pin${i}`,
      `p: pagemap ${r}[${page}] expect present !exclusive`,
      `p: frame ${r}[${page}] as f${i}`,
      `kernel: migrate p ${r}[${page}]`,
      `p: frame ${r}[${page}] expect f${i}, !f${i} on ..5.8`,
      `q: read pipe${i} expect ${i % 256}`,
      `p: unpin pin${i}`,
      `c${i}: exit  # done with child ${i}`,
    ];
    for (const line of block) if (out.length < lines) out.push(line);
    i++;
  }
  return out.join("\n") + "\n";
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

export async function run(print: (line: string) => void): Promise<void> {
  const text = generateScenario(LINES);
  const loaded = loadScenario(text, "bench.cow");
  if (!loaded.ok) throw new Error(`the generated scenario has ${loaded.diagnostics.length} errors: ${loaded.diagnostics[0]?.message ?? ""}`);
  print(`${LINES} lines, ${text.length} chars, ${loaded.program.steps.length} steps; median of ${RUNS} runs`);
  for (let w = 0; w < 3; w++) loadScenario(text, "bench.cow");
  const phases: [string, () => void][] = [
    ["parse", () => void parseScenario(text, "bench.cow")],
    ["parse + check", () => void checkScenario(parseScenario(text, "bench.cow").ast)],
    ["parse + check + lower", () => void loadScenario(text, "bench.cow")],
  ];
  for (const [label, f] of phases) {
    const ms = median(Array.from({ length: RUNS }, () => time(f)));
    print(`${label.padEnd(22)} ${ms.toFixed(1).padStart(7)} ms per file  ${Math.round((LINES / ms) * 1000).toLocaleString("en-US").padStart(11)} lines/s`);
  }
}
