// Differential fuzzing of the model against the real kernel: random scenarios, each run in
// both; a disagreement is shrunk (drop lines, then simplify values) while it still disagrees,
// and reported as .cow text with the command that replays it.
import type { Program } from "../scenario/program.js";
import { loadScenario } from "../scenario/index.js";
import { randomLines, scenarioText } from "./randomScenario.js";
import { runRng } from "../run/rng.js";

/** One random scenario: its lines, text and program. */
export interface RandomCase {
  readonly index: number;
  readonly title: string;
  readonly lines: readonly string[];
  readonly text: string;
  readonly program: Program;
}

/** Loads lines as a scenario; null when the front end rejects them. */
export function loadLines(title: string, lines: readonly string[]): { text: string; program: Program } | null {
  const text = scenarioText(title, lines);
  const r = loadScenario(text, `${title.replace(/[^a-z0-9]+/gi, "-")}.cow`);
  return r.ok ? { text, program: r.program } : null;
}

/** Scenario `index` of a run with `seed`; the same arguments give the same scenario. */
export function randomCase(seed: number, index: number, maxLines: number): RandomCase {
  const rng = runRng(seed, index);
  const title = `random ${index} of seed ${seed}`;
  // The generator keeps lines valid; a draw the front end still rejects is drawn again.
  for (let attempt = 0; attempt < 100; attempt++) {
    const lines = randomLines(rng, maxLines);
    const loaded = loadLines(title, lines);
    if (loaded !== null) return { index, title, lines, ...loaded };
  }
  // Cannot happen unless the generator and the checker disagree on every draw.
  throw new Error(`no valid random scenario for seed ${seed}, index ${index}`);
}

/** Candidates one step simpler: each line dropped (last first), then each value made `A`. */
export function shrinkCandidates(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = lines.length - 1; i >= 1; i--) out.push([...lines.slice(0, i), ...lines.slice(i + 1)]);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const simpler = line.replace(/ [B-D]$/, " A").replace(/\[(\d+)\.\.\d+\]/, "[$1]");
    if (simpler !== line) out.push([...lines.slice(0, i), simpler, ...lines.slice(i + 1)]);
  }
  return out;
}

/**
 * Shrinks lines while `stillFails` holds: takes the first simpler candidate that loads and
 * still fails, until none does. The mmap on line 1 is kept. Returns the smallest lines found.
 */
export async function shrinkLines(title: string, lines: readonly string[], stillFails: (program: Program) => Promise<boolean>, maxTries = 400): Promise<string[]> {
  let best = [...lines];
  let tries = 0;
  for (let progress = true; progress && tries < maxTries;) {
    progress = false;
    for (const candidate of shrinkCandidates(best)) {
      const loaded = loadLines(title, candidate);
      if (loaded === null) continue;
      tries++;
      if (await stillFails(loaded.program)) {
        best = candidate;
        progress = true;
        break;
      }
      if (tries >= maxTries) break;
    }
  }
  return best;
}
