// Shared set-up of the browser tests: Debian's chromium driven by playwright-core (never a
// downloaded browser), headless, with a fresh profile; the built page served by cowlab's
// own view server. `skipReason` says why the tests cannot run here.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { DEFAULT_WEB_ROOT, isWebBuilt, startViewServer, type ViewServer } from "../../src/cli/viewServer.js";

export const CHROMIUM = "/usr/bin/chromium";
export const SHOTS = resolve(import.meta.dirname, "../../test-results/web");

/** Why the browser tests are skipped, or null when they can run. */
export function skipReason(): string | null {
  if (!existsSync(CHROMIUM)) return `no ${CHROMIUM} (install it with \`apt-get install -y chromium\`)`;
  if (!isWebBuilt(DEFAULT_WEB_ROOT)) return "dist/web is not built (run `npm run build`)";
  return null;
}

export interface Session {
  /** A persistent context on a fresh profile directory (playwright's way to pass --user-data-dir). */
  readonly browser: BrowserContext;
  readonly server: ViewServer;
  close(): Promise<void>;
}

export async function openSession(): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), "cowlab-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
  const server = await startViewServer(DEFAULT_WEB_ROOT, 0);
  return {
    browser, server,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page of 1600x1000 CSS pixels at `hash` of the served viewer, once the step list is drawn. */
export async function openPage(s: Session, hash: string): Promise<Page> {
  const page = await s.browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${s.server.url}${hash}`);
  await page.waitForSelector("ol.steps li.step", { timeout: 15_000 }).catch((e: unknown) => {
    throw new Error(`the page did not render steps${errors.length > 0 ? `: ${errors.join("; ")}` : ""}: ${String(e)}`);
  });
  return page;
}
