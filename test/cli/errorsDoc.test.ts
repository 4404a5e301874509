import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { register } from "../../src/cli/commands/errors.js";
import type { CliContext } from "../../src/cli/context.js";
import { formatErrorsDoc } from "../../src/cli/errorsDoc.js";
import { DIAGNOSTICS } from "../../src/scenario/diagnostics.js";

const DOC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "errors.md");

describe("errorsDoc", () => {
  const doc = formatErrorsDoc();

  it("matches docs/errors.md (regenerate with UPDATE_GOLDEN=1)", () => {
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(DOC, doc);
    expect(readFileSync(DOC, "utf8")).toBe(doc);
  });

  it("documents every code with its title, explanation, example and message", () => {
    for (const info of Object.values(DIAGNOSTICS)) {
      const at = doc.indexOf(`### ${info.code}: ${info.title}\n`);
      expect(at, info.code).toBeGreaterThan(0);
      const section = doc.slice(at, doc.indexOf("\n### ", at + 1) === -1 ? undefined : doc.indexOf("\n### ", at + 1));
      expect(section).toContain(info.explanation);
      expect(section).toContain(info.example);
      expect(section).toContain(`error[${info.code}]: `);
    }
  });

  it("is the same text on every call", () => {
    expect(formatErrorsDoc()).toBe(doc);
  });

  it("is what the hidden `errors` command prints", async () => {
    let out = "";
    const ctx: CliContext = { out: (t) => void (out += t), err: () => undefined, setExitCode: () => undefined };
    const root = new Command("cowlab").exitOverride();
    register(root, ctx);
    expect(root.helpInformation()).not.toContain("errors");
    await root.parseAsync(["errors"], { from: "user" });
    expect(out).toBe(doc);
  });
});
