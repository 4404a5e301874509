// The viewer in a real browser: the CVE-2020-29374 scenario's divergence appearing when the
// kernel slider moves from 6.18 to 5.4, diagnostics on their lines while typing, keyboard
// stepping, shared links, compare mode, and the time per step of a 200-line scenario.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { DEFAULT_WEB_ROOT } from "../../src/cli/viewServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOTS, openPage, openSession, skipReason, type Session } from "./browser.js";

const SKIP = skipReason();
const VMSPLICE = "#ex=vmsplice/unmap-in-child.cow";

const currentStep = (page: Page): Promise<string | null> => page.getAttribute("[data-current-step]", "data-current-step");
const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe.skipIf(SKIP !== null)(`viewer${SKIP === null ? "" : ` (skipped: ${SKIP})`}`, () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s?.close();
  });

  it("marks the pipe read missed-cow when the slider moves from 6.18 to 5.4", async () => {
    const page = await openPage(s, VMSPLICE);
    expect(await page.textContent("[data-slider=kernel] .kernel")).toContain("6.18");
    expect(await page.locator("ol.steps [data-divergence]").count()).toBe(0);
    await page.focus("#kernel");
    for (let i = 0; i < 34; i++) await page.keyboard.press("ArrowLeft");
    expect(await page.getAttribute("[data-slider=kernel] .kernel", "data-version")).toBe("5.4");
    const marked = page.locator("ol.steps li.step.diverged");
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute("data-step")).toBe("7");
    expect(await marked.locator("code.text").textContent()).toBe("c: read pipe1 expect A, B on ..5.7");
    expect(await marked.locator("[data-divergence]").getAttribute("data-divergence")).toBe("missed-cow");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("d");
    expect(await currentStep(page)).toBe("7");
    expect(await page.textContent(".divergence-banner")).toMatch(/missed-cow.*09854ba94c6a/);
    await shot(page, "vmsplice-5.4-divergence");
    await page.close();
  });

  it("shows a syntax error on its line as it is typed", async () => {
    const page = await openPage(s, VMSPLICE);
    const area = page.locator("textarea");
    await area.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\nc: wirte buf[0] C");
    const line = (await area.inputValue()).split("\n").length;
    const band = page.locator(`.band.error[data-line="${line}"]`);
    await band.waitFor({ timeout: 5000 });
    expect(await band.locator(".inline-diag").textContent()).toMatch(/^COW\d{3}: .*`wirte`/);
    expect(await page.getAttribute(".diagnostics li", "data-diag-line")).toBe(String(line));
    expect(await page.textContent(".notice")).toContain("1 error");
    await shot(page, "syntax-error");
    await page.close();
  });

  it("steps forward and back with the keyboard", async () => {
    const page = await openPage(s, `${VMSPLICE}&v=5.4`);
    expect(await currentStep(page)).toBe("1");
    for (const [key, want] of [["ArrowRight", "2"], ["j", "3"], ["j", "4"], ["ArrowLeft", "3"], ["k", "2"], ["End", "8"], ["ArrowRight", "8"], ["Home", "1"], ["ArrowLeft", "1"]] as const) {
      await page.keyboard.press(key);
      expect(await currentStep(page), `after ${key}`).toBe(want);
    }
    await page.keyboard.press("End");
    await page.keyboard.press("k");
    await page.keyboard.press("k");
    expect(await page.getAttribute("li.step.current", "data-step")).toBe("6");
    expect(await page.locator("g.frame.changed").count()).toBeGreaterThan(0);
    await shot(page, "keyboard-step-6");
    await page.close();
  });

  it("lands on the same step, kernel and text from a shared URL", async () => {
    const page = await openPage(s, `${VMSPLICE}&v=5.4`);
    const area = page.locator("textarea");
    await area.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\np: read buf[0]");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 4; i++) await page.keyboard.press("j");
    const url = await page.locator("a.share").evaluate((a) => (a as unknown as { href: string }).href);
    expect(page.url()).toBe(url);
    const shared = await s.browser.newPage();
    await shared.goto(url);
    await shared.waitForSelector("[data-current-step]");
    expect(await currentStep(shared)).toBe("5");
    expect(await shared.getAttribute("[data-slider=kernel] .kernel", "data-version")).toBe("5.4");
    expect(await shared.locator("textarea").inputValue()).toBe(await area.inputValue());
    await shot(shared, "shared-url");
    await shared.close();
    await page.close();
  });

  it("works opened from disk (file://) with the same hash", async () => {
    const page = await s.browser.newPage();
    await page.goto(`${pathToFileURL(join(DEFAULT_WEB_ROOT, "index.html")).href}${VMSPLICE}&v=5.4&s=7`);
    await page.waitForSelector("[data-current-step]");
    expect(await currentStep(page)).toBe("7");
    expect(await page.getAttribute(".divergence-banner", "data-divergence")).toBe("missed-cow");
    await page.close();
  });

  it("compares two kernels side by side from the first differing step", async () => {
    const page = await openPage(s, `${VMSPLICE}&v=5.4&cmp=6.18`);
    const first = await page.getAttribute("[data-first-diff]", "data-first-diff");
    expect(Number(first)).toBeGreaterThan(0);
    await page.click(".diff-note button");
    expect(await currentStep(page)).toBe(first);
    expect(await page.locator(".run-panel").count()).toBe(2);
    expect(await page.locator("li.step.first-diff").count()).toBe(2);
    await page.keyboard.press("d");
    await shot(page, "compare-5.4-6.18");
    await page.close();
  });

  it("steps a 200-line scenario with 3 processes at interactive speed (printed, not asserted)", async () => {
    const page = await openPage(s, `#src=${Buffer.from(bigScenario(), "utf8").toString("base64url")}&v=5.10`);
    expect(await page.locator("li.step").count()).toBeGreaterThanOrEqual(195);
    const perStep = await page.evaluate(measureSteps, 150);
    console.log(`viewer: ${perStep.toFixed(2)} ms per step (200-line scenario, 3 processes, 150 steps, chromium headless)`);
    expect(perStep).toBeGreaterThan(0);
    await shot(page, "big-scenario");
    await page.close();
  });
});

/**
 * In the page: presses ArrowRight `n` times and waits for each step to be committed to the DOM
 * (React flushes a key press's update in a microtask; timers are only the fallback, since headless
 * timer scheduling would dominate the measurement); mean ms per step.
 */
async function measureSteps(n: number): Promise<number> {
  const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null; dispatchEvent(e: unknown): boolean } }).document;
  const G = globalThis as unknown as { KeyboardEvent: new (t: string, o: object) => unknown; performance: { now(): number } };
  const at = (): string | null => doc.querySelector("[data-current-step]")?.getAttribute("data-current-step") ?? null;
  const t0 = G.performance.now();
  for (let i = 0; i < n; i++) {
    const before = at();
    doc.dispatchEvent(new G.KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    for (let spins = 0; at() === before; spins++) await (spins < 100 ? Promise.resolve() : new Promise((r) => setTimeout(r, 0)));
  }
  return (G.performance.now() - t0) / n;
}

/** 200 lines, 3 processes: a fork tree writing, reading, splicing and pinning over a few pages. */
function bigScenario(): string {
  const lines = ['scenario "200 lines, 3 processes"', "p: mmap buf 8 rw", "p: write buf A", "p: fork c", "c: fork d"];
  const who = ["p", "c", "d"];
  for (let i = 0; lines.length < 200; i++) {
    const w = who[i % 3] ?? "p";
    const page = i % 8;
    const v = String.fromCharCode(65 + (i % 26));
    const kind = i % 5;
    if (kind === 0) lines.push(`${w}: write buf[${page}] ${v}`);
    else if (kind === 1) lines.push(`${w}: read buf[${page}]`);
    else if (kind === 2) lines.push(`${w}: vmsplice buf[${page}] pipe${i}`, `${who[(i + 1) % 3] ?? "p"}: read pipe${i}`);
    else if (kind === 3) lines.push(`${w}: mprotect buf[${page}] ro`, `${w}: mprotect buf[${page}] rw`);
    else lines.push(`${w}: pagemap buf[${page}]`);
  }
  return `${lines.slice(0, 200).join("\n")}\n`;
}

