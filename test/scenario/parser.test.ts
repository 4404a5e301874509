import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/parser.js";
import { stripSpans } from "./stripSpans.js";
import { actions, lastStatement, located, parseClean } from "./helpers.js";

const MMAP = "p: mmap buf 4 rw\n";
const stmt = (line: string): unknown => stripSpans(lastStatement(MMAP + line));
const page = (value: number): unknown => ({ kind: "page", page: { value } });

describe("parser", () => {
  it("parses every header form", () => {
    const ast = parseClean('scenario "S4 \\"leak\\""\nkernels 4.9..\ntags cve-2020-29374 cow.c\n');
    expect(stripSpans(ast.lines.map((l) => (l.kind === "header" ? l.header : null)))).toEqual([
      { kind: "scenario", title: 'S4 "leak"' },
      { kind: "kernels", range: { form: "range", from: { text: "4.9" }, to: null } },
      { kind: "tags", tags: [{ text: "cve-2020-29374" }, { text: "cow.c" }] },
    ]);
  });

  it("parses every kernel range form", () => {
    const range = (r: string): unknown => {
      const line = parseClean(`kernels ${r}`).lines[0];
      return line?.kind === "header" && line.header.kind === "kernels" ? stripSpans(line.header.range) : null;
    };
    expect(range("5.9..5.17")).toEqual({ form: "range", from: { text: "5.9" }, to: { text: "5.17" } });
    expect(range("..5.7")).toEqual({ form: "range", from: null, to: { text: "5.7" } });
    expect(range("6.2..")).toEqual({ form: "range", from: { text: "6.2" }, to: null });
    expect(range("5.10")).toEqual({ form: "single", from: { text: "5.10" }, to: { text: "5.10" } });
  });

  it("parses the three target shapes", () => {
    expect(stmt("p: munmap buf")).toEqual({ verb: "munmap", target: { name: { text: "buf" }, index: null } });
    expect(stmt("p: munmap buf[3]")).toEqual({ verb: "munmap", target: { name: { text: "buf" }, index: page(3) } });
    expect(stmt("p: munmap buf[1..3]")).toEqual({
      verb: "munmap", target: { name: { text: "buf" }, index: { kind: "range", start: { value: 1 }, end: { value: 3 } } },
    });
  });

  it("parses letter, decimal and hex values", () => {
    const value = (v: string): unknown => (stmt(`p: write buf[0] ${v}`) as { value: unknown }).value;
    expect(value("A")).toEqual({ value: 65, form: "letter" });
    expect(value("200")).toEqual({ value: 200, form: "decimal" });
    expect(value("0xfF")).toEqual({ value: 255, form: "hex" });
  });

  it("parses mmap with its options in any order", () => {
    expect(stmt("p: mmap big 512 ro file=data.bin hugetlb shared")).toEqual({
      verb: "mmap", name: { text: "big" }, pages: { value: 512 }, prot: { value: "ro" }, shared: true, hugetlb: true, file: { text: "data.bin" },
    });
  });

  it("parses the memory verbs", () => {
    expect(stmt("p: mprotect buf[0..2] none")).toMatchObject({ verb: "mprotect", prot: { value: "none" } });
    expect(stmt("p: madvise buf wipeonfork")).toMatchObject({ verb: "madvise", advice: { value: "wipeonfork" } });
    expect(stmt("p: fork c")).toEqual({ verb: "fork", child: { text: "c" } });
    expect(stmt("p: exit")).toEqual({ verb: "exit" });
    expect(stmt("p: force-write buf[1] B")).toMatchObject({ verb: "force-write", value: { value: 66 } });
    expect(stmt("p: clear-refs")).toEqual({ verb: "clear-refs" });
  });

  it("parses the GUP verbs", () => {
    expect(stmt("p: vmsplice buf[0] pipe1")).toMatchObject({ verb: "vmsplice", pipe: { text: "pipe1" } });
    expect(stmt("p: iouring-register buf ring1")).toMatchObject({ verb: "iouring-register", ring: { text: "ring1" } });
    expect(stmt("p: iouring-unregister ring1")).toEqual({ verb: "iouring-unregister", ring: { text: "ring1" } });
    expect(stmt("p: pin buf[2] rw longterm get pn")).toEqual({
      verb: "pin", target: { name: { text: "buf" }, index: page(2) }, prot: { value: "rw" }, longterm: true, get: true, pin: { text: "pn" },
    });
    expect(stmt("p: pin buf[2] ro pn")).toMatchObject({ longterm: false, get: false });
    expect(stmt("p: unpin pn")).toEqual({ verb: "unpin", pin: { text: "pn" } });
    expect(stmt("p: read ring1[0]")).toMatchObject({ verb: "read", target: { name: { text: "ring1" }, index: page(0) } });
    expect(stmt("p: write pn C")).toMatchObject({ verb: "write", target: { name: { text: "pn" }, index: null } });
  });

  it("parses observations and kernel events", () => {
    expect(stmt("p: pagemap buf[0]")).toMatchObject({ verb: "pagemap" });
    expect(stmt("p: frame buf[0] as f0")).toMatchObject({ verb: "frame", as: { text: "f0" } });
    expect(stmt("p: frame buf[0]")).toMatchObject({ verb: "frame", as: null });
    expect(stmt("kernel: ksm-scan")).toEqual({ verb: "ksm-scan" });
    expect(stmt("kernel: lru-drain")).toEqual({ verb: "lru-drain" });
    expect(stmt("kernel: migrate p buf[1]")).toMatchObject({ verb: "migrate", process: { text: "p" } });
    expect(stmt("kernel: reclaim p buf[1]")).toMatchObject({ verb: "reclaim", process: { text: "p" } });
  });

  it("parses every outcome form with overrides", () => {
    const expectOf = (line: string): unknown => {
      const all = actions(MMAP + line);
      return stripSpans(all[all.length - 1]?.expect);
    };
    expect(expectOf("c: read buf expect A, B on ..5.7, 0x43 on 6.1")).toEqual({
      base: { kind: "value", value: { value: 65, form: "letter" } },
      overrides: [
        { outcome: { kind: "value", value: { value: 66, form: "letter" } }, range: { form: "range", from: null, to: { text: "5.7" } } },
        { outcome: { kind: "value", value: { value: 67, form: "hex" } }, range: { form: "single", from: { text: "6.1" }, to: { text: "6.1" } } },
      ],
    });
    expect(expectOf("p: read buf expect segv, error on 5.0..5.1, none on 6.0")).toMatchObject({
      base: { kind: "segv" }, overrides: [{ outcome: { kind: "error" } }, { outcome: { kind: "none" } }],
    });
    expect(expectOf("p: pagemap buf[0] expect present !exclusive soft-dirty, !present swapped on 5.9..")).toEqual({
      base: { kind: "flags", flags: [{ flag: "present", negated: false }, { flag: "exclusive", negated: true }, { flag: "soft-dirty", negated: false }] },
      overrides: [{ outcome: { kind: "flags", flags: [{ flag: "present", negated: true }, { flag: "swapped", negated: false }] }, range: { form: "range", from: { text: "5.9" }, to: null } }],
    });
    expect(expectOf("p: frame buf[0] expect !f0, f0 on 6.15..")).toMatchObject({
      base: { kind: "frame", name: { text: "f0" }, negated: true }, overrides: [{ outcome: { kind: "frame", negated: false } }],
    });
  });

  it("keeps comments, blank lines and trailing comments as trivia", () => {
    const ast = parseClean("# head\n\n\np: exit  # gone\n");
    expect(ast.lines.map((l) => l.kind)).toEqual(["comment", "blank", "blank", "action"]);
    const last = ast.lines[3];
    expect(last?.kind === "action" ? last.comment?.text : null).toBe(" gone");
  });

  it("accepts loose spacing and CRLF line ends", () => {
    expect(stripSpans(lastStatement("p:mmap  buf\t2 rw\r\np :write buf [ 0 .. 2 ] A\r\n"))).toMatchObject({
      verb: "write", target: { index: { kind: "range", start: { value: 0 }, end: { value: 2 } } },
    });
  });

  it("spans the offending token of each error", () => {
    expect(located("p: mmap buf 1 rw;")).toMatchObject([{ at: "1:17", code: "COW101", token: ";" }]);
    expect(located("p: wrte x")).toMatchObject([{ at: "1:4", code: "COW103", token: "wrte" }]);
    expect(located("p: mmap buf")).toMatchObject([{ at: "1:12", code: "COW105", token: "" }]);
    expect(located("p: mmap buf rw 1")).toMatchObject([{ at: "1:13", code: "COW106", token: "rw" }]);
  });

  it("reports one error per bad line and goes on with the next line", () => {
    const text = "p: mmap buf 1 rw\np: wrte buf[0] A\np: write buf[0] B C\nmmap x 1 rw\np: read buf expect\n";
    const { ast, diagnostics } = parseScenario(text, "t.cow");
    expect(diagnostics.map((d) => d.code)).toEqual(["COW103", "COW107", "COW104", "COW105"]);
    expect(ast.lines.map((l) => l.kind)).toEqual(["action", "invalid", "invalid", "invalid", "invalid"]);
    const bad = ast.lines[1];
    expect(bad?.kind === "invalid" ? [bad.text, bad.words] : null).toEqual(["p: wrte buf[0] A", ["p", "wrte", "buf", "A"]]);
  });

  it("hints at the nearest verb, a missing actor, a missing colon and lowercase names", () => {
    const hint = (text: string): string | undefined => located(text)[0]?.d.hint;
    expect(hint("p: unpni x")).toBe("did you mean `unpin`?");
    expect(hint("p: WRITE buf A")).toBe("verbs are lowercase: `write`");
    expect(hint("write buf[0] A")).toBe("start the line with the process that acts, e.g. `p: write ...`");
    expect(hint("p write buf[0] A")).toBe("add `:` after the actor: `p: write ...`");
    expect(hint("kernal 5.10")).toBe("did you mean `kernels`?");
    expect(hint("P: exit")).toBe("write `p`");
    expect(hint("p: write buf[0] a")).toBe("values are capital letters: `A`");
    expect(hint("p: mmap buf 1 rw huge")).toContain("madvise TARGET hugepage");
    expect(hint("p: madvise buf dontnede")).toBe("did you mean `dontneed`?");
    expect(hint("p: pagemap buf[0] expect present exclusve")).toBe("did you mean `exclusive`?");
    expect(hint("p: pin buf[0] rw lngterm pn")).toBe("did you mean `longterm`?");
  });

  it("names the verb's usage as what was expected", () => {
    expect(located("p: mmap buf 1 rwx")[0]?.d.expected).toBe("`rw`, `ro`, `none`");
    expect(located("p: exit now")[0]?.d.expected).toBe("`p: exit`");
  });

  it("rejects reserved words and repeated options", () => {
    expect(located("p: frame buf[0] as none")).toMatchObject([{ code: "COW110", token: "none" }]);
    expect(located("kernel: migrate kernel buf[0]")).toMatchObject([{ code: "COW110", token: "kernel" }]);
    expect(located("p: pin buf[0] rw longterm longterm pn")).toMatchObject([{ code: "COW112", token: "longterm" }]);
    expect(located("p: pagemap buf[0] expect present !present")).toMatchObject([{ code: "COW112", token: "present" }]);
  });

  it("rejects malformed numbers, strings and misplaced tokens", () => {
    expect(located("p: write buf[0] 0xg1")).toMatchObject([{ code: "COW108", token: "0xg1" }]);
    expect(located("p: write buf[0x1] A")).toMatchObject([{ code: "COW106", token: "0x1" }]);
    expect(located('scenario "open')).toMatchObject([{ code: "COW102", token: '"open' }]);
    expect(located("scenario title")).toMatchObject([{ code: "COW106", token: "title" }]);
    expect(located("kernels ..")).toMatchObject([{ code: "COW105" }]);
    expect(located("p: read buf expect A B")).toMatchObject([{ code: "COW107", token: "B" }]);
    expect(located("p: read buf expect A, B")).toMatchObject([{ code: "COW105" }]);
    expect(located("p: mmap buf 1 rw file =x")).toMatchObject([{ code: "COW106", token: "=" }]);
    expect(located("tags")).toMatchObject([{ code: "COW105" }]);
    expect(located(": exit")).toMatchObject([{ code: "COW104", token: ":" }]);
  });
});
