/**
 * The harness of the end-to-end suites: builds the app with vite's build() once per vitest run (the
 * first e2e file builds, the others reuse it: e2e-global-setup.ts), serves dist/ with preview() on
 * 127.0.0.1 (port 0) and opens pages in Debian's Chromium through playwright-core, at desktop size
 * (1280×800) or as a phone (390×844, touch). Each test fails on any page error, console error or
 * request outside the page's origin.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { distOf } from "./e2e-global-setup.ts";

const APP = resolve(import.meta.dirname, "..");
const OUT = join(APP, "test-output");
const CHROMIUM = process.env["NNC_CHROMIUM"] ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The two sizes every view is checked at. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

let server: PreviewServer;
let desktop: BrowserContext;
let phone: BrowserContext;
let profiles: string[] = [];
let base: string;
let pages: Page[] = [];
let page: Page | undefined;
let problems: string[] = [];

/** This run's build folder, built unless an earlier e2e file of the run already did. */
async function buildOnce(): Promise<string> {
  const dist = distOf(inject("e2eRun"));
  if (existsSync(join(dist, "index.html"))) return dist;
  mkdirSync(OUT, { recursive: true });
  await build({ root: APP, logLevel: "warn", build: { outDir: dist, emptyOutDir: true } });
  return dist;
}

async function launch(viewport: { width: number; height: number }, mobile: boolean): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), "nnc-chromium-"));
  profiles.push(profile);
  const c = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  // No wait has a clock of its own: how long the page takes to train depends on the machine's load,
  // so every wait lasts until its condition holds and each test is bounded by its timeout alone.
  c.setDefaultTimeout(0);
  c.setDefaultNavigationTimeout(0);
  return c;
}

/** Registers the suite's hooks: one server and browser per file (both sizes); each test's pages closed and checked. */
export function usePlayground(): void {
  beforeAll(async () => {
    const dist = await buildOnce();
    server = await preview({ root: APP, logLevel: "warn", build: { outDir: dist }, preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false } });
    const addr = server.httpServer.address();
    if (addr === null || typeof addr === "string") throw new Error("preview server has no port");
    base = `http://127.0.0.1:${addr.port}/`;
    desktop = await launch(DESKTOP, false);
    phone = await launch(PHONE, true);
  });

  afterAll(async () => {
    await desktop.close();
    await phone.close();
    await server.close();
    for (const p of profiles) rmSync(p, { recursive: true, force: true });
    profiles = [];
  });

  afterEach(async () => {
    for (const p of pages) if (!p.isClosed()) await p.close();
    pages = [];
    page = undefined;
    expect(problems).toEqual([]);
  });
}

export interface OpenOptions {
  /** Open as a 390×844 touch phone instead of a 1280×800 desktop. */
  readonly phone?: boolean;
}

/** A new page at `url` (default: the app), with its problems collected. */
export async function open(url = base, options: OpenOptions = {}): Promise<Page> {
  if (pages.length === 0) problems = [];
  const p = await (options.phone === true ? phone : desktop).newPage();
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
  pages.push(p);
  page = p;
  return p;
}

/** The app's URL on the test server (with a hash, for share links). */
export const appUrl = (hash = ""): string => base + hash;

/** Saves a screenshot of the last opened page (or `p`) as test-output/playground-NAME.png. */
export const shot = (name: string, p: Page | undefined = page): Promise<Buffer> => {
  if (p === undefined) throw new Error("shot() before open()");
  return p.screenshot({ path: join(OUT, `playground-${name}.png`) });
};

export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * Runs axe-core (injected from the npm package, no network) on the page as it is now and returns its
 * serious and critical violations, each with the selectors of the offending elements.
 */
export async function axeViolations(p: Page): Promise<AxeViolation[]> {
  await p.addScriptTag({ path: AXE });
  return p.evaluate(async () => {
    interface AxeResult {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<AxeResult> } }).axe;
    const r = await axe.run(document);
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" ")) }));
  });
}

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
