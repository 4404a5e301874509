// Checks the names and targets of an action: defined (and before this line), of the kind
// the verb needs, defined once, with page indices inside the region.
import type { NameNode, TargetNode } from "./ast.js";
import { report, type CheckContext } from "./checkContext.js";
import type { Definition, NameKind } from "./scope.js";
import { nearest } from "./suggest.js";

const ARTICLE: Readonly<Record<NameKind, string>> = { region: "a region", pipe: "a pipe", ring: "a ring", pin: "a pin", frame: "a frame" };

/** "a region or a pipe" */
export function kindList(kinds: readonly NameKind[]): string {
  const words = kinds.map((k) => ARTICLE[k]);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

/** The definition a use refers to, or null after reporting why there is none usable. */
export function lookupName(cx: CheckContext, name: NameNode, kinds: readonly NameKind[], verb: string): Definition | null {
  const def = cx.scope.definitions.get(name.text);
  if (def === undefined) {
    if (!cx.scope.invalidWords.has(name.text)) reportUndefined(cx, name, kinds);
    return null;
  }
  const related = { span: def.span, message: `\`${name.text}\` is defined here` };
  if (def.lineIndex >= cx.lineIndex) {
    report(cx, "COW202", `\`${name.text}\` is used before the line that defines it`, name.span, { related, hint: "lines run in order: move the defining line up" });
    return null;
  }
  if (!kinds.includes(def.kind)) {
    report(cx, "COW204", `\`${name.text}\` is ${ARTICLE[def.kind]}, but \`${verb}\` needs ${kindList(kinds)} here`, name.span, { related });
    return null;
  }
  return def;
}

function reportUndefined(cx: CheckContext, name: NameNode, kinds: readonly NameKind[]): void {
  const visible = [...cx.scope.definitions.values()].filter((d) => d.lineIndex < cx.lineIndex);
  const sameKind = visible.filter((d) => kinds.includes(d.kind)).map((d) => d.name);
  const close = nearest(name.text, sameKind) ?? nearest(name.text, visible.map((d) => d.name));
  report(cx, "COW201", `\`${name.text}\` is not defined: expected ${kindList(kinds)} name`, name.span, {
    hint: close === null ? definingHint(kinds) : `did you mean \`${close}\`?`,
  });
}

function definingHint(kinds: readonly NameKind[]): string {
  const how: Record<NameKind, string> = {
    region: "`mmap NAME PAGES PROT`", pipe: "`vmsplice TARGET NAME`", ring: "`iouring-register TARGET NAME`",
    pin: "`pin buf[i] ro|rw NAME`", frame: "`frame buf[i] as NAME`",
  };
  return `define it first with ${kinds.map((k) => how[k]).join(" or ")}`;
}

/** Reports a second definition of a name; returns false when this line does not define it first. */
export function checkDefinition(cx: CheckContext, name: NameNode, kind: NameKind): boolean {
  const def = cx.scope.definitions.get(name.text);
  if (def === undefined || def.lineIndex === cx.lineIndex) return true;
  // A later vmsplice into an existing pipe appends to it; it is a use, not a definition.
  if (kind === "pipe") return false;
  report(cx, "COW203", `\`${name.text}\` is already defined as ${ARTICLE[def.kind]}`, name.span, {
    related: { span: def.span, message: "first defined here" },
    hint: "names of regions, pipes, rings, pins and frames share one namespace: choose another name",
  });
  return false;
}

/** Checks a region target: defined, and its index or range inside the region; `single` demands `buf[i]`. */
export function checkRegionTarget(cx: CheckContext, t: TargetNode, verb: string, single: boolean): Definition | null {
  const def = lookupName(cx, t.name, ["region"], verb);
  if (def === null) return null;
  if (single && t.index?.kind !== "page") {
    const one = def.pages === 1 && t.index === null ? ": write `" + t.name.text + "[0]`" : "";
    report(cx, "COW219", `\`${verb}\` acts on one page: expected \`${t.name.text}[i]\`, found \`${targetText(t)}\`${one}`, t.span);
    return def;
  }
  checkIndex(cx, t, def);
  return def;
}

/** Reports indices outside `def.pages` pages (a region or a ring) and empty ranges. */
export function checkIndex(cx: CheckContext, t: TargetNode, def: Definition): void {
  const pages = def.pages;
  if (t.index === null || pages === null) return;
  const related = { span: def.span, message: `\`${def.name}\` is defined here with ${pages} page${pages === 1 ? "" : "s"}` };
  if (t.index.kind === "page") {
    if (t.index.page.value >= pages) {
      report(cx, "COW208", `Page ${t.index.page.value} is outside ${def.kind} \`${def.name}\` of ${pages} page${pages === 1 ? "" : "s"}`, t.index.span, {
        related, hint: `pages are numbered from 0 to ${pages - 1}`,
      });
    }
    return;
  }
  const { start, end } = t.index;
  if (end.value <= start.value) {
    report(cx, "COW209", `Page range \`${start.value}..${end.value}\` is empty: ranges are half-open, so the end must be greater than the start`, t.index.span, {
      hint: `for page ${start.value} alone write \`${def.name}[${start.value}]\``,
    });
  } else if (end.value > pages) {
    report(cx, "COW208", `Page range \`${start.value}..${end.value}\` goes past the ${pages} page${pages === 1 ? "" : "s"} of \`${def.name}\``, t.index.span, {
      related, hint: start.value < pages ? `the range ends at most at ${pages}: \`${def.name}[${start.value}..${pages}]\`` : `pages are numbered from 0 to ${pages - 1}`,
    });
  }
}

/** A target as the user wrote it, canonically spaced: `buf[1..3]`. */
export function targetText(t: TargetNode): string {
  if (t.index === null) return t.name.text;
  return t.index.kind === "page" ? `${t.name.text}[${t.index.page.value}]` : `${t.name.text}[${t.index.start.value}..${t.index.end.value}]`;
}
