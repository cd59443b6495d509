/**
 * End-to-end (e2e-harness.ts): analysis and layout run in the analysis Worker, bounded, and the analysis
 * stays there (the page gets the diagnostics, the bounded drawings and small summaries). A 4,000-term
 * sum (which froze the page for 93 s when it was analysed and laid out on the main thread) is pasted and
 * opened as a share link at desktop and phone size: its graphs are drawn grouped, and once the page has
 * started there is no long task (PerformanceObserver 'longtask', > 50 ms, installed before the page's
 * scripts run) of 100 ms or more; where the page's time went (User Timing `nnc:*`) is printed. An
 * internal compiler error is shown as an error, never beside a green ✓, with the old graphs dimmed.
 */
import { availableParallelism, loadavg } from "node:os";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUrl, open, pick, shot, usePlayground } from "./e2e-harness.ts";
import { encodeShare } from "./share.ts";

usePlayground();

const sumOf = (n: number): string => `model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = ${Array.from({ length: n }, () => "a").join(" + ")}\n}\n`;
const SUM = sumOf(4000);

interface Watch {
  /** Long tasks (start and duration, ms since navigation), all of them. */
  readonly longTasks: { start: number; duration: number }[];
  /** Every text the status line showed, in order. */
  readonly statuses: string[];
  /** When the editor appeared (ms since navigation). */
  editorAt: number;
  /** When the first frame with the editor had been drawn: the end of start-up (ms since navigation). */
  paintedAt: number;
  /** When the first grouped box appeared in the forward graph. */
  groupAt: number;
}

/** Installed before the page's own scripts (addInitScript): records long tasks, status texts, and when things appeared. */
function watchPage(): void {
  const w: Watch = { longTasks: [], statuses: [], editorAt: -1, paintedAt: -1, groupAt: -1 };
  (window as unknown as { __watch: Watch }).__watch = w;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
  }).observe({ type: "longtask", buffered: true });
  const seen = (): void => {
    if (w.editorAt < 0 && document.querySelector(".cm-content") !== null) {
      w.editorAt = performance.now();
      // A task queued from the next frame's callback runs once that frame (style, layout, paint) is done.
      requestAnimationFrame(() => {
        setTimeout(() => {
          w.paintedAt = performance.now();
        }, 0);
      });
    }
    if (w.groupAt < 0 && document.querySelector("#forward-graph .box.kind-group") !== null) w.groupAt = performance.now();
    const s = document.getElementById("status")?.textContent ?? "";
    if (s !== w.statuses[w.statuses.length - 1]) w.statuses.push(s);
  };
  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, characterData: true });
    seen();
  });
}

/** The watcher's record, read after the next frame (by then the observer has been told of every long task before it). */
const watch = async (p: Page): Promise<Watch> => {
  await p.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  return p.evaluate(() => (window as unknown as { __watch: Watch }).__watch);
};

/** A page (desktop or phone) at `url` with the watcher installed before the app's scripts run. */
async function watchedPage(url: string, phone: boolean): Promise<Page> {
  // The watcher is installed before the first navigation, so it runs before the page's own scripts.
  const p = await open(url, { phone, init: watchPage });
  await p.locator(".cm-content").waitFor();
  return p;
}

/**
 * Long tasks that started once the page had started: its scripts run and its first frame with the
 * editor drawn (laying out a 16,000-character line is part of that frame). The start-up is issue 16's.
 */
const tasksAfterStart = (w: Watch): Watch["longTasks"] => w.longTasks.filter((t) => w.paintedAt >= 0 && t.start >= w.paintedAt);

/** The page's own User Timing measures (main.ts, analysis-client.ts): name, start and duration in ms. */
const measures = (p: Page): Promise<string[]> =>
  p.evaluate(() => performance.getEntriesByType("measure").filter((m) => m.name.startsWith("nnc:")).map((m) => `${m.name}@${Math.round(m.startTime)}:${Math.round(m.duration)}`));

/** Durations of the page's refreshes (main.ts: everything it does with one answer) that started after `since` ms. */
/** The Worker's times for the last answer (main.ts: data-analyze-ms, data-layout-ms). */
const workerTimes = async (p: Page): Promise<string> => `worker: analysis ${await p.getAttribute("body", "data-analyze-ms")} ms, grouping + layout ${await p.getAttribute("body", "data-layout-ms")} ms`;

/**
 * A bound for "within 2 s" on a machine shared by several suites: 2 s times the load per core (the
 * 1-minute load average over the cores, at least 1), times 2 for the page's own start-up under load.
 */
const loadGuard = (): number => 2 * Math.max(1, loadavg()[0]! / availableParallelism());

/**
 * The longest task allowed once the page has started: 100 ms. A long task is a long task, whatever
 * the machine: the bound is scaled only when the machine is overloaded (1-minute load average above 2
 * per core, when Chromium's main thread waits for a core as long as it runs), by that load per core.
 */
const longTaskLimit = (): number => {
  const perCore = loadavg()[0]! / availableParallelism();
  return 100 * (perCore > 2 ? perCore : 1);
};

/**
 * The page's own main-thread work on the Worker's answers after `since` ms, each a User Timing measure:
 * nnc:receive (reading the message: Chromium deserializes the structured clone then) and nnc:refresh
 * (diagnostics, status, graphs, training panel).
 */
const pageWork = (p: Page, since: number): Promise<{ name: string; ms: number }[]> =>
  p.evaluate(
    (t) =>
      performance
        .getEntriesByType("measure")
        .filter((m) => m.startTime >= t && ["nnc:receive", "nnc:refresh"].includes(m.name))
        .map((m) => ({ name: m.name, ms: Math.round(m.duration) })),
    since,
  );

/**
 * "The page responsive throughout": no long task of 100 ms or more once the page has started (its own
 * start-up is issue 16's), and one refresh for the answer. The receive is printed with the rest.
 */
async function expectResponsive(p: Page, w: Watch, since: number): Promise<void> {
  const work = await pageWork(p, since);
  const limit = longTaskLimit();
  console.log(`[worker e2e] page work after ${since} ms (long-task limit ${Math.round(limit)} ms): ${JSON.stringify(work)}`);
  expect(work.filter((m) => m.name === "nnc:refresh")).toHaveLength(1);
  const late = tasksAfterStart(w).filter((t) => t.start >= since);
  expect(late.filter((t) => t.duration >= limit), "long tasks after start-up").toEqual([]);
}

async function checks(p: Page): Promise<number> {
  return Number(await p.getAttribute("body", "data-checks"));
}

async function waitForChecks(p: Page, over: number): Promise<void> {
  await p.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, over);
}

const SIZES = [
  ["desktop", false],
  ["phone", true],
] as const;

describe("analysis in a Worker, bounded", () => {
  it.each(SIZES)("%s: a pasted 4,000-term sum is checked off the page and drawn grouped, with the page's own work on it short", async (size, phone) => {
    const p = await watchedPage(appUrl("?paste"), phone);
    await waitForChecks(p, 0);
    await p.locator(".cm-content").click();
    await p.keyboard.press("ControlOrMeta+a");
    const before = await checks(p);
    const t0 = Date.now();
    const pasteAt = await p.evaluate(() => Math.round(performance.now()));
    await p.keyboard.insertText(SUM);
    // While the Worker checks, the status says so (never the previous program's ✓).
    await p.waitForFunction(() => document.getElementById("status")?.textContent === "checking…");
    await p.locator("[data-testid=forward-graph] .box.kind-group").first().waitFor({ state: "attached" });
    const ms = Date.now() - t0;
    await waitForChecks(p, before);
    expect(await p.textContent("[data-testid=status]")).toBe("✓ Sum checks");
    const titles = await p.locator("[data-testid=forward-graph] .box text.title").allTextContents();
    expect(titles).toEqual(expect.arrayContaining(["a", "add × 3,998", "y"]));
    expect(await p.locator("[data-testid=forward-graph] .box").count()).toBe(3);
    expect(await p.locator("[data-testid=backward-graph] .box").count()).toBeLessThanOrEqual(300);
    const w = await watch(p);
    const late = tasksAfterStart(w);
    console.log(`[worker e2e] ${size}: ${await workerTimes(p)}; load guard ×${loadGuard().toFixed(1)}; page measures ${JSON.stringify(await measures(p))}`);
    console.log(`[worker e2e] ${size}: pasted 4,000-term sum drawn ${ms} ms after the paste (at ${pasteAt} ms) (250 ms of it the edit debounce); long tasks after start-up: ${JSON.stringify(late)}; during start-up: ${JSON.stringify(w.longTasks.filter((t) => t.start < w.paintedAt))}`);
    await expectResponsive(p, w, pasteAt);
    await shot(`worker-sum-${size}`);
  });

  it.each(SIZES)("%s: a share link to the 4,000-term sum renders grouped within 2 s, with the page's own work on it short", async (size, phone) => {
    const p = await watchedPage(appUrl(`?share${encodeShare({ source: SUM, example: "matvec", settings: {} })}`), phone);
    await p.locator("[data-testid=forward-graph] .box.kind-group").first().waitFor({ state: "attached" });
    await waitForChecks(p, 0);
    expect(await p.textContent("[data-testid=status]")).toBe("✓ Sum checks");
    const w = await watch(p);
    const late = tasksAfterStart(w);
    console.log(`[worker e2e] ${size}: ${await workerTimes(p)}; load guard ×${loadGuard().toFixed(1)}; page measures ${JSON.stringify(await measures(p))}`);
    console.log(
      `[worker e2e] ${size}: share link: editor at ${Math.round(w.editorAt)} ms, first frame drawn at ${Math.round(w.paintedAt)} ms, grouped graphs at ${Math.round(w.groupAt)} ms after navigation; long tasks after start-up: ${JSON.stringify(late)}; during start-up: ${JSON.stringify(w.longTasks.filter((t) => t.start < w.paintedAt))}`,
    );
    await expectResponsive(p, w, 0);
    // 2 s from navigation, with the load guard.
    expect(w.groupAt).toBeLessThan(2000 * loadGuard());
    await shot(`worker-share-${size}`);
  });

  it("a newer edit wins over a long check still running: the Worker on it is terminated", async () => {
    const p = await open();
    await pick(p, "matvec");
    // Counted from here: picking the example may itself have restarted the Worker of the page's first check.
    const started = Number(await p.getAttribute("body", "data-analysis-workers"));
    const restarts = Number(await p.getAttribute("body", "data-analysis-restarts"));
    await p.locator(".cm-content").click();
    await p.keyboard.press("ControlOrMeta+a");
    await p.keyboard.insertText(SUM);
    // Replaced (after the 250 ms debounce, while the Worker is on the sum) by a small program.
    await p.waitForTimeout(400);
    await p.keyboard.press("ControlOrMeta+a");
    await p.keyboard.insertText("model Two(a: f32[2]) -> (b: f32[2]) {\n  b = a + a\n}\n");
    await p.waitForFunction(() => document.getElementById("status")?.textContent === "✓ Two checks");
    await p.locator("[data-testid=forward-graph] .box[data-key='f:b']").waitFor({ state: "attached" });
    // The sum's check was still running when the small program waited: its Worker was terminated and a fresh one answered.
    expect(Number(await p.getAttribute("body", "data-analysis-restarts"))).toBe(restarts + 1);
    expect(Number(await p.getAttribute("body", "data-analysis-workers"))).toBe(started + 1);
    // The sum's answer, had it come, would have left the status on Sum.
    await p.waitForTimeout(1500);
    expect(await p.textContent("[data-testid=status]")).toBe("✓ Two checks");
    expect(await p.locator("[data-testid=forward-graph] .box.kind-group").count()).toBe(0);
  });

  it.each(SIZES)("%s: an internal compiler error shows as an error (never ✓), old graphs dimmed", async (size, phone) => {
    // The built analysis Worker, with a stand-in compiler bug: a program containing `#ice` is answered as
    // analyze() answers a compiler crash; one containing `#crash` throws inside the Worker.
    await open(appUrl(), { phone }).then(async (first) => {
      await first.route("**/analysis-worker*.js", async (route) => {
        const real = await route.fetch();
        const body = `${await real.text()}
;{ const real = globalThis.onmessage;
   globalThis.onmessage = (e) => {
     const m = e.data;
     if (m.type === "analyze" && m.text.includes("#crash")) throw new RangeError("Maximum call stack size exceeded");
     if (m.type === "analyze" && m.text.includes("#ice")) { postMessage({ type: "analyzed", id: m.id, analysis: { answer: m.id, fileName: m.fileName, text: m.text, diagnostics: [], ok: true, differentiated: false, failure: "internal compiler error: Maximum call stack size exceeded" }, drawings: null, analyzeMs: 0, layoutMs: 0 }); return; }
     real(e);
   }; }`;
        await route.fulfill({ response: real, body });
      });
      await first.goto(appUrl("?ice"));
      await first.locator(".cm-content").waitFor();
      await waitForChecks(first, 0);
      await first.locator("[data-testid=forward-graph] .box[data-key='f:b']").waitFor({ state: "attached" });
      expect(await first.textContent("[data-testid=status]")).toBe("✓ MatVec checks");
      for (const marker of ["#ice", "#crash"]) {
        const before = await checks(first);
        await first.locator(".cm-content").click();
        await first.keyboard.press("ControlOrMeta+End");
        await first.keyboard.insertText(`\n${marker}\n`);
        await waitForChecks(first, before);
        const status = first.locator("[data-testid=status]");
        expect(await status.textContent()).toBe("internal compiler error");
        expect(await status.getAttribute("class")).toContain("bad");
        expect(await first.textContent("[data-testid=diagnostics]")).toMatch(/internal compiler error: (RangeError: )?Maximum call stack size exceeded/);
        expect(await first.getAttribute("[data-testid=tab-graphs]", "class")).toContain("stale");
        // The old graphs are still there (dimmed), and never shown beside a ✓ while the error stands.
        expect(await first.locator("[data-testid=forward-graph] .box[data-key='f:b']").count()).toBe(1);
        await first.waitForTimeout(300);
        expect(await status.textContent()).toBe("internal compiler error");
        await shot(`worker-ice-${size}`, first);
        // Removing the marker: the next check (a fresh Worker after a crash) is green again.
        const again = await checks(first);
        for (let i = 0; i < marker.length + 1; i++) await first.keyboard.press("Backspace");
        await waitForChecks(first, again);
        await first.waitForFunction(() => document.getElementById("status")?.textContent === "✓ MatVec checks");
        expect(await first.getAttribute("[data-testid=tab-graphs]", "class")).not.toContain("stale");
      }
    });
  });

  it("a group small enough is expanded in the Worker: a 200-term sum's `add × 198` becomes 198 boxes", async () => {
    const p = await open();
    await pick(p, "matvec");
    await p.locator(".cm-content").click();
    await p.keyboard.press("ControlOrMeta+a");
    const before = await checks(p);
    await p.keyboard.insertText(sumOf(200));
    await waitForChecks(p, before);
    const group = p.locator("[data-testid=forward-graph] .box.kind-group");
    await group.waitFor({ state: "attached" });
    expect(await group.locator("text.title").textContent()).toBe("add × 198");
    const clicked = await checks(p);
    await group.click();
    await waitForChecks(p, clicked);
    expect(await p.locator("[data-testid=forward-graph] .box").count()).toBe(200);
    expect(await p.locator("[data-testid=forward-graph] .box.kind-group").count()).toBe(0);
  });
});
