import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/parser.js";
import { printScenario } from "../../src/scenario/print.js";

const fmt = (text: string): string => printScenario(parseScenario(text, "t.cow").ast);

describe("printScenario", () => {
  it("prints single spaces and `ACTOR: VERB ...`", () => {
    expect(fmt("p:mmap   buf\t2 rw\np :write buf [ 0 .. 2 ]  A  expect  segv ,B on 5.10 ..")).toBe(
      "p: mmap buf 2 rw\np: write buf[0..2] A expect segv, B on 5.10..\n",
    );
  });

  it("keeps comments, trailing ones after two spaces", () => {
    expect(fmt("#top\n  # indented\np: exit      # bye")).toBe("#top\n# indented\np: exit  # bye\n");
  });

  it("collapses runs of blank lines to one and drops leading and trailing ones", () => {
    expect(fmt("\n\np: exit\n\n\n\nq: exit\n\n")).toBe("p: exit\n\nq: exit\n");
  });

  it("prints options, flags and values canonically", () => {
    expect(fmt("p: mmap b 512 rw file=x.img hugetlb shared\np: pin b[0] rw get longterm q\np: pagemap b[0] expect !present  soft-dirty\np: write b[0] 0xA\np: write b[0] 007")).toBe(
      "p: mmap b 512 rw shared hugetlb file=x.img\np: pin b[0] rw longterm get q\np: pagemap b[0] expect !present soft-dirty\np: write b[0] 0x0a\np: write b[0] 7\n",
    );
  });

  it("escapes quotes and backslashes in the title", () => {
    expect(fmt('scenario "a \\"b\\" \\\\ c"')).toBe('scenario "a \\"b\\" \\\\ c"\n');
  });

  it("moves headers written after the first action up to the other headers", () => {
    expect(fmt('scenario "t"\n\np: exit\nkernels 5.10  # late\nq: exit')).toBe('scenario "t"\nkernels 5.10  # late\n\np: exit\nq: exit\n');
  });

  it("prints lines that failed to parse as written", () => {
    expect(fmt("p: wrte   buf[0] A  # typo\np: exit")).toBe("p: wrte   buf[0] A  # typo\np: exit\n");
  });

  it("prints an empty file as empty text", () => {
    expect(fmt("")).toBe("");
    expect(fmt("\n\n")).toBe("");
  });
});
