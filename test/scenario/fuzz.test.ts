import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DIAGNOSTICS } from "../../src/scenario/diagnostics.js";
import { loadScenario, type LoadResult } from "../../src/scenario/load.js";
import { printScenario } from "../../src/scenario/print.js";
import { validScenarioAst } from "./arbitraries.js";

/** Generous per-input bound: a 10,000-line file parses in a few ms. */
const BUDGET_MS = 200;
const CODES = new Set(Object.keys(DIAGNOSTICS));

/**
 * Loads text, asserting it neither throws nor takes long, and that its diagnostics are well
 * formed. With `attempts` > 1 the fastest run counts, so a busy machine does not fail the bound
 * while a slow algorithm still does.
 */
function loadSafely(text: string, attempts = 1): void {
  let ms = Infinity;
  let r: LoadResult | undefined;
  for (let i = 0; i < attempts; i++) {
    const t0 = performance.now();
    r = loadScenario(text, "fuzz.cow");
    ms = Math.min(ms, performance.now() - t0);
  }
  if (r === undefined) throw new Error("loadSafely needs at least one attempt");
  expect(ms, `${text.length} chars: ${JSON.stringify(text.slice(0, 40))}...`).toBeLessThan(BUDGET_MS);
  if (r.ok) return;
  expect(r.diagnostics.length).toBeGreaterThan(0);
  for (const d of r.diagnostics) {
    expect(CODES.has(d.code)).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    expect(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= text.length).toBe(true);
  }
}

const TOKENS = [
  "p:", "kernel:", "mmap", "write", "read", "fork", "expect", "on", ",", "!", "[", "]", "..", "0", "255", "256", "0x41", "A",
  "buf", "buf[0]", "buf[1..3]", "5.10", "..5.7", "6.2..", "segv", "none", "present", "!exclusive", "#", '"', "=", "file=x",
  "rw", "ro", "pin", "vmsplice", "pipe1", "ring1[0]", "exit", "c:", "kernels", "scenario", "tags", ":", "\t", "\r", "\u00a0", "😀",
];

type Mutation = { kind: "insert" | "delete" | "swap" | "bytes" | "dup-line"; at: number; token: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("insert", "delete", "swap", "bytes", "dup-line"),
  at: fc.nat(10_000),
  token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: "binary", maxLength: 6 })),
});

/** Applies token-level mutations to a scenario's text (tokens are the space-separated words). */
function mutate(text: string, mutations: readonly Mutation[]): string {
  const words = text.split(/( +|\n)/);
  for (const m of mutations) {
    const i = words.length === 0 ? 0 : m.at % words.length;
    if (m.kind === "insert") words.splice(i, 0, m.token);
    else if (m.kind === "delete") words.splice(i, 1);
    else if (m.kind === "swap" && i + 2 < words.length) [words[i], words[i + 2]] = [words[i + 2] ?? "", words[i] ?? ""];
    else if (m.kind === "bytes") words[i] = (words[i] ?? "") + m.token;
    else if (m.kind === "dup-line") words.splice(i, 0, ...words.slice(i, i + 8));
  }
  return words.join("");
}

describe("parser", () => {
  it("never throws on random strings (seed 42)", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (t) => loadSafely(t)), { seed: 42, numRuns: 1000 });
  });

  it("never throws on random lines of language tokens (seed 42)", () => {
    const lineArb = fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((ws) => ws.join(" "));
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 20 }).map((ls) => ls.join("\n")), (t) => loadSafely(t)), { seed: 42, numRuns: 1000 });
  });

  it("never throws on mutated valid scenarios (seed 42)", () => {
    fc.assert(
      fc.property(validScenarioAst, fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (ast, ms) => loadSafely(mutate(printScenario(ast), ms))),
      { seed: 42, numRuns: 600 },
    );
  });

  it("formats valid scenarios with scrambled spacing back to their canonical text (seed 42)", () => {
    const spacing = fc.array(fc.constantFrom(" ", "  ", "\t", " \t "), { minLength: 64, maxLength: 64 });
    fc.assert(
      fc.property(validScenarioAst, spacing, (ast, gaps) => {
        const canonical = printScenario(ast);
        let k = 0;
        const gap = (): string => gaps[k++ % gaps.length] ?? " ";
        // Spaces between tokens (not inside titles or comments) may be any run of blanks.
        const scrambled = canonical.split("\n").map((line) => {
          if (line.startsWith("scenario ") || line.startsWith("#")) return line;
          return gap() + line.split(" ").join(gap()) + gap();
        }).join("\n");
        const r = loadScenario(scrambled, "fuzz.cow");
        expect(r.ok).toBe(true);
        expect(r.ok && printScenario(r.ast)).toBe(canonical);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it("handles very long lines, deep brackets and many errors within the budget", () => {
    loadSafely(`p: mmap ${"a".repeat(200_000)} 1 rw`, 3);
    loadSafely(`p: read buf${"[".repeat(10_000)}${"]".repeat(10_000)}`, 3);
    loadSafely(`p: read ${"buf[".repeat(5_000)}0${"]".repeat(5_000)}`, 3);
    loadSafely(`scenario "${"x".repeat(200_000)}`, 3);
    loadSafely(`# ${"#".repeat(100_000)}\n${"!".repeat(10_000)}`, 3);
    loadSafely("p: wrte buf[0] A\n".repeat(1_000), 3);
    loadSafely(`p: mmap buf 1 rw expect ${"A, B on 5.10, ".repeat(2_000)}C on 6.1`, 3);
    loadSafely(`p: read ${"x".repeat(100)}\n`.repeat(1_000), 3);
    loadSafely("\u0000\uffff\ud800\udfff\ud800", 3);
  });
});
