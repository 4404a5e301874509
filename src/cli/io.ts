// File access for the CLI: reading scenarios and expanding directories to .cow files.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

/** Reads a UTF-8 file; null when it does not exist or is not a file. */
export function readText(path: string): string | null {
  try {
    if (!existsSync(path) || !statSync(path).isFile()) return null;
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Expands files and directories (recursively, sorted) into .cow file paths; missing paths are returned in `missing`. */
export function expandCowPaths(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      missing.push(p);
      continue;
    }
    if (statSync(p).isDirectory()) walk(p, files);
    else files.push(p);
  }
  return { files, missing };
}

function walk(dir: string, into: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, into);
    else if (e.isFile() && e.name.endsWith(".cow")) into.push(full);
  }
}
