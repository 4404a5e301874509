import { describe, expect, it } from "vitest";
import { codes, located } from "./helpers.js";

const M = "p: mmap buf 2 rw\n";

describe("check", () => {
  it("accepts the S4 scenario of the language documentation", () => {
    const text = [
      "# S4 of linux-cow-eras.md: vmsplice() + unmap in child (CVE-2020-29374)",
      'scenario "vmsplice + unmap in child must not leak the parent\'s later writes"',
      "kernels 4.9..                       # optional; default: every modelled kernel",
      "",
      "p: mmap buf 1 rw                    # private anonymous, 1 page",
      "p: write buf[0] A",
      "p: fork c",
      "c: vmsplice buf[0] pipe1            # R/O GUP reference (FOLL_GET) held by the pipe",
      "c: munmap buf",
      "p: write buf[0] B",
      "c: read pipe1 expect A, B on ..5.7  # leak on kernels up to 5.7",
    ].join("\n");
    expect(codes(text)).toEqual([]);
  });

  it("reports undefined names with the nearest defined one", () => {
    expect(located(M + "p: write bfu[0] A")).toMatchObject([{ at: "2:10", code: "COW201", token: "bfu", d: { hint: "did you mean `buf`?" } }]);
    expect(located("p: unpin pn")).toMatchObject([{ code: "COW201", d: { hint: "define it first with `pin buf[i] ro|rw NAME`" } }]);
    expect(codes(M + "p: frame buf[0] expect f9")).toEqual(["COW201"]);
    expect(codes(M + "p: iouring-unregister r")).toEqual(["COW201"]);
  });

  it("reports a name used before the line that defines it, pointing at that line", () => {
    const found = located(M + "p: read ring1[0]\np: iouring-register buf ring1");
    expect(found).toMatchObject([{ at: "2:9", code: "COW202" }]);
    expect(found[0]?.d.related?.span.start).toBe(M.length + "p: read ring1[0]\np: iouring-register buf ".length);
    expect(codes(M + "p: frame buf[0] as f1 expect f1")).toEqual(["COW202"]);
  });

  it("reports a second definition of a name in the shared namespace", () => {
    expect(codes(M + "p: pin buf[0] rw buf")).toEqual(["COW203"]);
    expect(codes(M + "p: frame buf[0] as f\np: frame buf[1] as f")).toEqual(["COW203"]);
    expect(codes(M + "p: vmsplice buf[0] pp\np: mmap pp 1 rw")).toEqual(["COW203"]);
  });

  it("lets later vmsplices append to an existing pipe", () => {
    expect(codes(M + "p: vmsplice buf[0] pp\np: vmsplice buf[1] pp\np: read pp\np: read pp")).toEqual([]);
  });

  it("resolves read and write by the kind of name", () => {
    const base = M + "p: vmsplice buf pipe1\np: iouring-register buf ring1\np: pin buf[1] rw pn\np: frame buf[0] as f\n";
    expect(codes(base + "p: read pipe1 expect A\np: read ring1[1] expect A\np: read pn expect A\np: write ring1[0] B\np: write pn C")).toEqual([]);
    expect(codes(base + "p: write pipe1 A")).toEqual(["COW204"]);
    expect(codes(base + "p: read f")).toEqual(["COW204"]);
    expect(codes(base + "p: vmsplice buf ring1")).toEqual(["COW204"]);
    expect(codes(base + "p: iouring-unregister pn")).toEqual(["COW204"]);
    expect(codes(base + "p: munmap pipe1")).toEqual(["COW204"]);
    expect(codes(base + "p: frame buf[0] expect pn")).toEqual(["COW204"]);
  });

  it("treats `read NAME` of a region called pipe as a region read", () => {
    expect(codes("p: mmap pipe 1 rw\np: read pipe expect 0")).toEqual([]);
  });

  it("reports target shapes a verb cannot take", () => {
    const base = M + "p: vmsplice buf pipe1\np: iouring-register buf ring1\np: pin buf[1] rw pn\n";
    expect(codes(base + "p: read ring1")).toEqual(["COW219"]);
    expect(codes(base + "p: read ring1[0..1]")).toEqual(["COW219"]);
    expect(codes(base + "p: read pipe1[0]")).toEqual(["COW219"]);
    expect(codes(base + "p: write pn[0] A")).toEqual(["COW219"]);
    for (const verb of ["pagemap buf", "frame buf[0..1]", "pin buf ro x"]) expect(codes(`${M}p: ${verb}`)).toEqual(["COW219"]);
    expect(located("p: mmap one 1 rw\np: pagemap one")[0]?.d.message).toContain("write `one[0]`");
    expect(codes(M + "kernel: migrate p buf")).toEqual(["COW219"]);
  });

  it("reports pages outside their region or ring, and empty page ranges", () => {
    expect(located(M + "p: write buf[5] A")).toMatchObject([{ at: "2:14", code: "COW208", token: "5" }]);
    expect(codes(M + "p: read buf[1..3]")).toEqual(["COW208"]);
    expect(codes(M + "p: read buf[2..2]")).toEqual(["COW209"]);
    expect(codes(M + "p: read buf[1..0]")).toEqual(["COW209"]);
    expect(codes(M + "p: iouring-register buf[1] r\np: read r[1]")).toEqual(["COW208"]);
    expect(codes(M + "p: iouring-register buf r\np: read r[1]")).toEqual([]);
  });

  it("reports processes used before the fork that creates them, once each", () => {
    const found = located(M + "c: write buf[0] A\nc: read buf\np: fork c");
    expect(found).toMatchObject([{ at: "2:1", code: "COW205", token: "c" }]);
    expect(found[0]?.d.related?.message).toBe("`p` forks `c` here");
    expect(codes(M + "kernel: migrate c buf[0]\np: fork c")).toEqual(["COW205"]);
  });

  it("reports reused child names and forks into the parent's own name", () => {
    expect(codes("p: fork c\np: fork c")).toEqual(["COW206"]);
    expect(codes("p: fork c\nc: fork c")).toEqual(["COW206"]);
    expect(codes("p: fork p")).toEqual(["COW206"]);
    expect(codes("q: exit\np: fork q")).toEqual(["COW205"]);
  });

  it("reports a process that acts, forks or is migrated after its exit", () => {
    expect(located(M + "p: exit\np: write buf[0] A")).toMatchObject([{ at: "3:1", code: "COW207", d: { related: { message: "`p` exits here" } } }]);
    expect(codes(M + "p: fork c\nc: exit\nkernel: reclaim c buf[0]")).toEqual(["COW207"]);
    expect(codes(M + "p: fork c\nc: exit\np: read buf")).toEqual([]);
  });

  it("reports kernel events by processes and system calls by the kernel", () => {
    expect(located("kernel: mmap buf 1 rw")).toMatchObject([{ code: "COW214", token: "mmap" }]);
    expect(located("p: ksm-scan")).toMatchObject([{ code: "COW214", d: { hint: "write `kernel: ksm-scan`" } }]);
    expect(codes(M + "p: migrate p buf[0]")).toEqual(["COW214"]);
  });

  it("reports migrate and reclaim of a process the scenario does not have", () => {
    expect(located(M + "kernel: migrate pp buf[0]")).toMatchObject([{ code: "COW222", d: { hint: "did you mean `p`?" } }]);
  });

  it("checks headers: first, once, and with modelled non-empty ranges", () => {
    expect(located(M + "kernels 5.10..")).toMatchObject([{ at: "2:1", code: "COW215" }]);
    expect(codes('tags a\ntags b\np: exit')).toEqual(["COW216"]);
    expect(codes("kernels 3.10..")).toEqual(["COW210"]);
    expect(codes("kernels ..7.0")).toEqual(["COW210"]);
    expect(codes("kernels 5.20")).toEqual(["COW210"]);
    expect(located("kernels 5.20")[0]?.d.message).toBe("5.x ends at 5.19, so `5.20` is not a mainline kernel");
    expect(codes("kernels 4.21..5.1")).toEqual(["COW210"]);
    expect(located("kernels 6.18.2")[0]?.d.hint).toBe("write `6.18`");
    expect(located("kernels 5")[0]?.d.hint).toBe("a version has a minor number, e.g. `5.0`");
    expect(codes("kernels 05.10")).toEqual(["COW210"]);
    expect(codes("kernels 5.17..5.9")).toEqual(["COW211"]);
    expect(codes("kernels 4.4..6.18\nkernels 5.10")).toEqual(["COW216"]);
  });

  it("checks override ranges against the modelled versions and the scenario's kernels", () => {
    const read = M + "p: read buf[0] expect 0, ";
    expect(codes(read + "1 on 6.19..")).toEqual(["COW210"]);
    expect(codes(read + "1 on 5.9..5.1")).toEqual(["COW211"]);
    expect(codes("kernels 5.0..\n" + read + "1 on ..4.20")).toEqual(["COW212"]);
    expect(codes("kernels 5.0..\n" + read + "1 on ..5.0")).toEqual([]);
  });

  it("allows only the outcomes each line can show", () => {
    const base = M + "p: vmsplice buf pipe1\np: iouring-register buf ring1\np: pin buf[1] rw pn\np: frame buf[0] as f\n";
    const ok = [
      "p: read buf expect segv", "p: read buf[0] expect 0x41", "p: write buf[0] A expect segv", "p: force-write buf[0] A expect error",
      "p: force-write buf[0] A expect A", "p: pagemap buf[0] expect present", "p: frame buf[0] expect f", "p: frame buf[0] expect none",
      "p: mmap x 1 rw expect error", "p: pin buf[0] ro q expect error", "p: read pipe1 expect A",
    ];
    for (const line of ok) expect(codes(base + line), line).toEqual([]);
    const bad = [
      "p: write buf[0] A expect A", "p: write buf[0] A expect error", "p: pagemap buf[0] expect A", "p: frame buf[0] expect A",
      "p: force-write buf[0] A expect segv", "p: read pipe1 expect segv", "p: write ring1[0] A expect segv", "p: fork c expect error",
      "p: exit expect none", "kernel: ksm-scan expect error", "p: read buf expect present", "p: mmap x 1 rw expect segv",
      "p: read buf expect A, segv on 5.10, B on 6.1, f on 6.2",
    ];
    for (const line of bad) expect(codes(base + line), line).toContain("COW213");
    expect(located(M + "p: write buf[0] A expect A")[0]?.d.hint).toBe("check the value with a read on the next line: `p: read buf[0] expect A`");
    expect(located(M + "p: pagemap buf[0] expect presnt")[0]?.d.hint).toBe("did you mean `present`?");
  });

  it("reports values outside one byte wherever they appear", () => {
    expect(located(M + "p: write buf[0] 256")).toMatchObject([{ at: "2:17", code: "COW217", token: "256" }]);
    expect(codes(M + "p: force-write buf[0] 0x100")).toEqual(["COW217"]);
    expect(codes(M + "p: read buf expect 300")).toEqual(["COW217"]);
    expect(codes(M + "p: read buf expect 1, 999 on 5.10")).toEqual(["COW217"]);
  });

  it("reports page counts outside 1..262144 and hugetlb sizes that are not whole 2 MiB pages", () => {
    expect(codes("p: mmap a 0 rw")).toEqual(["COW218"]);
    expect(codes("p: mmap a 262145 rw")).toEqual(["COW218"]);
    expect(codes("p: mmap a 262144 rw")).toEqual([]);
    expect(located("p: mmap a 100 rw hugetlb")).toMatchObject([{ code: "COW218", d: { hint: "map `512` pages" } }]);
    expect(codes("p: mmap a 1024 rw hugetlb")).toEqual([]);
  });

  it("lets a ring be used by its registering process and the children it forks afterwards only", () => {
    const base = M + "p: fork early\np: iouring-register buf r\np: fork late\n";
    expect(codes(base + "late: read r[0]\np: write r[1] A")).toEqual([]);
    expect(located(base + "early: read r[0]")).toMatchObject([{ code: "COW220", d: { related: { message: "registered here" } } }]);
    expect(codes(base + "q: iouring-unregister r")).toEqual(["COW220"]);
  });

  it("reports rings and pins used after their release", () => {
    expect(codes(M + "p: iouring-register buf r\np: iouring-unregister r\np: read r[0]")).toEqual(["COW221"]);
    expect(codes(M + "p: iouring-register buf r\np: iouring-unregister r\np: iouring-unregister r")).toEqual(["COW221"]);
    expect(codes(M + "p: pin buf[0] rw x\np: unpin x\np: write x A")).toEqual(["COW221"]);
    expect(codes(M + "p: pin buf[0] rw x\np: unpin x\np: unpin x")).toEqual(["COW221"]);
  });

  it("does not repeat errors for names on lines that failed to parse", () => {
    expect(codes("p: mmap buf 1 rw extra\np: write buf[0] A")).toEqual(["COW109"]);
  });

  it("accepts hugetlb, file mappings and THP advice (the model reports them later)", () => {
    expect(codes("p: mmap h 512 rw hugetlb\np: mmap f 1 ro file=data\np: madvise h hugepage\np: madvise h nohugepage\np: madvise h collapse")).toEqual([]);
  });

  it("finds five different mistakes in one file at their lines and columns", () => {
    const text = [
      'scenario "five mistakes"',
      "p: mmap buf 2 rw",
      "p: wrte buf[0] A",
      "p: write buf[5] B",
      "c: read buf[0] expect A",
      "p: fork c",
      "p: write buf[0] 300",
      "kernels 5.10..",
    ].join("\n");
    expect(located(text).map(({ at, code, token }) => ({ at, code, token }))).toEqual([
      { at: "3:4", code: "COW103", token: "wrte" },
      { at: "4:14", code: "COW208", token: "5" },
      { at: "5:1", code: "COW205", token: "c" },
      { at: "7:17", code: "COW217", token: "300" },
      { at: "8:1", code: "COW215", token: "kernels" },
    ]);
  });
});
