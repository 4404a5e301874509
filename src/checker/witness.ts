// A path of the search as a `.cow` scenario that `cowlab run` accepts as is: process p maps
// `buf` at the start, children are named c, d, e... in fork order, pipes, rings and pins
// pipe1, ring1, pin1... in definition order, so lowering gives back the very same ops.
import type { Op } from "../kernel/ops.js";
import { FIRST_REGION_VPN } from "../scenario/index.js";
import type { Action } from "./actions.js";

const PROCESS_NAMES = ["p", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"];

/** The scenario name of pid n. */
export function processName(pid: number): string {
  return PROCESS_NAMES[pid] ?? `proc${pid}`;
}

/** A byte value as the language writes it: a letter for A..Z, else decimal. */
function valueText(v: number): string {
  return v >= 65 && v <= 90 ? String.fromCharCode(v) : String(v);
}

/** The page index within `buf` of a vpn. */
const pageOf = (vpn: number): string => `buf[${vpn - FIRST_REGION_VPN}]`;


function statementText(op: Op): string {
  switch (op.kind) {
    case "mmap": return `mmap buf ${op.range.pages} ${op.prot}${op.shared ? " shared" : ""}`;
    case "munmap": return `munmap ${rangeText(op.range)}`;
    case "mprotect": return `mprotect ${rangeText(op.range)} ${op.prot}`;
    case "madvise": return `madvise ${rangeText(op.range)} ${op.advice}`;
    case "write": return `write ${rangeText(op.range)} ${valueText(op.value)}`;
    case "read": return `read ${rangeText(op.range)}`;
    case "fork": return `fork ${processName(op.child)}`;
    case "exit": return "exit";
    case "force-write": return `force-write ${pageOf(op.vpn)} ${valueText(op.value)}`;
    case "clear-refs": return "clear-refs";
    case "vmsplice": return `vmsplice ${rangeText(op.range)} pipe${op.pipe + 1}`;
    case "pipe-read": return `read pipe${op.pipe + 1}`;
    case "iouring-register": return `iouring-register ${rangeText(op.range)} ring${op.ring + 1}`;
    case "ring-read": return `read ring${op.ring + 1}[${op.index}]`;
    case "ring-write": return `write ring${op.ring + 1}[${op.index}] ${valueText(op.value)}`;
    case "iouring-unregister": return `iouring-unregister ring${op.ring + 1}`;
    case "pin": return `pin ${pageOf(op.vpn)} ${op.write ? "rw" : "ro"}${op.longterm ? " longterm" : ""}${op.get ? " get" : ""} pin${op.pin + 1}`;
    case "pin-read": return `read pin${op.pin + 1}`;
    case "pin-write": return `write pin${op.pin + 1} ${valueText(op.value)}`;
    case "unpin": return `unpin pin${op.pin + 1}`;
    case "pagemap": return `pagemap ${pageOf(op.vpn)}`;
    case "frame": return `frame ${pageOf(op.vpn)}`;
    case "ksm-scan":
    case "lru-drain": return op.kind;
    case "migrate":
    case "reclaim": return `${op.kind} ${processName(op.pid)} ${pageOf(op.vpn)}`;
  }
}

/** `buf[i]` for one page, `buf[i..j]` for several. */
function rangeText(r: { start: number; pages: number }): string {
  const i = r.start - FIRST_REGION_VPN;
  return r.pages === 1 ? `buf[${i}]` : `buf[${i}..${i + r.pages}]`;
}

/** One action line without comment, e.g. `c: vmsplice buf[0] pipe1`; kernel events name their process in the statement. */
export function actionLine(op: Op): string {
  if (op.kind === "migrate" || op.kind === "reclaim" || op.kind === "ksm-scan" || op.kind === "lru-drain") {
    return `kernel: ${statementText(op)}`;
  }
  return `${processName(op.pid)}: ${statementText(op)}`;
}

/** The first op of every search: p maps the region private and writable. */
export function startOp(pages: number): Op {
  return { kind: "mmap", pid: 0 as never, range: { start: FIRST_REGION_VPN, pages }, prot: "rw", shared: false, hugetlb: false, file: null };
}

/** The scenario text of a witness: title, the mmap, the path; the last line says what it shows. */
export function witnessText(title: string, pages: number, path: readonly Action[], lastNote: string | null): string {
  const lines = [`scenario "${title.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`, "", actionLine(startOp(pages))];
  path.forEach((a, i) => {
    const text = actionLine(a.op);
    lines.push(i === path.length - 1 && lastNote !== null ? `${text}  # ${lastNote}` : text);
  });
  return `${lines.join("\n")}\n`;
}
