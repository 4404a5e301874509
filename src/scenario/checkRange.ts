// Checks kernel versions and ranges against the versions cowlab models (history/versions.ts):
// mainline MAJOR.MINOR from 4.4 to 6.18, ranges inclusive and non-empty.
import type { KernelVersion } from "../kernel/policy.js";
import type { VersionRange } from "../history/versions.js";
import { compareVersions, formatRange, formatVersion, isModelled, MODELLED_VERSIONS, NEWEST_VERSION, OLDEST_VERSION } from "../history/versions.js";
import type { RangeNode, VersionNode } from "./ast.js";
import { createDiagnostic, type Diagnostic } from "./diagnostics.js";

const MODELLED = `cowlab models ${formatVersion(OLDEST_VERSION)} to ${formatVersion(NEWEST_VERSION)}`;

/** The last minor of each major line cowlab knows (4.20, 5.19, 6.18). */
function lastMinorOf(major: number): number | null {
  const minors = MODELLED_VERSIONS.filter((v) => v.major === major).map((v) => v.minor);
  return minors.length === 0 ? null : Math.max(...minors);
}

/** The version a node denotes, or a diagnostic saying why it is not a modelled one. */
export function checkVersion(node: VersionNode): KernelVersion | Diagnostic {
  const m = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.exec(node.text);
  if (m === null) return malformedVersion(node);
  const v: KernelVersion = { major: Number(m[1]), minor: Number(m[2]) };
  if (isModelled(v)) return v;
  const last = lastMinorOf(v.major);
  const why = last !== null && v.minor > last && v.major < NEWEST_VERSION.major
    ? `${v.major}.x ends at ${v.major}.${last}, so \`${node.text}\` is not a mainline kernel`
    : `\`${node.text}\` is not a modelled kernel version: ${MODELLED}`;
  return createDiagnostic("COW210", capitalise(why), node.span, {
    expected: "a mainline version from 4.4..4.20, 5.0..5.19 or 6.0..6.18",
    hint: compareVersions(v, OLDEST_VERSION) < 0
      ? `the oldest modelled version is \`${formatVersion(OLDEST_VERSION)}\``
      : compareVersions(v, NEWEST_VERSION) > 0 ? `the newest modelled version is \`${formatVersion(NEWEST_VERSION)}\`` : undefined,
  });
}

function malformedVersion(node: VersionNode): Diagnostic {
  const parts = node.text.split(".");
  const mm = parts.length >= 2 ? `${Number(parts[0])}.${Number(parts[1])}` : null;
  const hint = parts.length === 1 ? `a version has a minor number, e.g. \`${node.text}.0\`` : mm === null ? undefined : `write \`${mm}\``;
  return createDiagnostic("COW210", `\`${node.text}\` is not a mainline \`MAJOR.MINOR\` kernel version`, node.span, {
    expected: "a mainline version such as `5.10`",
    hint,
  });
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]?.toUpperCase() + s.slice(1);
}

/** The range a node denotes, pushing diagnostics for bad versions or an empty range; null if unusable. */
export function checkRange(node: RangeNode, into: Diagnostic[]): VersionRange | null {
  const from = node.from === null ? null : checkVersion(node.from);
  const to = node.form === "single" ? from : node.to === null ? null : checkVersion(node.to);
  let ok = true;
  for (const v of node.form === "single" ? [from] : [from, to]) {
    if (v !== null && "code" in v) {
      into.push(v);
      ok = false;
    }
  }
  if (!ok) return null;
  const range = { from: from as KernelVersion | null, to: to as KernelVersion | null };
  if (range.from !== null && range.to !== null && compareVersions(range.from, range.to) > 0) {
    into.push(createDiagnostic("COW211", `Kernel range \`${formatRange(range)}\` is empty: ${formatVersion(range.from)} is newer than ${formatVersion(range.to)}`, node.span, {
      hint: `write \`${formatVersion(range.to)}..${formatVersion(range.from)}\``,
    }));
    return null;
  }
  return range;
}

/**
 * True when two checked ranges share at least one modelled version. Their ends are modelled
 * versions (or open), so the later start is itself in both when it is not after the earlier end.
 */
export function rangesOverlap(a: VersionRange, b: VersionRange): boolean {
  const later = (x: KernelVersion | null, y: KernelVersion | null): KernelVersion => {
    const v = x ?? OLDEST_VERSION;
    const w = y ?? OLDEST_VERSION;
    return compareVersions(v, w) >= 0 ? v : w;
  };
  const earlier = (x: KernelVersion | null, y: KernelVersion | null): KernelVersion => {
    const v = x ?? NEWEST_VERSION;
    const w = y ?? NEWEST_VERSION;
    return compareVersions(v, w) <= 0 ? v : w;
  };
  return compareVersions(later(a.from, b.from), earlier(a.to, b.to)) <= 0;
}
