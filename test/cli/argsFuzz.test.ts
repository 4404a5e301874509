// Random command lines, run in-process through runCli: every run ends with exit 0, 1 or 2, a
// failure always says something, nothing prints a stack trace, each run finishes in bounded time.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { runCli } from "../../src/cli/main.js";

/**
 * Verbs fuzzed. Left out: `native` (compiles and runs C, and may set up swap and KSM on the
 * host) and `view` (serves the viewer until interrupted).
 */
const VERBS = ["parse", "fmt", "errors", "kernels", "run", "test", "repro", "explore", "fuzz", "merge", "help"];

/** Upper bound on one run, far above what any of these inputs needs. */
const BOUND_MS = 5_000;

const GOOD = `scenario "fork then write"
p: mmap buf 1 rw
p: write buf[0] A
p: fork c
c: write buf[0] B
p: read buf[0] expect A
`;
const BAD = "p: mmap buf 1 rw\np: wirte buf[0] A\nq: read nope[9] expect\nkernels 9.9..\n\u0000\u{1F404}\n";

interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

async function run(argv: readonly string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { out: (t) => void out.push(t), err: (t) => void err.push(t), setExitCode: () => undefined };
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), BOUND_MS)));
  const code = await Promise.race([runCli(argv, ctx), timeout]).finally(() => clearTimeout(timer));
  return { code, out: out.join(""), err: err.join(""), ms: performance.now() - t0 };
}

/** The `--long` and `-s` flags that a verb's help shows, so the fuzz follows the verbs as they grow. */
async function flagsOf(verb: string): Promise<string[]> {
  const { out } = await run([verb, "--help"]);
  const flags = new Set<string>();
  for (const m of out.matchAll(/(?:^|[\s,])(--?[a-zA-Z][\w-]*)/g)) if (m[1] !== undefined) flags.add(m[1]);
  return [...flags].sort();
}

/** Command lines near valid ones (a verb with its own flags, real files, plausible values) and wild ones. */
function commandLines(flagsByVerb: ReadonlyMap<string, readonly string[]>): fc.Arbitrary<string[]> {
  const allFlags = [...new Set([...flagsByVerb.values()].flat()), "--help", "--version", "-V", "--", "--nope", "-z"];
  // "-" is left out: a verb may read it as stdin, which would wait for input forever.
  const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })).filter((s) => s !== "-");
  const files = fc.constantFrom("corpus", "corpus/good.cow", "corpus/bad.cow", "empty.cow", "out.c", "missing.cow");
  const values = fc.constantFrom("", " ", "5.4", "6.18", "all", "..5.7", "4.4..6.18", "9.9", "1/2", "0", "-1", "3", "x.json");
  const near = fc.constantFrom(...VERBS).chain((verb) => {
    const own = flagsByVerb.get(verb) ?? [];
    const token = own.length === 0 ? fc.oneof(files, values) : fc.oneof(files, values, fc.constantFrom(...own));
    return fc.array(token, { maxLength: 5 }).map((rest) => [verb, ...rest]);
  });
  const wildToken = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...allFlags) },
    { weight: 2, arbitrary: fc.constantFrom(...VERBS) },
    { weight: 2, arbitrary: files },
    { weight: 2, arbitrary: values },
    { weight: 1, arbitrary: text.map((s) => `/nonexistent-cowlab/${s}.cow`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...allFlags), text).map(([f, s]) => `${f}=${s}`) },
    { weight: 2, arbitrary: text },
  );
  const wild = fc.tuple(fc.oneof(fc.constantFrom(...VERBS), text), fc.array(wildToken, { maxLength: 6 }));
  return fc.oneof(near, wild.map(([first, rest]) => [first, ...rest]));
}

describe("argsFuzz", () => {
  let dir = "";
  const cwd = process.cwd();

  beforeAll(() => {
    // Verbs may write files (fmt rewrites in place, repro -o FILE): keep them in a scratch directory.
    dir = mkdtempSync(join(tmpdir(), "cowlab-argsfuzz-"));
    mkdirSync(join(dir, "corpus"));
    writeFileSync(join(dir, "corpus", "good.cow"), GOOD);
    writeFileSync(join(dir, "corpus", "bad.cow"), BAD);
    writeFileSync(join(dir, "empty.cow"), "");
    process.chdir(dir);
  });

  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("ends every random command line with exit 0, 1 or 2 and no stack trace, in bounded time (seed 42, 200 runs)", async () => {
    const flagsByVerb = new Map<string, string[]>();
    for (const verb of VERBS) if (verb !== "help") flagsByVerb.set(verb, await flagsOf(verb));
    await fc.assert(
      fc.asyncProperty(commandLines(flagsByVerb), async (args) => {
        const r = await run(args);
        const where = JSON.stringify(args);
        expect(r.code, `timed out after ${BOUND_MS} ms: ${where}`).not.toBe(-1);
        expect([0, 1, 2], `exit ${r.code}: ${where}\n${r.err}`).toContain(r.code);
        expect(r.out + r.err, `stack trace: ${where}`).not.toMatch(/^ {4}at /m);
        expect(r.err, `internal error: ${where}`).not.toContain("COW900");
        if (r.code === 2) expect(r.err.trim(), `exit 2 with nothing on stderr: ${where}`).not.toBe("");
        if (r.code === 1) expect((r.out + r.err).trim(), `exit 1 with nothing printed: ${where}`).not.toBe("");
      }),
      { seed: 42, numRuns: 200 },
    );
  }, 600_000);
});
