// Prints a scenario in canonical form: header lines first, single spaces, `ACTOR: VERB ...`,
// runs of blank lines collapsed to one, comments kept (trailing ones after two spaces).
// `fmt` is print(parse(text)); parse(print(ast)) gives back the same tree, spans aside.
import type { ExpectNode, Header, LineNode, OutcomeNode, RangeNode, ScenarioAst, Statement, TargetNode, ValueNode } from "./ast.js";

/** The canonical text of a scenario, ending in one newline (empty for an empty file). */
export function printScenario(ast: ScenarioAst): string {
  const out: string[] = [];
  for (const line of hoistHeaders(ast.lines)) {
    if (line.kind === "blank") {
      if (out.length > 0 && out[out.length - 1] !== "") out.push("");
      continue;
    }
    out.push(printLine(line));
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.length === 0 ? "" : out.join("\n") + "\n";
}

/** Moves header lines that follow the first action to just after the last leading header. */
function hoistHeaders(lines: readonly LineNode[]): LineNode[] {
  const firstAction = lines.findIndex((l) => l.kind === "action");
  if (firstAction < 0) return [...lines];
  const late = lines.filter((l, i) => i > firstAction && l.kind === "header");
  if (late.length === 0) return [...lines];
  const rest = lines.filter((l, i) => !(i > firstAction && l.kind === "header"));
  let at = 0;
  for (let i = 0; i < firstAction; i++) if (rest[i]?.kind === "header") at = i + 1;
  return [...rest.slice(0, at), ...late, ...rest.slice(at)];
}

function printLine(line: Exclude<LineNode, { kind: "blank" }>): string {
  switch (line.kind) {
    case "comment": return `#${line.comment.text}`;
    case "header": return withComment(printHeader(line.header), line.comment);
    case "action": {
      const expect = line.expect === null ? "" : ` ${printExpect(line.expect)}`;
      return withComment(`${line.actor.text}: ${printStatement(line.statement)}${expect}`, line.comment);
    }
    case "invalid": return withComment(line.text, line.comment);
  }
}

function withComment(text: string, comment: { text: string } | null): string {
  if (comment === null) return text;
  return text === "" ? `#${comment.text}` : `${text}  #${comment.text}`;
}

function printHeader(h: Header): string {
  switch (h.kind) {
    case "scenario": return `scenario "${h.title.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
    case "kernels": return `kernels ${printRange(h.range)}`;
    case "tags": return `tags ${h.tags.map((t) => t.text).join(" ")}`;
  }
}

/** `5.10`, `5.9..5.17`, `..5.7` or `6.2..`. */
export function printRange(r: RangeNode): string {
  if (r.form === "single") return r.from?.text ?? r.to?.text ?? "";
  return `${r.from?.text ?? ""}..${r.to?.text ?? ""}`;
}

/** `buf`, `buf[3]` or `buf[1..3]`. */
export function printTarget(t: TargetNode): string {
  if (t.index === null) return t.name.text;
  if (t.index.kind === "page") return `${t.name.text}[${t.index.page.value}]`;
  return `${t.name.text}[${t.index.start.value}..${t.index.end.value}]`;
}

/** A value in the form it was written: `A`, `65` or `0x41` (two hex digits at least). */
export function printValue(v: ValueNode): string {
  if (v.form === "letter") return String.fromCharCode(v.value);
  if (v.form === "hex") return `0x${v.value.toString(16).padStart(2, "0")}`;
  return String(v.value);
}

/** The statement without its actor: `mmap buf 1 rw shared`. */
export function printStatement(s: Statement): string {
  switch (s.verb) {
    case "mmap": {
      const opts = [s.shared ? " shared" : "", s.hugetlb ? " hugetlb" : "", s.file === null ? "" : ` file=${s.file.text}`];
      return `mmap ${s.name.text} ${s.pages.value} ${s.prot.value}${opts.join("")}`;
    }
    case "munmap":
    case "read":
    case "pagemap": return `${s.verb} ${printTarget(s.target)}`;
    case "mprotect": return `mprotect ${printTarget(s.target)} ${s.prot.value}`;
    case "madvise": return `madvise ${printTarget(s.target)} ${s.advice.value}`;
    case "write":
    case "force-write": return `${s.verb} ${printTarget(s.target)} ${printValue(s.value)}`;
    case "fork": return `fork ${s.child.text}`;
    case "vmsplice": return `vmsplice ${printTarget(s.target)} ${s.pipe.text}`;
    case "iouring-register": return `iouring-register ${printTarget(s.target)} ${s.ring.text}`;
    case "iouring-unregister": return `iouring-unregister ${s.ring.text}`;
    case "pin": return `pin ${printTarget(s.target)} ${s.prot.value}${s.longterm ? " longterm" : ""}${s.get ? " get" : ""} ${s.pin.text}`;
    case "unpin": return `unpin ${s.pin.text}`;
    case "frame": return `frame ${printTarget(s.target)}${s.as === null ? "" : ` as ${s.as.text}`}`;
    case "migrate":
    case "reclaim": return `${s.verb} ${s.process.text} ${printTarget(s.target)}`;
    case "exit":
    case "clear-refs":
    case "ksm-scan":
    case "lru-drain": return s.verb;
  }
}

/** One outcome: `A`, `segv`, `present !exclusive`, `!f0`... */
export function printOutcome(o: OutcomeNode): string {
  switch (o.kind) {
    case "value": return printValue(o.value);
    case "segv":
    case "error":
    case "none": return o.kind;
    case "flags": return o.flags.map((f) => `${f.negated ? "!" : ""}${f.flag}`).join(" ");
    case "frame": return `${o.negated ? "!" : ""}${o.name.text}`;
  }
}

/** `expect BASE, O1 on R1, ...`. */
export function printExpect(e: ExpectNode): string {
  const overrides = e.overrides.map((o) => `, ${printOutcome(o.outcome)} on ${printRange(o.range)}`);
  return `expect ${printOutcome(e.base)}${overrides.join("")}`;
}
