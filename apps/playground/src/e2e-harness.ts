/**
 * The harness of the end-to-end suites: builds the app with vite's build() once per vitest run (the
 * first e2e file builds, the others reuse it: e2e-global-setup.ts), serves dist/ with preview() on
 * 127.0.0.1 (port 0) and opens pages in Debian's Chromium through playwright-core, at desktop size
 * (1280×800) or as a phone (390×844, touch). One browser per file, started with the file's first page;
 * each size's context is created on first use. Each test fails on any page error, console error or
 * request outside the page's origin, also on a page it shares with other tests (sharedPage).
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium-launch.ts";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { distOf } from "./e2e-global-setup.ts";

const APP = resolve(import.meta.dirname, "..");
const OUT = join(APP, "test-output");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/**
 * The timeout of a test that trains nothing (vitest.config.ts's 2 minutes are for those that do): such
 * tests took ≤ 10 s each at load 22 on the 2-core machine (≤ 25 s at load 39), so a wait that never
 * ends fails in 90 s instead of the 5 minutes it used to hold the run.
 */
export const UI_TIMEOUT = 90_000;

/** The two sizes every view is checked at. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

let server: PreviewServer | undefined;
let browser: Browser | undefined;
const contexts = new Map<boolean, BrowserContext>();
let base: string;
/** The pages the running test opened (closed after it); shared pages are not among them. */
let pages: Page[] = [];
let page: Page | undefined;
let problems: string[] = [];
const warnings = new WeakMap<Page, string[]>();

/** This run's build folder, built unless an earlier e2e file of the run already did. */
async function buildOnce(): Promise<string> {
  const dist = distOf(inject("e2eRun"));
  if (existsSync(join(dist, "index.html"))) return dist;
  mkdirSync(OUT, { recursive: true });
  await build({ root: APP, logLevel: "warn", build: { outDir: dist, emptyOutDir: true } });
  return dist;
}

/** The context of one size, in the file's one browser (both started on first use). */
async function contextFor(phone: boolean): Promise<BrowserContext> {
  const known = contexts.get(phone);
  if (known !== undefined) return known;
  browser ??= await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
  const c = await browser.newContext({ viewport: phone ? PHONE : DESKTOP, ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  // No wait has a clock of its own: how long the page takes to train depends on the machine's load,
  // so every wait lasts until its condition holds and each test is bounded by its timeout alone.
  c.setDefaultTimeout(0);
  c.setDefaultNavigationTimeout(0);
  contexts.set(phone, c);
  return c;
}

/** Problems found so far in this test, emptied. */
function takeProblems(): string[] {
  const found = problems;
  problems = [];
  return found;
}

/** Registers the suite's hooks: one server and browser per file; each test's own pages closed and every page checked. */
export function usePlayground(): void {
  beforeAll(async () => {
    const dist = await buildOnce();
    server = await preview({ root: APP, logLevel: "warn", build: { outDir: dist }, preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false } });
    const addr = server.httpServer.address();
    if (addr === null || typeof addr === "string") throw new Error("preview server has no port");
    base = `http://127.0.0.1:${addr.port}/`;
    problems = [];
  });

  afterAll(async () => {
    for (const c of contexts.values()) await c.close();
    contexts.clear();
    await browser?.close();
    browser = undefined;
    await server?.close();
  });

  afterEach(async () => {
    for (const p of pages) if (!p.isClosed()) await p.close();
    pages = [];
    page = undefined;
    expect(takeProblems()).toEqual([]);
  });
}

export interface OpenOptions {
  /** Open as a 390×844 touch phone instead of a 1280×800 desktop. */
  readonly phone?: boolean;
  /** Runs in the page before any of its own scripts (playwright's addInitScript), from the first load on. */
  readonly init?: () => void;
}

/** A page at `url` with its problems and console warnings collected from its first script on. */
async function load(url: string, options: OpenOptions): Promise<Page> {
  const p = await (await contextFor(options.phone === true)).newPage();
  const mine: string[] = [];
  warnings.set(p, mine);
  p.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  p.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
    if (m.type() === "warning") mine.push(m.text());
  });
  // Nothing but the page's own origin may be contacted.
  p.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) problems.push(`request: ${r.url()}`);
  });
  if (options.init !== undefined) await p.addInitScript(options.init);
  await p.goto(url);
  await p.locator(".cm-content").waitFor();
  page = p;
  return p;
}

/** A new page at `url` (default: the app), with its problems collected; closed when the test ends. */
export async function open(url = base, options: OpenOptions = {}): Promise<Page> {
  const p = await load(url, options);
  pages.push(p);
  return p;
}

/**
 * One page of the app for all tests of the enclosing describe (or file): opened before the first,
 * closed after the last, its problems checked after each test like a test's own page. A test leaves
 * it in whatever state it ends in; the next one starts from `pick()` (which loads an example's text
 * and settings again) or checks only what that state cannot change. Returns a getter (which also
 * makes it the page `shot()` photographs by default).
 */
export function sharedPage(options: OpenOptions = {}): () => Page {
  let shared: Page | undefined;
  beforeAll(async () => {
    shared = await load(base, options);
  });
  afterAll(async () => {
    if (shared !== undefined && !shared.isClosed()) await shared.close();
    shared = undefined;
  });
  return () => {
    if (shared === undefined) throw new Error("sharedPage() used outside its describe");
    page = shared;
    return shared;
  };
}

/** The console warnings page `p` has logged since it was opened. */
export const warningsOf = (p: Page): readonly string[] => warnings.get(p) ?? [];

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
 * Runs axe-core (injected from the npm package, no network; once per page) on the page as it is now,
 * or only on the elements inside `within` (a selector), and returns its serious and critical
 * violations, each with the selectors of the offending elements. Only violations are collected (axe's
 * `resultTypes`: the passes are not written out, which is most of axe's time on a large page).
 */
export async function axeViolations(p: Page, within?: string): Promise<AxeViolation[]> {
  if (!(await p.evaluate(() => "axe" in window))) await p.addScriptTag({ path: AXE });
  return p.evaluate(async (selector) => {
    interface AxeResult {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    type Run = (ctx: Document | Element, options: { resultTypes: string[] }) => Promise<AxeResult>;
    const axe = (window as unknown as { axe: { run: Run } }).axe;
    const context = selector === null ? document : document.querySelector(selector);
    if (context === null) throw new Error(`axe: nothing matches ${selector ?? ""}`);
    const r = await axe.run(context, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" ")) }));
  }, within ?? null);
}

/** Waits until the page has finished more checks than `before` (body[data-checks]). */
export async function checkedAfter(p: Page, before: number): Promise<void> {
  await p.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, before);
}

/** The number of checks the page has finished. */
export const checks = async (p: Page): Promise<number> => Number(await p.getAttribute("body", "data-checks"));

/** Loads example `example` into the editor (also the one already loaded: its text and settings again) and waits for its check. */
export async function pick(p: Page, example: string): Promise<void> {
  const before = await checks(p);
  await p.selectOption("[data-testid=example]", example);
  await checkedAfter(p, before);
}

/** Types `text` at the cursor and waits until the page has re-checked the program. */
export async function typeAndCheck(p: Page, text: string): Promise<void> {
  const before = await checks(p);
  await p.keyboard.type(text);
  await checkedAfter(p, before);
}

/** Puts the cursor at the end of editor line `n` (1-based). */
export async function endOfLine(p: Page, n: number): Promise<void> {
  await p.locator(".cm-line").nth(n - 1).click();
  await p.keyboard.press("End");
}

/**
 * Waits until the train stats report at least `n` steps (polled every `pollMs`, default each animation
 * frame). Fails at once, with the page's train message, when training has stopped short of `n`: the
 * message is marked `data-failed` (an error, or a compile overtaken by an edit — no wait would outlast
 * either; "ready: press Start" is not one: it shows while a Step runs).
 */
export async function stepsAtLeast(p: Page, n: number, pollMs?: number): Promise<void> {
  const settled = await p.waitForFunction(
    (goal) => {
      const step = Number(document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"]);
      if (step >= goal) return "reached";
      const message = document.querySelector("[data-testid=train-message]");
      const stuck = message instanceof HTMLElement && message.dataset["failed"] === "true";
      return stuck ? `training stopped at step ${Number.isNaN(step) ? "none" : String(step)} of ${String(goal)}: "${message.textContent}"` : false;
    },
    n,
    pollMs === undefined ? {} : { polling: pollMs },
  );
  const outcome = await settled.jsonValue();
  if (outcome !== "reached") throw new Error(String(outcome));
}

/**
 * Waits until the Train tab's message matches `re` and returns it. Fails at once, with the message,
 * when the page marks it `data-failed` without matching (a run that could not start never reaches
 * the message waited for).
 */
export async function trainMessage(p: Page, re: RegExp): Promise<string> {
  const settled = await p.waitForFunction((source) => {
    const m = document.querySelector<HTMLElement>("[data-testid=train-message]");
    const text = m?.textContent ?? "";
    if (new RegExp(source).test(text)) return { matched: true, text };
    return m?.dataset["failed"] === "true" ? { matched: false, text } : false;
  }, re.source);
  const outcome = (await settled.jsonValue()) as { matched: boolean; text: string };
  if (!outcome.matched) throw new Error(`training stopped before the message matched ${String(re)}: "${outcome.text}"`);
  return outcome.text;
}

/** Waits until the test accuracy shown exceeds `x`; fails at once with the train message when training has failed. */
export async function testAccuracyAbove(p: Page, x: number, pollMs?: number): Promise<void> {
  const settled = await p.waitForFunction(
    (goal) => {
      if (Number(document.querySelector("[data-testid=test-accuracy]")?.getAttribute("data-value")) > goal) return "reached";
      const m = document.querySelector<HTMLElement>("[data-testid=train-message]");
      return m?.dataset["failed"] === "true" ? `training stopped before test accuracy ${String(goal)}: "${m.textContent}"` : false;
    },
    x,
    pollMs === undefined ? {} : { polling: pollMs },
  );
  const outcome = await settled.jsonValue();
  if (outcome !== "reached") throw new Error(String(outcome));
}

/** Waits until the train stats report exactly step `n`. */
export async function stepIs(p: Page, n: number): Promise<void> {
  await p.waitForFunction((goal) => document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"] === String(goal), n);
}

/** The train loss the stats line shows. */
export async function lossOf(p: Page): Promise<number> {
  const text = (await p.textContent("[data-testid=train-stats]")) ?? "";
  const m = /train loss ([\d.e+-]+)/.exec(text);
  return m === null ? NaN : Number(m[1]);
}

/**
 * Pauses a running training run in one page task (no race with the run finishing meanwhile); a run that
 * has finished (Start disabled, so a click would wait forever) or is paused is left as it is.
 */
export async function pauseIfRunning(p: Page): Promise<void> {
  await p.evaluate(() => {
    const run = document.querySelector<HTMLButtonElement>("[data-testid=train-run]");
    if (run !== null && !run.disabled && run.textContent === "Pause") run.click();
  });
}
