// What a scenario program printed, parsed: one observation per line number, a skip line if
// the program could not run here, and whether it reached its end.

/** One line's observation on the real kernel. */
export type KernelObservation =
  | { readonly kind: "ok" }
  /** One value per page; null stands for `mixed` (the page's bytes differ). */
  | { readonly kind: "values"; readonly values: readonly (number | null)[] }
  /** SIGSEGV on the access to a page, named `buf[3]`. */
  | { readonly kind: "segv"; readonly page: string }
  | { readonly kind: "error"; readonly errno: string }
  | { readonly kind: "blocked" }
  | { readonly kind: "flags"; readonly present: boolean; readonly swapped: boolean; readonly exclusive: boolean; readonly softDirty: boolean }
  /** The PFN, or null when the page is not present. */
  | { readonly kind: "frame"; readonly pfn: number | null };

/** The whole output of one run. */
export interface ParsedRun {
  readonly observations: ReadonlyMap<number, KernelObservation>;
  /** The program's `skip: REASON` line, if it printed one. */
  readonly skip: string | null;
  /** It printed `end`: every line ran (or the run stopped at a blocked line). */
  readonly ended: boolean;
  /** Lines that did not parse (a bug in the prelude or the parser). */
  readonly garbled: readonly string[];
}

const LINE = /^line (\d+): observed (.*)$/;

/** Parses a program's stdout. */
export function parseRunOutput(stdout: string): ParsedRun {
  const observations = new Map<number, KernelObservation>();
  const garbled: string[] = [];
  let skip: string | null = null;
  let ended = false;
  for (const raw of stdout.split("\n")) {
    const text = raw.trimEnd();
    if (text === "") continue;
    if (text === "end") ended = true;
    else if (text.startsWith("skip: ")) skip = text.slice("skip: ".length);
    else {
      const m = LINE.exec(text);
      const obs = m === null ? null : parseObservation(m[2] as string);
      if (m === null || obs === null) garbled.push(text);
      else observations.set(Number(m[1]), obs);
    }
  }
  return { observations, skip, ended, garbled };
}

/** One observation's text; null when it is none of the printed forms. */
export function parseObservation(text: string): KernelObservation | null {
  if (text === "ok") return { kind: "ok" };
  if (text === "blocked") return { kind: "blocked" };
  const [head, ...rest] = text.split(" ");
  const arg = rest.join(" ");
  switch (head) {
    case "segv": return { kind: "segv", page: arg };
    case "error": return { kind: "error", errno: arg };
    case "frame": return arg === "none" ? { kind: "frame", pfn: null } : /^\d+$/.test(arg) ? { kind: "frame", pfn: Number(arg) } : null;
    case "flags": return parseFlags(arg);
    default: return parseValues(text);
  }
}

function parseFlags(text: string): KernelObservation | null {
  const set = new Map<string, boolean>();
  for (const f of text.split(",")) set.set(f.replace(/^!/, ""), !f.startsWith("!"));
  const get = (name: string): boolean | undefined => set.get(name);
  const present = get("present");
  const swapped = get("swapped");
  const exclusive = get("exclusive");
  const softDirty = get("soft-dirty");
  if (present === undefined || swapped === undefined || exclusive === undefined || softDirty === undefined) return null;
  return { kind: "flags", present, swapped, exclusive, softDirty };
}

function parseValues(text: string): KernelObservation | null {
  const values: (number | null)[] = [];
  for (const word of text.split(" ")) {
    if (word === "mixed") values.push(null);
    else if (/^[A-Z]$/.test(word)) values.push(word.charCodeAt(0));
    else if (/^\d{1,3}$/.test(word) && Number(word) <= 255) values.push(Number(word));
    else return null;
  }
  return { kind: "values", values };
}
