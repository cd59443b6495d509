/**
 * The harness of the end-to-end suite: builds the app with vite's build(), serves dist/ with
 * preview() on 127.0.0.1 (port 0) and opens pages in Debian's Chromium through playwright-core.
 * Each test fails on any page error, console error or request outside the page's origin.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

const APP = resolve(import.meta.dirname, "..");
const OUT = join(APP, "test-output");
const DIST = join(OUT, "dist");
const CHROMIUM = process.env["NNC_CHROMIUM"] ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

let server: PreviewServer;
let context: BrowserContext;
let profile: string;
let base: string;
let page: Page;
let problems: string[] = [];

/** Registers the suite's hooks: one build, server and browser for the file; each test's page closed and checked. */
export function usePlayground(): void {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    await build({ root: APP, logLevel: "warn", build: { outDir: DIST, emptyOutDir: true } });
    server = await preview({ root: APP, logLevel: "warn", build: { outDir: DIST }, preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false } });
    const addr = server.httpServer.address();
    if (addr === null || typeof addr === "string") throw new Error("preview server has no port");
    base = `http://127.0.0.1:${addr.port}/`;
    profile = mkdtempSync(join(tmpdir(), "nnc-chromium-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
    // No wait has a clock of its own: how long the page takes to train depends on the machine's load,
    // so every wait lasts until its condition holds and each test is bounded by its timeout alone.
    context.setDefaultTimeout(0);
    context.setDefaultNavigationTimeout(0);
  });

  afterAll(async () => {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  });

  afterEach(async () => {
    await page.close();
    expect(problems).toEqual([]);
  });
}

/** A new page at `url` (default: the app), with its problems collected. */
export async function open(url = base): Promise<Page> {
  problems = [];
  const p = await context.newPage();
  p.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  p.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  // Nothing but the page's own origin may be contacted.
  p.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) problems.push(`request: ${r.url()}`);
  });
  await p.goto(url);
  await p.locator(".cm-content").waitFor();
  page = p;
  return p;
}

export const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(OUT, `playground-${name}.png`) });

export async function pick(p: Page, example: string): Promise<void> {
  const before = Number(await p.getAttribute("body", "data-checks"));
  await p.selectOption("[data-testid=example]", example);
  await p.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, before);
}

/** Types `text` at the cursor and waits until the page has re-checked the program. */
export async function typeAndCheck(p: Page, text: string): Promise<void> {
  const before = Number(await p.getAttribute("body", "data-checks"));
  await p.keyboard.type(text);
  await p.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, before);
}

/** Puts the cursor at the end of editor line `n` (1-based). */
export async function endOfLine(p: Page, n: number): Promise<void> {
  await p.locator(".cm-line").nth(n - 1).click();
  await p.keyboard.press("End");
}

/** The train loss the stats line shows. */
export async function lossOf(p: Page): Promise<number> {
  const text = (await p.textContent("[data-testid=train-stats]")) ?? "";
  const m = /train loss ([\d.e+-]+)/.exec(text);
  return m === null ? NaN : Number(m[1]);
}
