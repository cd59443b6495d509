/**
 * One measurement each: the 4,000-term sum opened as a share link, and pasted into a started page, at
 * desktop (1280×800) or phone size (390×844, touch) — each in a fresh browser context (no cache, as a
 * first visit). Times come from the watcher of src/page-watch.ts (installed before the page's scripts)
 * and the page's own records (body data-analyze-ms, data-layout-ms), in ms since navigation.
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { checksDone, longest, readWatch, startupTasks, sumOf, tasksAfterStart, waitForChecks, watchPage, workerTimes } from "../src/page-watch.ts";
import { encodeShare } from "../src/share-link.ts";

export const TERMS = 4000;
const SUM = sumOf(TERMS);

export type Size = "desktop" | "phone";
export const SIZES: readonly Size[] = ["desktop", "phone"];

const CONTEXTS: Record<Size, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

/** What one share-link load measured (ms). */
export interface ShareRun {
  readonly editorShown: number;
  readonly firstFrame: number;
  readonly grouped: number;
  readonly analysis: number;
  readonly layout: number;
  /** The longest long task before the first frame (the page's start-up; 0 when none was over 50 ms). */
  readonly startupTask: number;
  /** The longest long task after the first frame (0 when none was over 50 ms). */
  readonly longestAfterStart: number;
}

/** What one paste measured (ms; `drawn` after the paste). */
export interface PasteRun {
  readonly drawn: number;
  readonly analysis: number;
  readonly layout: number;
  readonly longestAfterPaste: number;
}

const GROUP = "#forward-graph .box.kind-group";

/** Runs `f` on a fresh page of a fresh context of `size`, with the watcher installed; closes both. */
async function onPage<T>(browser: Browser, size: Size, f: (p: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext(CONTEXTS[size]);
  context.setDefaultTimeout(120_000);
  try {
    const p = await context.newPage();
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(e.message));
    // tsx (esbuild's keepNames) wraps functions in `__name(...)`, also inside the watcher's source text
    // that playwright sends to the page: the page gets a stand-in that keeps the function as it is.
    await p.addInitScript({ content: "globalThis.__name ??= (f) => f;" });
    await p.addInitScript(watchPage);
    const result = await f(p);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
    return result;
  } finally {
    await context.close();
  }
}

export function shareLink(browser: Browser, base: string, size: Size): Promise<ShareRun> {
  return onPage(browser, size, async (p) => {
    await p.goto(`${base}?bench${encodeShare({ source: SUM, example: "matvec", settings: {} })}`);
    await p.locator(GROUP).first().waitFor({ state: "attached" });
    await waitForChecks(p, 0);
    const w = await readWatch(p);
    const t = await workerTimes(p);
    return {
      editorShown: w.editorAt,
      firstFrame: w.paintedAt,
      grouped: w.groupAt,
      analysis: t.analyzeMs,
      layout: t.layoutMs,
      startupTask: longest(startupTasks(w)),
      longestAfterStart: longest(tasksAfterStart(w)),
    };
  });
}

export function paste(browser: Browser, base: string, size: Size): Promise<PasteRun> {
  return onPage(browser, size, async (p) => {
    await p.goto(`${base}?paste`);
    await p.locator(".cm-content").waitFor();
    await waitForChecks(p, 0);
    // Settled: the start-up's own work (the first check's refresh) is over before the paste.
    await p.waitForTimeout(500);
    await p.locator(".cm-content").click();
    await p.keyboard.press("ControlOrMeta+a");
    const before = await checksDone(p);
    const pasteAt = await p.evaluate(() => performance.now());
    await p.keyboard.insertText(SUM);
    await p.locator(GROUP).first().waitFor({ state: "attached" });
    await waitForChecks(p, before);
    const w = await readWatch(p);
    const t = await workerTimes(p);
    return {
      drawn: w.groupAt - pasteAt,
      analysis: t.analyzeMs,
      layout: t.layoutMs,
      longestAfterPaste: longest(tasksAfterStart(w).filter((x) => x.start >= pasteAt)),
    };
  });
}
