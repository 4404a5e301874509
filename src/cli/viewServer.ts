// The static file server behind `cowlab view`: serves the built viewer (dist/web) on 127.0.0.1
// only, GET and HEAD only, never outside its root; and the URL hash that opens a scenario in it
// (the keys web/src/hash.ts reads: src, name, v, s).
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** dist/web of this package: two levels up from both src/cli and dist/cli. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".cow": "text/plain; charset=utf-8",
};

export interface ViewServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** True when `root` holds a built viewer. */
export function isWebBuilt(root: string): boolean {
  return existsSync(join(root, "index.html"));
}

/** Starts serving `root` on 127.0.0.1:`port` (0: a free port). Rejects when the port is taken. */
export function startViewServer(root: string, port: number): Promise<ViewServer> {
  const base = resolve(root);
  const server = createServer((req, res) => serve(base, req, res));
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const actual = (server.address() as AddressInfo).port;
      done({
        url: `http://127.0.0.1:${actual}/`,
        port: actual,
        close: () => new Promise((closed) => {
          server.closeAllConnections();
          server.close(() => closed());
        }),
      });
    });
  });
}

function serve(base: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const file = fileFor(base, req.url ?? "/");
  if (file === null) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}

/** The file a request path names inside `base`, or null (missing, a directory without index.html, or outside). */
function fileFor(base: string, url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, "http://127.0.0.1").pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const full = resolve(base, `.${normalize(path)}`);
  if (full !== base && !full.startsWith(base + sep)) return null;
  const candidate = existsSync(full) && statSync(full).isDirectory() ? join(full, "index.html") : full;
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : null;
}

/** What the page should open. */
export interface ViewTarget {
  readonly text: string | null;
  readonly name: string | null;
  readonly version: string | null;
  /** 1-based step, or null for the first. */
  readonly step: number | null;
}

/** The URL hash for `target`, in the keys the page reads. */
export function viewHash(target: ViewTarget): string {
  const p = new URLSearchParams();
  if (target.text !== null) p.set("src", Buffer.from(target.text, "utf8").toString("base64url"));
  if (target.name !== null) p.set("name", target.name);
  if (target.version !== null) p.set("v", target.version);
  if (target.step !== null) p.set("s", String(target.step));
  const s = p.toString();
  return s === "" ? "" : `#${s}`;
}
