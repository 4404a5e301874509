// The one-line usage of every verb and header, as diagnostics show it after `expected:`.
// Mirrors the tables of docs scenario-language.md; a new verb adds its line here.
import type { Verb } from "./ast.js";

/** The usage line of each verb. */
export const VERB_USAGE: Readonly<Record<Verb, string>> = {
  mmap: "`p: mmap NAME PAGES PROT [shared] [hugetlb] [file=F]`",
  munmap: "`p: munmap TARGET`",
  mprotect: "`p: mprotect TARGET rw|ro|none`",
  madvise: "`p: madvise TARGET ADVICE`",
  write: "`p: write TARGET VALUE`, `p: write RING[i] VALUE` or `p: write PIN VALUE`",
  read: "`p: read TARGET`, `p: read PIPE`, `p: read RING[i]` or `p: read PIN`",
  fork: "`p: fork CHILD`",
  exit: "`p: exit`",
  "force-write": "`p: force-write buf[i] VALUE`",
  "clear-refs": "`p: clear-refs`",
  vmsplice: "`p: vmsplice TARGET PIPE`",
  "iouring-register": "`p: iouring-register TARGET RING`",
  "iouring-unregister": "`p: iouring-unregister RING`",
  pin: "`p: pin buf[i] ro|rw [longterm] [get] PIN`",
  unpin: "`p: unpin PIN`",
  pagemap: "`p: pagemap buf[i] expect FLAGS`",
  frame: "`p: frame buf[i] as NAME` or `p: frame buf[i] expect NAME|!NAME|none`",
  "ksm-scan": "`kernel: ksm-scan`",
  "lru-drain": "`kernel: lru-drain`",
  migrate: "`kernel: migrate PROCESS buf[i]`",
  reclaim: "`kernel: reclaim PROCESS buf[i]`",
};

/** The usage line of each header. */
export const HEADER_USAGE = {
  scenario: '`scenario "TITLE"`',
  kernels: "`kernels RANGE` (`5.9..5.17`, `..5.7`, `6.2..` or `5.10`)",
  tags: "`tags WORD...`",
} as const;

/** What a VALUE may be. */
export const VALUE_USAGE = "a value (`A`..`Z`, `0`..`255` or `0x00`..`0xff`)";
/** What a kernel RANGE may be. */
export const RANGE_USAGE = "a kernel range: `5.9..5.17`, `..5.7`, `6.2..` or `5.10`";
/** What an OUTCOME may be. */
export const OUTCOME_USAGE =
  "an outcome: a value, `segv`, `error`, `none`, pagemap flags (`present`, `!exclusive`, ...), a frame `NAME` or `!NAME`";
