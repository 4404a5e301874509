// The verbs the checker may use and how `--verbs` names them: one name per action family,
// plus group names (`madvise`, `iouring`, `pins`). The default set is every base-page verb a
// native C program can express; gup_test pins, reclaim and migration are model-only extras.

/** One action family the search enumerates. */
export type CheckerVerb =
  | "fork" | "exit" | "read" | "write" | "munmap" | "mprotect"
  | "dontneed" | "dontfork" | "dofork" | "wipeonfork" | "pageout"
  | "vmsplice" | "pipe-read"
  | "iouring-register" | "ring-read" | "ring-write" | "iouring-unregister"
  | "force-write" | "clear-refs" | "ksm-scan" | "lru-drain"
  | "pin" | "pin-read" | "pin-write" | "unpin"
  | "reclaim" | "migrate";

/** Every verb, in the order actions are enumerated (and so the order BFS tries them). */
export const CHECKER_VERBS: readonly CheckerVerb[] = [
  "write", "read", "fork", "exit", "munmap", "mprotect",
  "dontneed", "dontfork", "dofork", "wipeonfork", "pageout",
  "vmsplice", "pipe-read", "iouring-register", "ring-read", "ring-write", "iouring-unregister",
  "pin", "pin-read", "pin-write", "unpin",
  "force-write", "clear-refs", "ksm-scan", "lru-drain", "reclaim", "migrate",
];

/** Model-only verbs: not in the default set, used when `--verbs` names them. */
const MODEL_ONLY: ReadonlySet<CheckerVerb> = new Set(["pin", "pin-read", "pin-write", "unpin", "reclaim", "migrate"]);

/** The default: every natively expressible base-page verb. */
export const DEFAULT_VERBS: readonly CheckerVerb[] = CHECKER_VERBS.filter((v) => !MODEL_ONLY.has(v));

/** Names that stand for several verbs; `mmap` names the start state (the region is always mapped). */
const GROUPS: Readonly<Record<string, readonly CheckerVerb[]>> = {
  madvise: ["dontneed", "dontfork", "dofork", "wipeonfork", "pageout"],
  iouring: ["iouring-register", "ring-read", "ring-write", "iouring-unregister"],
  pins: ["pin", "pin-read", "pin-write", "unpin"],
  vmsplice: ["vmsplice", "pipe-read"],
  mmap: [],
  default: DEFAULT_VERBS,
  all: CHECKER_VERBS,
};

/** Aliases in the scenario language's spelling. */
const ALIASES: Readonly<Record<string, CheckerVerb>> = { "read-pipe": "pipe-read", unregister: "iouring-unregister" };

/** The verbs a `--verbs` list names, in enumeration order, or the first unknown word. */
export function parseVerbs(list: string): { ok: true; verbs: CheckerVerb[] } | { ok: false; unknown: string } {
  const chosen = new Set<CheckerVerb>();
  for (const raw of list.split(",")) {
    const word = raw.trim();
    if (word === "") continue;
    const group = GROUPS[word];
    const alias = ALIASES[word];
    if (group !== undefined) for (const v of group) chosen.add(v);
    else if (alias !== undefined) chosen.add(alias);
    else if ((CHECKER_VERBS as readonly string[]).includes(word)) chosen.add(word as CheckerVerb);
    else return { ok: false, unknown: word };
  }
  // A pin is useless without its reads and writes; pin alone brings them (as vmsplice brings pipe reads).
  if (chosen.has("pin")) for (const v of GROUPS["pins"] ?? []) chosen.add(v);
  if (chosen.has("vmsplice")) chosen.add("pipe-read");
  if (chosen.has("iouring-register")) for (const v of GROUPS["iouring"] ?? []) chosen.add(v);
  return { ok: true, verbs: CHECKER_VERBS.filter((v) => chosen.has(v)) };
}

/** Every name `--verbs` accepts, for help and error messages. */
export function verbNames(): string[] {
  return [...CHECKER_VERBS, ...Object.keys(GROUPS)];
}
