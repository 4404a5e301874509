// Checks one statement's arguments by verb and says what the line observes, so that its
// expectation can be checked. Rings and pins are tracked from registration to release.
import type { ActionLine, NameNode, Statement, TargetNode } from "./ast.js";
import { report, type CheckContext } from "./checkContext.js";
import { reportValueRange, type Observation } from "./checkExpect.js";
import { checkDefinition, checkIndex, checkRegionTarget, lookupName, targetText } from "./checkNames.js";
import { checkFork, checkProcessRef } from "./checkProcesses.js";
import type { NameKind } from "./scope.js";

/** The largest region: 1 GiB of 4 KiB pages (keeps every page number a small integer). */
export const MAX_REGION_PAGES = 262144;
/** Pages per 2 MiB huge page. */
export const HPAGE_PMD_NR = 512;

/** Checks the statement of an action line; returns what it observes, or null if that is unknown. */
export function checkStatement(cx: CheckContext, line: ActionLine): Observation | null {
  const s = line.statement;
  const region = (t: TargetNode, single = false): void => void checkRegionTarget(cx, t, s.verb, single);
  switch (s.verb) {
    case "mmap":
      checkMmap(cx, s);
      return "syscall";
    case "munmap":
    case "mprotect":
    case "madvise":
    case "vmsplice":
      region(s.target);
      if (s.verb === "vmsplice") checkPipe(cx, s.pipe);
      return "syscall";
    case "read":
    case "write":
      return checkAccess(cx, line, s);
    case "fork":
      checkFork(cx, line, s.child);
      return "nothing";
    case "force-write":
      region(s.target, true);
      reportValueRange(cx, s.value);
      return "force-write";
    case "iouring-register":
      checkRegister(cx, line, s.target, s.ring);
      return "syscall";
    case "iouring-unregister":
      useRing(cx, line, s.ring, true);
      return "nothing";
    case "pin":
      region(s.target, true);
      checkDefinition(cx, s.pin, "pin");
      return "syscall";
    case "unpin":
      usePin(cx, s.pin, "unpin", true);
      return "nothing";
    case "pagemap":
    case "frame":
      region(s.target, true);
      if (s.verb === "frame" && s.as !== null) checkDefinition(cx, s.as, "frame");
      return s.verb;
    case "migrate":
    case "reclaim":
      checkProcessRef(cx, s.process);
      region(s.target, true);
      return "nothing";
    case "exit":
    case "clear-refs":
    case "ksm-scan":
    case "lru-drain":
      return "nothing";
  }
}

function checkMmap(cx: CheckContext, s: Extract<Statement, { verb: "mmap" }>): void {
  checkDefinition(cx, s.name, "region");
  const pages = s.pages.value;
  if (pages < 1 || pages > MAX_REGION_PAGES) {
    report(cx, "COW218", `A region of ${pages} pages cannot be mapped: \`mmap\` takes 1 to ${MAX_REGION_PAGES} pages`, s.pages.span, {
      expected: "a page count from 1 to 262144 (4 KiB pages)",
    });
  } else if (s.hugetlb && pages % HPAGE_PMD_NR !== 0) {
    const up = Math.ceil(pages / HPAGE_PMD_NR) * HPAGE_PMD_NR;
    report(cx, "COW218", `A \`hugetlb\` region maps whole 2 MiB pages: ${pages} is not a multiple of ${HPAGE_PMD_NR}`, s.pages.span, {
      hint: `map \`${up}\` pages`,
    });
  }
}

function checkPipe(cx: CheckContext, pipe: NameNode): void {
  if (!checkDefinition(cx, pipe, "pipe")) lookupName(cx, pipe, ["pipe"], "vmsplice");
}

function checkRegister(cx: CheckContext, line: ActionLine, target: TargetNode, ring: NameNode): void {
  checkRegionTarget(cx, target, "iouring-register", false);
  if (checkDefinition(cx, ring, "ring")) cx.rings.set(ring.text, { holders: new Set([line.actor.text]), span: ring.span, releasedAt: null });
}

/** A `read` or `write` of a region, pipe, ring page or pin, told apart by the name's kind. */
function checkAccess(cx: CheckContext, line: ActionLine, s: Extract<Statement, { verb: "read" | "write" }>): Observation | null {
  if (s.verb === "write") reportValueRange(cx, s.value);
  const kinds: NameKind[] = s.verb === "read" ? ["region", "pipe", "ring", "pin"] : ["region", "ring", "pin"];
  const def = lookupName(cx, s.target.name, kinds, s.verb);
  if (def === null) return null;
  const t = s.target;
  if (def.kind === "region") {
    checkIndex(cx, t, def);
    return s.verb === "read" ? "region-read" : "region-write";
  }
  if (def.kind === "ring") {
    if (t.index?.kind !== "page") {
      report(cx, "COW219", `\`${t.name.text}\` is a ring: expected one of its pages, \`${t.name.text}[i]\`, found \`${targetText(t)}\``, t.span);
    } else {
      checkIndex(cx, t, def);
    }
    useRing(cx, line, t.name, false);
    return s.verb === "read" ? "ring-read" : "ring-write";
  }
  if (t.index !== null) {
    report(cx, "COW219", `\`${t.name.text}\` is ${def.kind === "pipe" ? "a pipe" : "a pin"} and takes no page index: expected \`${t.name.text}\`, found \`${targetText(t)}\``, t.index.span);
  }
  if (def.kind === "pin") usePin(cx, t.name, s.verb, false);
  return s.verb === "read" ? (def.kind === "pipe" ? "pipe-read" : "pin-read") : "pin-write";
}

/** Checks the actor holds a live ring; `release` marks it unregistered. */
function useRing(cx: CheckContext, line: ActionLine, name: NameNode, release: boolean): void {
  if (release && lookupName(cx, name, ["ring"], "iouring-unregister") === null) return;
  const ring = cx.rings.get(name.text);
  if (ring === undefined) return;
  if (ring.releasedAt !== null) {
    report(cx, "COW221", `Ring \`${name.text}\` is used after \`iouring-unregister\``, name.span, { related: { span: ring.releasedAt, message: "unregistered here" } });
    return;
  }
  if (!ring.holders.has(line.actor.text)) {
    report(cx, "COW220", `Process \`${line.actor.text}\` does not hold ring \`${name.text}\``, name.span, {
      related: { span: ring.span, message: "registered here" },
      hint: "a ring belongs to the process that registered it and to the children it forks afterwards",
    });
    return;
  }
  if (release) ring.releasedAt = name.span;
}

function usePin(cx: CheckContext, name: NameNode, verb: string, release: boolean): void {
  if (release && lookupName(cx, name, ["pin"], verb) === null) return;
  const released = cx.pinsReleased.get(name.text);
  if (released !== undefined) {
    report(cx, "COW221", `Pin \`${name.text}\` is used after \`unpin\``, name.span, { related: { span: released, message: "unpinned here" } });
    return;
  }
  if (release) cx.pinsReleased.set(name.text, name.span);
}
