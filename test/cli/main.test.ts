// The bin as a user runs it: `node dist/cli/main.js` (built by `npm test`'s pretest), checked by
// stdout, stderr and exit code; then runCli in-process for what the built verbs cannot provoke.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliContext, RegisterCommand } from "../../src/cli/context.js";
import { runCli } from "../../src/cli/main.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "dist/cli/main.js");

/** The verbs `--help` lists (`errors`, which writes docs/errors.md, is hidden). */
const VERBS = ["parse", "fmt", "kernels", "run", "test", "native", "repro", "explore", "fuzz", "merge", "view"];

/** The verbs whose issue has not landed, an argument list they accept, and the issue. */
const NOT_BUILT: readonly [string, readonly string[], number][] = [];

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cowlab(...args: string[]): Ran {
  const env = { ...process.env, COWLAB_DEBUG: "", NO_COLOR: "1" };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK_LINE = /^ {4}at /m;

describe("main (built bin)", () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error("dist/cli/main.js is missing: run `npm run build` (npm test does it first)");
  });

  it("lists every verb on one line each in --help", () => {
    const r = cowlab("--help");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const listing = /\nCommands:\n([\s\S]*?)\n\n/.exec(r.stdout)?.[1] ?? "";
    const lines = listing.split("\n");
    expect(lines.map((l) => /^  ([a-z]+) {2,}\S/.exec(l)?.[1])).toEqual([...VERBS, "help"]);
    for (const [verb] of NOT_BUILT) {
      expect(r.stdout).toMatch(new RegExp(`^  ${verb} .*\\(not built yet\\)$`, "m"));
    }
  });

  it("prints the version of package.json with --version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = cowlab("--version");
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("prints the help on stderr and exits 2 when no verb is given", () => {
    const r = cowlab();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Usage: cowlab /);
  });

  it("exits 2 with a suggestion and a hint for an unknown verb", () => {
    const r = cowlab("explor", "--kernel", "5.4");
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command `explor` (did you mean `explore`?)\nhint: run `cowlab --help` to see every command\n",
    });
  });

  it("exits 2 naming an unknown option and the verb's help", () => {
    const r = cowlab("explore", "--dept", "3");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: unknown option `--dept` (did you mean `--depth`?)\nhint: run `cowlab explore --help` for its usage\n",
    );
  });

  it("exits 2 on a missing argument and on a missing option value", () => {
    const merge = cowlab("merge");
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/^error: missing required argument `files`\nhint: run `cowlab merge --help`/);
    const r = cowlab("explore", "--kernel");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: option `--kernel <V>` argument missing\n/);
  });

  it.each(NOT_BUILT)("exits 2 saying `%s` is not built yet", (verb, args, issue) => {
    const r = cowlab(verb, ...args);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `cowlab ${verb}: not built yet (see issue ${issue})\n` });
  });

  it("describes every option of explore in explore --help", () => {
    const r = cowlab("explore", "--help");
    expect(r.code).toBe(0);
    const options = ["--kernel <V>", "--procs <N>", "--pages <N>", "--pins <N>", "--depth <N>", "--verbs <LIST>",
      "--values <N>", "--all", "--coverage", "--json <FILE>", "--itf <FILE>", "--workers <N>", "--shard <I/N>"];
    for (const o of options) expect(r.stdout).toMatch(new RegExp(`^  ${o.replace(/[/]/g, "\\/")} +\\S`, "m"));
    expect(r.stdout).toContain("explored: S states, T transitions, depth D, X s, R states/s");
    expect(r.stdout).toMatch(/--workers <N> .*worker threads/);
  });

  it("says in each verb's help what it does, and in a not-built one's what it will do", () => {
    expect(cowlab("fuzz", "--help").stdout).toMatch(/--seed <S>[\s\S]*--max-steps <N>[\s\S]*--replay <PATH>/);
    expect(cowlab("merge", "--help").stdout).toMatch(/explore --shard I\/N --json FILE/);
  });

  it("runs as an executable with its shebang", () => {
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    accessSync(BIN, constants.X_OK);
    const r = spawnSync(BIN, ["--version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
  });

  it("prints no stack trace on any of these failures", () => {
    for (const args of [["explor"], ["explore", "--dept"], ["merge"], ["--nope"], ["help", "nope"]]) {
      const r = cowlab(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });
});

/** A context that records what a run printed. */
function recorder(): CliContext & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (t) => void out_.push(t), err: (t) => void err_.push(t), setExitCode: () => undefined };
}

const failing: RegisterCommand = (root) => {
  root.command("crash").argument("[word]").action(() => {
    throw new Error("frame 7 freed twice\nwhile stepping");
  });
};

describe("runCli", () => {
  it("reports an unexpected exception as error[COW900] with exit 3 and no stack", async () => {
    const ctx = recorder();
    const prev = process.env["COWLAB_DEBUG"];
    delete process.env["COWLAB_DEBUG"];
    const code = await runCli(["crash", "it's"], ctx, [failing]).finally(() => {
      if (prev !== undefined) process.env["COWLAB_DEBUG"] = prev;
    });
    expect(code).toBe(3);
    expect(ctx.out_).toEqual([]);
    expect(ctx.err_.join("")).toBe(
      "error[COW900]: internal error: frame 7 freed twice\\nwhile stepping\n" +
        "note: this is a bug in cowlab; please report it with the command line: cowlab crash 'it'\\''s'\n" +
        "note: set COWLAB_DEBUG=1 to print the stack\n",
    );
  });

  it("prints the stack of an internal error when COWLAB_DEBUG=1", async () => {
    const ctx = recorder();
    process.env["COWLAB_DEBUG"] = "1";
    const code = await runCli(["crash"], ctx, [failing]).finally(() => delete process.env["COWLAB_DEBUG"]);
    expect(code).toBe(3);
    expect(ctx.err_.join("")).toMatch(STACK_LINE);
  });

  it("returns the highest exit code a command set", async () => {
    const twice: RegisterCommand = (root, c) => {
      root.command("twice").action(() => {
        c.setExitCode(1);
        c.setExitCode(0);
      });
    };
    expect(await runCli(["twice"], recorder(), [twice])).toBe(1);
  });
});
