// Checks who acts: `kernel` only for kernel events, a process only after the fork that
// creates it and before its exit, a fork child name used once; rings follow their holders.
import type { ActionLine, NameNode } from "./ast.js";
import { KERNEL_VERBS } from "./ast.js";
import { report, type CheckContext } from "./checkContext.js";
import { VERB_USAGE } from "./usage.js";
import { nearest } from "./suggest.js";

/** Reports a verb performed by the wrong kind of actor, or by a process that does not exist now. */
export function checkActor(cx: CheckContext, line: ActionLine): void {
  const verb = line.statement.verb;
  const isKernelVerb = KERNEL_VERBS.includes(verb);
  if (line.actor.text === "kernel") {
    if (!isKernelVerb) {
      report(cx, "COW214", `\`kernel\` cannot \`${verb}\`: it is a system call made by a process`, line.verbSpan, {
        expected: "`kernel: ksm-scan`, `kernel: lru-drain`, `kernel: migrate PROCESS buf[i]` or `kernel: reclaim PROCESS buf[i]`",
        hint: `name the process that makes it: \`p: ${verb} ...\``,
      });
    }
    return;
  }
  if (isKernelVerb) {
    report(cx, "COW214", `\`${verb}\` is done by the kernel, not by process \`${line.actor.text}\``, line.verbSpan, {
      expected: VERB_USAGE[verb],
      hint: verb === "migrate" || verb === "reclaim" ? `write \`kernel: ${verb} ${line.actor.text} ...\`` : `write \`kernel: ${verb}\``,
    });
  }
  checkProcessExists(cx, line.actor);
}

/** A process named here must exist: created already (if a fork creates it) and not exited. */
export function checkProcessExists(cx: CheckContext, name: NameNode): void {
  const fork = cx.scope.forks.get(name.text);
  if (fork !== undefined && fork.lineIndex >= cx.lineIndex && !cx.reportedEarly.has(name.text)) {
    cx.reportedEarly.add(name.text);
    report(cx, "COW205", `Process \`${name.text}\` is used before the fork that creates it`, name.span, {
      related: { span: fork.span, message: `\`${fork.parent}\` forks \`${name.text}\` here` },
      hint: `move this line after the fork, or give the independent process another name`,
    });
    return;
  }
  const exit = cx.exited.get(name.text);
  if (exit !== undefined) {
    report(cx, "COW207", `Process \`${name.text}\` is used after its exit`, name.span, {
      related: { span: exit, message: `\`${name.text}\` exits here` },
    });
  }
}

/** `kernel: migrate PROCESS ...`: the process must be one the scenario has. */
export function checkProcessRef(cx: CheckContext, name: NameNode): void {
  if (!cx.scope.processes.has(name.text)) {
    if (cx.scope.invalidWords.has(name.text)) return;
    const close = nearest(name.text, cx.scope.processes);
    report(cx, "COW222", `Process \`${name.text}\` never acts and no fork creates it`, name.span, {
      hint: close === null ? "name a process of the scenario" : `did you mean \`${close}\`?`,
    });
    return;
  }
  checkProcessExists(cx, name);
}

/** Checks `p: fork CHILD`, then lets the child inherit p's rings. */
export function checkFork(cx: CheckContext, line: ActionLine, child: NameNode): void {
  const parent = line.actor.text;
  const site = cx.scope.forks.get(child.text);
  if (child.text === parent) {
    report(cx, "COW206", `Process \`${parent}\` cannot fork a child named \`${child.text}\`: that is its own name`, child.span, {
      hint: "give the child a new name",
    });
    return;
  }
  if (site !== undefined && site.lineIndex !== cx.lineIndex) {
    report(cx, "COW206", `Process \`${child.text}\` already exists: a fork creates it earlier`, child.span, {
      related: { span: site.span, message: `\`${child.text}\` is created here` },
      hint: "give each child its own name",
    });
    return;
  }
  for (const ring of cx.rings.values()) if (ring.releasedAt === null && ring.holders.has(parent)) ring.holders.add(child.text);
}

/** Remembers where a process exits (it may not act afterwards). */
export function recordExit(cx: CheckContext, line: ActionLine): void {
  if (line.actor.text !== "kernel" && !cx.exited.has(line.actor.text)) cx.exited.set(line.actor.text, line.verbSpan);
}
