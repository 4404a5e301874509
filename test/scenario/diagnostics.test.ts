import { describe, expect, it } from "vitest";
import { DIAGNOSTICS, createDiagnostic, sortDiagnostics } from "../../src/scenario/diagnostics.js";
import { loadScenario } from "../../src/scenario/load.js";

const entries = Object.entries(DIAGNOSTICS);
const scenarioCodes = entries.filter(([code]) => code < "COW300");

describe("diagnostics", () => {
  it("keys every entry by its own COWnnn code, in the 1xx, 2xx, 3xx and 9xx groups", () => {
    for (const [key, info] of entries) {
      expect(info.code).toBe(key);
      expect(key).toMatch(/^COW[1239]\d\d$/);
    }
    expect(entries.map(([k]) => k)).toEqual([...entries.map(([k]) => k)].sort());
  });

  it("gives every code a sentence-case title and explanation", () => {
    for (const [, info] of entries) {
      expect(info.title).toMatch(/^[A-Z]/);
      expect(info.explanation).toMatch(/^[A-Z`].*\.$/s);
    }
  });

  it.each(scenarioCodes)("triggers %s with its own example", (code, info) => {
    const r = loadScenario(info.example, "example.cow");
    expect(r.ok).toBe(false);
    const list = r.ok ? [] : r.diagnostics;
    expect(list.map((d) => d.code)).toContain(code);
  });

  it("gives command-line codes a literal example message instead of a scenario", () => {
    for (const [code, info] of entries) {
      expect("exampleMessage" in info, code).toBe(code >= "COW300");
    }
  });

  it("writes messages in sentence case with spans inside the text", () => {
    for (const [, info] of scenarioCodes) {
      const r = loadScenario(info.example, "example.cow");
      for (const d of r.ok ? [] : r.diagnostics) {
        expect(d.message).toMatch(/^[A-Z`0-9]/);
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(info.example.length);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }
    }
  });

  it("leaves out extras that are undefined", () => {
    const d = createDiagnostic("COW201", "m", { start: 1, end: 2 }, { hint: undefined, expected: "x" });
    expect(d).toEqual({ code: "COW201", message: "m", span: { start: 1, end: 2 }, expected: "x" });
    expect(Object.keys(d)).not.toContain("hint");
  });

  it("sorts diagnostics by position, then code", () => {
    const at = (start: number, code: string) => createDiagnostic(code as "COW201", code, { start, end: start + 1 });
    expect(sortDiagnostics([at(5, "COW202"), at(1, "COW203"), at(5, "COW201")]).map((d) => d.message)).toEqual(["COW203", "COW201", "COW202"]);
  });
});
