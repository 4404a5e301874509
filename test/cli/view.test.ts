// `cowlab view`: the URL it prints (scenario, kernel and trace encoded in the hash), the
// static server behind it (127.0.0.1 only, nothing outside its root), and its usage errors.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { registerView, scenarioOfTrace, type ViewDeps } from "../../src/cli/commands/view.js";
import { startViewServer, viewHash } from "../../src/cli/viewServer.js";
import { policyFor } from "../../src/history/index.js";
import { runProgram } from "../../src/run/index.js";
import { loadScenario } from "../../src/scenario/index.js";

const ROOT = mkdtempSync(join(tmpdir(), "cowlab-view-"));
const WEB = join(ROOT, "web");
mkdirSync(WEB);
writeFileSync(join(WEB, "index.html"), "<!doctype html><title>viewer</title>");
writeFileSync(join(ROOT, "secret.txt"), "outside the root");
const SCENARIO = "p: mmap buf 1 rw\np: write buf[0] A\np: read buf[0] expect A\n";
const FILES: Record<string, string> = { "s.cow": SCENARIO };

interface Outcome { out: string; err: string; code: number; fetched: { status: number; body: string } | null }

/** Runs `cowlab view ARGS`; while it serves, fetches the printed URL, then stops it. */
async function view(...argv: string[]): Promise<Outcome> {
  const o: Outcome = { out: "", err: "", code: 0, fetched: null };
  const ctx: CliContext = { out: (t) => void (o.out += t), err: (t) => void (o.err += t), setExitCode: (c) => void (o.code = Math.max(o.code, c)) };
  const deps: ViewDeps = {
    webRoot: WEB,
    read: (p) => FILES[p] ?? null,
    untilStopped: async () => {
      const url = /cowlab viewer: (\S+)/.exec(o.out)?.[1] ?? "";
      o.fetched = await get(url);
    },
  };
  const root = new Command("cowlab").exitOverride();
  registerView(root, ctx, deps);
  await root.parseAsync(argv, { from: "user" });
  return o;
}

function get(url: string, path?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: path ?? u.pathname, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const hashOf = (out: string): URLSearchParams => new URLSearchParams(/#(\S+)/.exec(out)?.[1] ?? "");

describe("view", () => {
  it("serves the page on 127.0.0.1 and prints a URL carrying the scenario and kernel", async () => {
    const o = await view("view", "s.cow", "--kernel", "5.4");
    expect(o.code).toBe(0);
    expect(o.out).toMatch(/^cowlab viewer: http:\/\/127\.0\.0\.1:\d+\/#/);
    const h = hashOf(o.out);
    expect(Buffer.from(h.get("src") ?? "", "base64url").toString("utf8")).toBe(SCENARIO);
    expect(h.get("v")).toBe("5.4");
    expect(h.get("name")).toBe("s.cow");
    expect(o.fetched).toEqual({ status: 200, body: "<!doctype html><title>viewer</title>" });
  });

  it("opens the scenario and kernel a `run --json` trace was recorded from", async () => {
    const loaded = loadScenario(SCENARIO, "s.cow");
    if (!loaded.ok) throw new Error("fixture does not load");
    FILES["run.json"] = JSON.stringify(runProgram(loaded.program, policyFor({ major: 5, minor: 10 })));
    const o = await view("view", "--trace", "run.json");
    expect(o.code).toBe(0);
    const h = hashOf(o.out);
    expect(Buffer.from(h.get("src") ?? "", "base64url").toString("utf8")).toBe(SCENARIO);
    expect(h.get("v")).toBe("5.10");
  });

  it("rebuilds a trace's scenario with every step on its own line number", () => {
    const text = "# c\nscenario \"t\"\n\np: mmap buf 1 rw   # x\np: read buf[0]\n";
    const loaded = loadScenario(text, "t.cow");
    if (!loaded.ok) throw new Error("fixture does not load");
    const s = scenarioOfTrace(JSON.parse(JSON.stringify(runProgram(loaded.program, policyFor({ major: 6, minor: 1 })))));
    expect(s?.text).toBe('scenario "t"\n\n\np: mmap buf 1 rw\np: read buf[0]\n');
    expect(s?.version).toBe("6.1");
    expect(scenarioOfTrace({ steps: 3 })).toBeNull();
  });

  it("reports an unknown kernel, a missing file, a bad trace and a bad port as usage errors without serving", async () => {
    for (const argv of [["s.cow", "--kernel", "3.1"], ["nope.cow"], ["--trace", "s.cow"], ["s.cow", "--port", "70000"], ["s.cow", "--trace", "run.json"]]) {
      const o = await view("view", ...argv);
      expect(o.code, argv.join(" ")).toBe(2);
      expect(o.err).toMatch(/^error: /);
      expect(o.fetched).toBeNull();
    }
  });

  it("says how to build the page when dist/web is missing", async () => {
    let err = "";
    let code = 0;
    const ctx: CliContext = { out: () => undefined, err: (t) => void (err += t), setExitCode: (c) => void (code = c) };
    const root = new Command("cowlab").exitOverride();
    registerView(root, ctx, { webRoot: join(ROOT, "absent"), read: () => SCENARIO, untilStopped: async () => undefined });
    await root.parseAsync(["view", "s.cow"], { from: "user" });
    expect(code).toBe(2);
    expect(err).toContain("npm run build");
  });
});

describe("viewServer", () => {
  const started = startViewServer(WEB, 0);
  afterAll(async () => (await started).close());

  it("serves files under its root and refuses paths outside it", async () => {
    const s = await started;
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await get(s.url, "/index.html")).status).toBe(200);
    expect((await get(s.url, "/missing.js")).status).toBe(404);
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]) {
      const r = await get(s.url, path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain("outside the root");
    }
  });

  it("writes only the hash keys it is given", () => {
    expect(viewHash({ text: null, name: null, version: null, step: null })).toBe("");
    expect(viewHash({ text: "p: exit\n", name: null, version: "6.18", step: 3 })).toBe(`#src=${Buffer.from("p: exit\n").toString("base64url")}&v=6.18&s=3`);
  });
});
