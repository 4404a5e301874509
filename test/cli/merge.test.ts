// `cowlab merge` through runCli: shard files written by `explore --shard I/N --json FILE`
// merge into the unsharded result (same witness class and length, same distinct states);
// files that are not shard results, or do not make one search, are usage errors (exit 2).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const EXPLORED = /^explored: (\d+) states, (\d+) transitions, depth (\d+), \d+\.\d s, \d+ states\/s$/;
const lastLine = (out: string): string => out.trimEnd().split("\n").pop() ?? "";

async function writeShards(dir: string, args: readonly string[], count: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `s${i}.json`);
    const r = await cli("explore", ...args, "--shard", `${i}/${count}`, "--json", file);
    expect(r.out).toContain(`shard ${i}/${count}`);
    expect(r.code === 0 || r.code === 1).toBe(true);
    files.push(file);
  }
  return files;
}

describe("merge", () => {
  const vmsplice = ["--kernel", "5.4", "--pages", "1", "--verbs", "write,fork,exit,munmap,vmsplice"];

  it("prints the unsharded shortest witness from the shards of the vmsplice search on 5.4; exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cowlab-merge-"));
    const whole = await cli("explore", ...vmsplice);
    const files = await writeShards(dir, vmsplice, 3);
    const r = await cli("merge", ...files);
    expect(r.code).toBe(1);
    const head = /^(missed-cow on 5\.4 .*: shortest witness, \d+ actions after the mmap)$/m;
    expect(head.exec(r.out)?.[1]).toBe(head.exec(whole.out)?.[1]);
    expect(r.out).toMatch(/^  scenario "missed-cow on 5\.4, found by cowlab explore"$/m);
    expect(r.out).toMatch(/or: cowlab explore --kernel 5\.4 .* --shard \d\/3$/m);
    expect(lastLine(r.out)).toMatch(EXPLORED);
  });

  it("counts the distinct states of the unsharded search (the start state once); exit 0 when nothing diverges", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cowlab-merge-"));
    const args = ["--kernel", "5.10", "--pages", "1", "--depth", "4", "--verbs", "write,fork,exit,munmap,vmsplice"];
    const whole = EXPLORED.exec(lastLine((await cli("explore", ...args)).out));
    const files = await writeShards(dir, args, 4);
    const shardStates = files.map((f) => (JSON.parse(readFileSync(f, "utf8")) as { states: number }).states);
    const r = await cli("merge", ...files);
    expect(r.code).toBe(0);
    expect(r.out).toContain("no divergence on 5.10");
    const merged = EXPLORED.exec(lastLine(r.out));
    expect(merged?.[1]).toBe(whole?.[1]);
    expect(merged?.[3]).toBe("4");
    // Each shard counts the start state: the sum exceeds the union by at least N - 1.
    expect(shardStates.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(Number(whole?.[1]) + 3);
  });

  it("rejects a file that is not a shard result, a missing or duplicate shard and shards of other searches (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cowlab-merge-"));
    const args = ["--kernel", "5.10", "--pages", "1", "--depth", "2", "--verbs", "write,fork"];
    const [a, b] = await writeShards(dir, args, 2);
    const other = join(dir, "other.json");
    await cli("explore", ...args, "--depth", "3", "--shard", "1/2", "--json", other);
    const junk = join(dir, "junk.json");
    writeFileSync(junk, '{"steps":[]}\n');
    const cases: [string[], RegExp][] = [
      [[a!, junk], /junk\.json is not a shard result .*: format: /],
      [[a!], /shard 1\/2 missing/],
      [[a!, b!, b!], /shard 1\/2 given twice: .*s1\.json and .*s1\.json/],
      [[a!, other], /other\.json is a shard of another search than .*s0\.json: bounds/],
      [[join(dir, "nope.json")], /cannot read .*nope\.json: ENOENT/],
    ];
    for (const [files, msg] of cases) {
      const r = await cli("merge", ...files);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(msg);
    }
  });
});
