import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../../src/cli/formatDiagnostic.js";
import { loadScenario } from "../../src/scenario/load.js";
import { printScenario } from "../../src/scenario/print.js";

const TEST = join(dirname(fileURLToPath(import.meta.url)), "..");
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

/** The language fixtures and whether each must load cleanly. */
const FIXTURES: readonly [string, boolean][] = [
  ["s4-vmsplice-unmap-in-child", true],
  ["every-verb", true],
  ["five-mistakes", false],
  ["syntax-errors", false],
  ["semantic-errors", false],
];

/** What `cowlab parse` would print for the fixture: its diagnostics, or a one-line summary. */
function render(name: string): { text: string; out: string; ok: boolean } {
  const file = `test/fixtures/${name}.cow`;
  const text = readFileSync(join(TEST, "fixtures", `${name}.cow`), "utf8");
  const r = loadScenario(text, file);
  const out = r.ok ? `ok  ${file} (${r.program.steps.length} steps)\n` : formatDiagnostics(r.diagnostics, text, file);
  return { text, out, ok: r.ok };
}

describe("loadScenario", () => {
  it.each(FIXTURES)("renders %s as its golden file", (name, clean) => {
    const { out, ok } = render(name);
    expect(ok).toBe(clean);
    const golden = join(TEST, "golden", `${name}.diagnostics.txt`);
    if (UPDATE) writeFileSync(golden, out);
    expect(out).toBe(readFileSync(golden, "utf8"));
  });

  it("keeps the clean fixtures stable under fmt", () => {
    for (const [name, clean] of FIXTURES) {
      if (!clean) continue;
      const { text } = render(name);
      const r = loadScenario(text, name);
      if (!r.ok) throw new Error(name);
      const once = printScenario(r.ast);
      const again = loadScenario(once, name);
      expect(again.ok && printScenario(again.ast)).toBe(once);
      expect(again.ok && again.program.steps.map((s) => s.op)).toEqual(r.program.steps.map((s) => s.op));
    }
  });
});
