// The layering of style.md, enforced: every import specifier in src/ and in the viewer's web/src
// is read from the syntax tree and checked against the layer rules; each break is reported
// with its file, line and specifier.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

type Layer = "kernel" | "ideal" | "history" | "scenario" | "run" | "checker" | "native" | "cli" | "index" | "web";

const UP_TO_RUN: readonly Layer[] = ["kernel", "ideal", "history", "scenario", "run"];
const SRC_LAYERS: readonly Layer[] = [...UP_TO_RUN, "checker", "native", "cli", "index"];

/** What each layer may import (its own directory included). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  kernel: ["kernel"],
  ideal: ["ideal"],
  history: ["history", "kernel"],
  scenario: ["scenario", "kernel", "history"],
  run: UP_TO_RUN,
  checker: [...UP_TO_RUN, "checker"],
  native: [...UP_TO_RUN, "native"],
  cli: SRC_LAYERS,
  index: SRC_LAYERS.filter((l) => l !== "cli" && l !== "native"),
  web: ["web", "index"],
};

/** Only these may touch Node's own modules; everything else must run in a browser too. */
const NODE_LAYERS: readonly Layer[] = ["cli", "native"];

interface ImportRef {
  readonly specifier: string;
  readonly line: number;
}

interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly rule: string;
}

/** Every module specifier of a file: static and type-only imports, re-exports, import(), import("x").T. */
function importSpecifiers(fileName: string, text: string): ImportRef[] {
  const kind = fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found: ImportRef[] = [];
  const add = (node: ts.Node, specifier: string): void => {
    found.push({ specifier, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    const literal = moduleLiteral(node);
    if (literal !== undefined) add(node, literal);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The specifier a node imports from, `<computed>` for import(expr), undefined when it imports nothing. */
function moduleLiteral(node: ts.Node): string | undefined {
  const text = (e: ts.Node | undefined): string | undefined =>
    e !== undefined && ts.isStringLiteralLike(e) ? e.text : e === undefined ? undefined : "<computed>";
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return text(node.moduleSpecifier);
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    return text(node.moduleReference.expression);
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    return text(node.arguments[0]) ?? "<computed>";
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) return text(node.argument.literal);
  return undefined;
}

/** The layer of a repository-relative path (posix separators), or a reason it has none. */
function layerOf(path: string): Layer | { unknown: string } {
  const parts = path.split("/");
  if (parts[0] === "web") return "web";
  if (parts[0] !== "src") return { unknown: `${path} is outside src/ and web/` };
  if (parts.length === 2) {
    return /^index\.[cm]?tsx?$|^index\.js$/.test(parts[1] ?? "") ? "index" : { unknown: `${path} is in no layer` };
  }
  const dir = parts[1] as Layer;
  return SRC_LAYERS.includes(dir) && dir !== "index" ? dir : { unknown: `src/${parts[1] ?? ""}/ is not a layer` };
}

const isNodeBuiltin = (s: string): boolean =>
  s.startsWith("node:") || builtinModules.includes(s) || builtinModules.includes(s.split("/")[0] ?? "");

/** The package a bare specifier names: `zod/v4` -> `zod`, `@types/node/fs` -> `@types/node`. */
const packageName = (s: string): string => s.split("/").slice(0, s.startsWith("@") ? 2 : 1).join("/");

/** Checks one file's imports; `file` is repository-relative with posix separators. */
function checkImports(file: string, text: string, dependencies: readonly string[]): Violation[] {
  const from = layerOf(file);
  if (typeof from !== "string") return [{ file, line: 1, specifier: "", rule: from.unknown }];
  const out: Violation[] = [];
  for (const { specifier, line } of importSpecifiers(file, text)) {
    const rule = ruleBroken(file, from, specifier, dependencies);
    if (rule !== undefined) out.push({ file, line, specifier, rule });
  }
  return out;
}

/** Why `specifier` may not be imported from `file` (of layer `from`), or undefined when it may. */
function ruleBroken(file: string, from: Layer, specifier: string, dependencies: readonly string[]): string | undefined {
  if (specifier === "<computed>") return "a computed import() cannot be checked; import a literal path";
  if (isNodeBuiltin(specifier)) {
    return NODE_LAYERS.includes(from) ? undefined : `only src/cli and src/native may import Node built-ins (${from} may not)`;
  }
  if (!specifier.startsWith(".")) {
    if (from === "web" || dependencies.includes(packageName(specifier))) return undefined;
    return `\`${packageName(specifier)}\` is not in the dependencies of package.json`;
  }
  if (from !== "web" && !specifier.endsWith(".js")) return "a relative import must end in `.js`";
  const target = relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep).join("/");
  const to = layerOf(target.replace(/\.js$/, ".ts"));
  if (typeof to !== "string") return `imports ${target}, which ${to.unknown.replace(/^.* is /, "is ")}`;
  return ALLOWED[from].includes(to) ? undefined : `${from} may not import ${to} (allowed: ${ALLOWED[from].join(", ")})`;
}

/** TypeScript sources under `dir`, repository-relative, sorted; skips node_modules and build output. */
function sources(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory() && !["node_modules", "dist", "build"].includes(e.name)) out.push(...sources(path));
    else if (e.isFile() && /\.[cm]?tsx?$/.test(e.name)) out.push(path);
  }
  return out.sort();
}

const format = (v: Violation): string => `${v.file}:${v.line}: import "${v.specifier}": ${v.rule}`;

describe("architecture", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const deps = Object.keys(pkg.dependencies ?? {});

  it("finds every form of import specifier", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      'export * from "./c.js";',
      'export { d } from "./d.js";',
      'const e = await import("./e.js");',
      'type F = import("./f.js").F;',
      "const g = await import(name);",
      'import "./h.js";',
      'const notAnImport = "./i.js";',
    ].join("\n");
    expect(importSpecifiers("src/kernel/x.ts", text)).toEqual([
      { specifier: "./a.js", line: 1 },
      { specifier: "./b.js", line: 2 },
      { specifier: "./c.js", line: 3 },
      { specifier: "./d.js", line: 4 },
      { specifier: "./e.js", line: 5 },
      { specifier: "./f.js", line: 6 },
      { specifier: "<computed>", line: 7 },
      { specifier: "./h.js", line: 8 },
    ]);
  });

  it("flags imports that break the layering and accepts those that keep it", () => {
    const bad = [
      'import { readText } from "../cli/io.js";',
      'import type { Trace } from "../run/trace.js";',
      'import { readFileSync } from "node:fs";',
      'import path from "path";',
      'export { x } from "./x";',
      'import { z } from "leftpad";',
      'import { ok } from "./ids.js";',
    ].join("\n");
    const lines = checkImports("src/kernel/bad.ts", bad, deps).map(format);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('src/kernel/bad.ts:1: import "../cli/io.js": kernel may not import cli (allowed: kernel)');
    expect(lines[1]).toMatch(/^src\/kernel\/bad\.ts:2: .*kernel may not import run/);
    expect(lines[2]).toMatch(/:3: .*only src\/cli and src\/native may import Node built-ins/);
    expect(lines[3]).toMatch(/:4: import "path": only src\/cli/);
    expect(lines[4]).toMatch(/:5: .*must end in `\.js`/);
    expect(lines[5]).toMatch(/:6: .*`leftpad` is not in the dependencies/);
  });

  it("applies each layer's own allowance", () => {
    const check = (file: string, spec: string): number => checkImports(file, `import "${spec}";`, deps).length;
    expect(check("src/history/records.ts", "../kernel/policy.js")).toBe(0);
    expect(check("src/history/records.ts", "../scenario/ast.js")).toBe(1);
    expect(check("src/checker/explore.ts", "../run/index.js")).toBe(0);
    expect(check("src/checker/explore.ts", "../native/exec.js")).toBe(1);
    expect(check("src/native/exec.ts", "node:child_process")).toBe(0);
    expect(check("src/index.ts", "./run/index.js")).toBe(0);
    expect(check("src/index.ts", "./cli/io.js")).toBe(1);
    expect(check("src/cli/main.ts", "../native/exec.js")).toBe(0);
    expect(check("src/kernel/step.ts", "../index.js")).toBe(1);
    expect(check("web/src/App.tsx", "../../src/index.js")).toBe(0);
    expect(check("web/src/App.tsx", "../../src/kernel/step.js")).toBe(1);
    expect(check("web/src/App.tsx", "cowlab")).toBe(0);
    expect(check("web/src/App.tsx", "node:fs")).toBe(1);
    expect(check("src/misc.ts", "./kernel/ids.js")).toBe(1);
  });

  it("finds no import in src/ or web/src/ that breaks the layering", () => {
    // web/src is the page; web/'s own config files run in Node at build time and are not checked.
    const files = [...sources("src"), ...sources("web/src")];
    expect(files.length).toBeGreaterThan(10);
    const violations = files.flatMap((f) => checkImports(f, readFileSync(join(ROOT, f), "utf8"), deps));
    expect(violations.map(format)).toEqual([]);
  });
});
