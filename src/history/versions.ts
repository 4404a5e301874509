// The mainline kernel versions cowlab models, and ranges over them.
// 4.4 (the oldest longterm of the 4.x line still seen in the field) to 6.18.
import type { KernelVersion } from "../kernel/policy.js";

/** An inclusive range of versions; a null end is open. */
export interface VersionRange {
  readonly from: KernelVersion | null;
  readonly to: KernelVersion | null;
}

const LAST_MINOR: ReadonlyArray<readonly [number, number, number]> = [
  [4, 4, 20],
  [5, 0, 19],
  [6, 0, 18],
];

/** Every modelled mainline version, oldest first. */
export const MODELLED_VERSIONS: readonly KernelVersion[] = LAST_MINOR.flatMap(([major, first, last]) =>
  Array.from({ length: last - first + 1 }, (_, i) => ({ major, minor: first + i })),
);

export const OLDEST_VERSION: KernelVersion = MODELLED_VERSIONS[0] as KernelVersion;
export const NEWEST_VERSION: KernelVersion = MODELLED_VERSIONS[MODELLED_VERSIONS.length - 1] as KernelVersion;

/** Negative, zero or positive as a is older than, equal to or newer than b. */
export function compareVersions(a: KernelVersion, b: KernelVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function formatVersion(v: KernelVersion): string {
  return `${v.major}.${v.minor}`;
}

/** Parses `MAJOR.MINOR` (also accepts `6.18.2` or `6.18.44-fc`, keeping MAJOR.MINOR); null if malformed. */
export function parseVersion(text: string): KernelVersion | null {
  const m = /^(\d{1,2})\.(\d{1,3})(?:[.\-+].*)?$/.exec(text.trim());
  if (m === null) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** True when the version is one cowlab models. */
export function isModelled(v: KernelVersion): boolean {
  return MODELLED_VERSIONS.some((m) => compareVersions(m, v) === 0);
}

export function inRange(v: KernelVersion, r: VersionRange): boolean {
  return (r.from === null || compareVersions(v, r.from) >= 0) && (r.to === null || compareVersions(v, r.to) <= 0);
}

/** The modelled versions inside a range, oldest first. */
export function versionsIn(r: VersionRange): KernelVersion[] {
  return MODELLED_VERSIONS.filter((v) => inRange(v, r));
}

/** Renders a range the way the language writes it: `5.9..5.17`, `..5.7`, `6.2..`, `5.10`, or `all`. */
export function formatRange(r: VersionRange): string {
  if (r.from !== null && r.to !== null && compareVersions(r.from, r.to) === 0) return formatVersion(r.from);
  if (r.from === null && r.to === null) return "..";
  return `${r.from === null ? "" : formatVersion(r.from)}..${r.to === null ? "" : formatVersion(r.to)}`;
}
