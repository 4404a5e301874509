// Renders the kernel history for `cowlab kernels`: the eras with their records as text or JSON,
// and one version's knobs with the record that set each. Pure functions of history/ data, so
// the output is the same byte for byte on every run.
import type { KernelVersion, KnobName } from "../kernel/policy.js";
import type { Era, HistoryRecord } from "../history/index.js";
import {
  BASELINE_KNOBS,
  BASELINE_VERSION,
  ERAS,
  KNOB_NAMES,
  MODELLED_VERSIONS,
  RECORDS,
  eraByLetter,
  eraOf,
  formatRange,
  formatVersion,
  policyFor,
  recordSetting,
} from "../history/index.js";

const NO_ID = "(no id)";
/** Width of the version column: the longest version any record carries ("6.15"). */
const VERSION_WIDTH = Math.max(...RECORDS.map((r) => formatVersion(r.version).length));

/** The modelled versions as ranges per major: `4.4..4.20, 5.0..5.19, 6.0..6.18`. */
export function formatModelledVersions(): string {
  const majors = [...new Set(MODELLED_VERSIONS.map((v) => v.major))];
  return majors
    .map((major) => {
      const of = MODELLED_VERSIONS.filter((v) => v.major === major);
      return formatRange({ from: of[0] ?? null, to: of[of.length - 1] ?? null });
    })
    .join(", ");
}

/** Every era, oldest first, each with its range, summary, defining commits and records. */
export function formatKernelsText(): string {
  const head = [
    `Kernel history, era by era. The baseline is ${formatVersion(BASELINE_VERSION)} (era A); each record sets the`,
    "knobs it lists from its version on. Modelled: " + formatModelledVersions() + ".",
    "",
  ];
  return [...head, ...ERAS.flatMap((e) => [...formatEraText(e), ""])].join("\n");
}

function formatEraText(era: Era): string[] {
  const records = recordsOf(era);
  const lines = [
    `Era ${era.letter}  ${formatRange(era.range)}  ${era.name}`,
    `  ${era.summary}`,
    `  defining commits: ${era.commits.join(", ")}`,
  ];
  if (records.length === 0) {
    const base = formatVersion(BASELINE_VERSION);
    lines.push(`  no records: these versions run on the baseline (see \`cowlab kernels --version ${base}\`)`);
  }
  return [...lines, ...records.flatMap(formatRecordText)];
}

function formatRecordText(r: HistoryRecord): string[] {
  const indent = " ".repeat(2 + VERSION_WIDTH + 2);
  const lines = [`  ${formatVersion(r.version).padEnd(VERSION_WIDTH)}  ${formatId(r)}  ${r.title}`];
  lines.push(`${indent}sets: ${formatDecides(r)}`);
  lines.push(`${indent}why: ${r.why}`);
  if (r.idNote !== undefined) lines.push(`${indent}id: ${r.idNote}`);
  if (r.note !== undefined) lines.push(`${indent}note: ${r.note}`);
  return lines;
}

function formatId(r: HistoryRecord): string {
  return (r.id === "" ? NO_ID : r.id).padEnd(12);
}

function formatDecides(r: HistoryRecord): string {
  const set = KNOB_NAMES.filter((k) => r.decides[k] !== undefined).map((k) => `${k}=${String(r.decides[k])}`);
  return set.length === 0 ? "no knob (the record opens its era)" : set.join(" ");
}

function recordsOf(era: Era): HistoryRecord[] {
  return RECORDS.filter((r) => r.era === era.letter);
}

/** One version: its era and every knob with its value and the record that set it. */
export function formatKernelText(version: KernelVersion): string {
  const policy = policyFor(version);
  const era = eraByLetter(eraOf(version));
  const rows = KNOB_NAMES.map((k) => [k, String(policy[k]), formatSetter(k, version)] as const);
  const w0 = Math.max("knob".length, ...rows.map((r) => r[0].length));
  const w1 = Math.max("value".length, ...rows.map((r) => r[1].length));
  const line = (a: string, b: string, c: string): string => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd();
  return [
    `Linux ${formatVersion(version)}: era ${era.letter} (${formatRange(era.range)}), ${era.name}`,
    `  ${era.summary}`,
    "",
    line("knob", "value", "set by"),
    ...rows.map((r) => line(r[0], r[1], r[2])),
    "",
  ].join("\n");
}

function formatSetter(knob: KnobName, version: KernelVersion): string {
  const r = recordSetting(knob, version);
  if (r === null) return `baseline (${formatVersion(BASELINE_VERSION)})`;
  return `${formatVersion(r.version).padEnd(VERSION_WIDTH)}  ${formatId(r)}  ${r.title}`;
}

/** The JSON of `cowlab kernels --json`: the baseline, then every era with its records. */
export function kernelsJson(): unknown {
  return {
    modelled: formatModelledVersions(),
    baseline: { version: formatVersion(BASELINE_VERSION), knobs: { ...BASELINE_KNOBS } },
    eras: ERAS.map((e) => ({ ...eraJson(e), records: recordsOf(e).map(recordJson) })),
  };
}

/** The JSON of `cowlab kernels --json --version V`. */
export function kernelJson(version: KernelVersion): unknown {
  const policy = policyFor(version);
  return {
    version: formatVersion(version),
    era: eraJson(eraByLetter(eraOf(version))),
    knobs: KNOB_NAMES.map((k) => ({ knob: k, value: policy[k], setBy: setterJson(recordSetting(k, version)) })),
  };
}

function eraJson(e: Era): Record<string, unknown> {
  return {
    era: e.letter,
    name: e.name,
    range: formatRange(e.range),
    from: e.range.from === null ? null : formatVersion(e.range.from),
    to: e.range.to === null ? null : formatVersion(e.range.to),
    summary: e.summary,
    commits: [...e.commits],
  };
}

function recordJson(r: HistoryRecord): Record<string, unknown> {
  return {
    version: formatVersion(r.version),
    id: r.id,
    title: r.title,
    decides: { ...r.decides },
    why: r.why,
    ...(r.idNote === undefined ? {} : { idNote: r.idNote }),
    ...(r.note === undefined ? {} : { note: r.note }),
  };
}

function setterJson(r: HistoryRecord | null): unknown {
  return r === null ? null : { version: formatVersion(r.version), id: r.id, title: r.title };
}

/** JSON as the CLI prints it: two-space indent, trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

