// The history records as data: order, ids, eras, and that every record moves a knob or opens an era.
import { describe, expect, it } from "vitest";
import type { KnobName } from "../../src/kernel/policy.js";
import {
  ERAS,
  KNOB_CHOICES,
  KNOB_NAMES,
  RECORDS,
  BASELINE_VERSION,
  compareVersions,
  eraOf,
  formatVersion,
  isCommitId,
  isModelled,
  knobsAt,
  MODELLED_VERSIONS,
  knobDifferences,
} from "../../src/history/index.js";

const label = RECORDS.map((r) => [`${formatVersion(r.version)} ${r.id || r.title}`, r] as const);

describe("records", () => {
  it("are sorted by version", () => {
    for (let i = 1; i < RECORDS.length; i++) {
      const prev = RECORDS[i - 1];
      const cur = RECORDS[i];
      expect(prev && cur && compareVersions(prev.version, cur.version) <= 0).toBe(true);
    }
  });

  it.each(label)("%s has a 12-hex id or says in idNote why it has none", (_name, r) => {
    if (r.id === "") expect(r.idNote?.length ?? 0).toBeGreaterThan(20);
    else expect(isCommitId(r.id)).toBe(true);
  });

  it("never repeat a commit id", () => {
    const ids = RECORDS.map((r) => r.id).filter((id) => id !== "");
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(label)("%s lies after the baseline, in a modelled version, in the era it names", (_name, r) => {
    expect(compareVersions(r.version, BASELINE_VERSION)).toBeGreaterThan(0);
    expect(isModelled(r.version)).toBe(true);
    expect(r.era).toBe(eraOf(r.version));
  });

  it.each(label)("%s sets a knob or opens its era", (_name, r) => {
    const opensEra = ERAS.some((e) => e.letter === r.era && e.range.from !== null && compareVersions(e.range.from, r.version) === 0);
    expect(Object.keys(r.decides).length > 0 || opensEra).toBe(true);
  });

  it.each(label)("%s sets only knobs, each to one of its alternatives", (_name, r) => {
    for (const [k, value] of Object.entries(r.decides)) {
      expect(KNOB_NAMES as readonly string[]).toContain(k);
      const choice = KNOB_CHOICES[k as KnobName];
      if (choice === "boolean") expect(typeof value).toBe("boolean");
      else if (choice === "integer") expect(Number.isInteger(value) && (value as number) > 0).toBe(true);
      else expect(choice as readonly unknown[]).toContain(value);
    }
  });

  it.each(label)("%s has a title and a one-line why", (_name, r) => {
    expect(r.title.trim()).not.toBe("");
    expect(r.why).not.toMatch(/\n/);
    expect(r.why.length).toBeGreaterThan(20);
    expect(r.why.length).toBeLessThanOrEqual(200);
  });

  it("open every era after A with a record at the era's first version", () => {
    for (const era of ERAS.slice(1)) {
      const from = era.range.from;
      expect(from).not.toBeNull();
      expect(RECORDS.some((r) => from !== null && compareVersions(r.version, from) === 0)).toBe(true);
    }
  });

  it("explain every knob change between neighbouring versions by a record of the later one", () => {
    for (let i = 1; i < MODELLED_VERSIONS.length; i++) {
      const prev = MODELLED_VERSIONS[i - 1];
      const cur = MODELLED_VERSIONS[i];
      if (prev === undefined || cur === undefined) continue;
      const changed = knobDifferences(knobsAt(prev), knobsAt(cur));
      const decided = RECORDS.filter((r) => compareVersions(r.version, cur) === 0).flatMap((r) => Object.keys(r.decides));
      for (const k of changed) expect(decided).toContain(k);
    }
  });

  it("cannot be changed by a caller", () => {
    const first = RECORDS[0];
    expect(Object.isFrozen(RECORDS)).toBe(true);
    expect(first && Object.isFrozen(first) && Object.isFrozen(first.decides)).toBe(true);
  });

  it("cite the defining commits of every era", () => {
    const ids = new Set(RECORDS.map((r) => r.id));
    for (const era of ERAS) for (const id of era.commits) expect(ids).toContain(id);
  });
});
