// The viewer's state and its round trip through the URL hash.
import { MODELLED_VERSIONS, NEWEST_VERSION, compareVersions, formatVersion, parseVersion, type KernelVersion } from "cowlab";
import { DEFAULT_EXAMPLE, findExample } from "./examples.js";
import { formatHash, parseHash } from "./hash.js";

export interface ViewState {
  readonly text: string;
  /** The corpus example the text is, unchanged; null once edited or loaded from elsewhere. */
  readonly example: string | null;
  readonly source: string | null;
  /** Index into MODELLED_VERSIONS. */
  readonly version: number;
  readonly compare: number | null;
  /** 0-based step. */
  readonly step: number;
}

export function versionIndex(text: string | null, fallback: number): number {
  const v = text === null ? null : parseVersion(text);
  if (v === null) return fallback;
  const i = MODELLED_VERSIONS.findIndex((m) => compareVersions(m, v) === 0);
  return i < 0 ? fallback : i;
}

export const NEWEST_INDEX = versionIndex(formatVersion(NEWEST_VERSION), MODELLED_VERSIONS.length - 1);

export const versionAt = (i: number): KernelVersion => MODELLED_VERSIONS[i] ?? NEWEST_VERSION;

/** The state a hash describes; anything missing or unreadable falls back to the default example on the newest kernel. */
export function stateFromHash(hash: string): ViewState {
  const h = parseHash(hash);
  const ex = h.example === null ? undefined : findExample(h.example);
  const fallback = findExample(DEFAULT_EXAMPLE);
  const text = ex?.text ?? h.text ?? fallback?.text ?? "";
  const example = ex !== undefined ? ex.path : h.text !== null ? null : (fallback?.path ?? null);
  return {
    text, example, source: h.source,
    version: versionIndex(h.version, NEWEST_INDEX),
    compare: h.compare === null ? null : versionIndex(h.compare, NEWEST_INDEX),
    step: Math.max(0, (h.step ?? 1) - 1),
  };
}

export function hashOf(s: ViewState): string {
  return formatHash({
    example: s.example, text: s.example === null ? s.text : null, source: s.source,
    version: formatVersion(versionAt(s.version)), step: s.step + 1,
    compare: s.compare === null ? null : formatVersion(versionAt(s.compare)),
  });
}
