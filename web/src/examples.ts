// The corpus of scenarios/, bundled into the page at build time, offered as examples.

const FILES = import.meta.glob<string>("../../scenarios/**/*.cow", { query: "?raw", import: "default", eager: true });

export interface Example {
  /** Path under scenarios/, e.g. `vmsplice/unmap-in-child.cow`. */
  readonly path: string;
  readonly text: string;
}

/** Every example, sorted by path. */
export const EXAMPLES: readonly Example[] = Object.entries(FILES)
  .map(([file, text]) => ({ path: file.replace(/^.*?scenarios\//, ""), text }))
  .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

export function findExample(path: string): Example | undefined {
  return EXAMPLES.find((e) => e.path === path);
}

/** The example shown when the URL names none: the CVE-2020-29374 scenario. */
export const DEFAULT_EXAMPLE = "vmsplice/unmap-in-child.cow";
