/**
 * The watcher of the page's responsiveness, shared by the e2e suite (e2e-worker.test.ts) and the
 * benchmark (bench/responsiveness.ts): an init script (playwright's addInitScript, run before the
 * page's own scripts) that records every long task (PerformanceObserver 'longtask': tasks over 50 ms),
 * every status text, when the editor appeared, when its first frame was drawn and when the first
 * grouped box was drawn; and readers of what it and the page's User Timing (`nnc:*`) recorded.
 * All times are ms since navigation (performance.now() of the page).
 */
import type { Page } from "playwright-core";

export interface LongTask {
  readonly start: number;
  readonly duration: number;
}

export interface Watch {
  /** Long tasks, all of them, in order. */
  readonly longTasks: LongTask[];
  /** Every text the status line showed, in order. */
  readonly statuses: string[];
  /** When the editor appeared (-1: not yet). */
  editorAt: number;
  /** When the first frame with the editor had been drawn: the end of start-up (-1: not yet). */
  paintedAt: number;
  /** When the first grouped box appeared in the forward graph (-1: not yet). */
  groupAt: number;
}

/**
 * The init script. Playwright sends its source text to the page, so it refers to nothing outside
 * itself (the Watch type only).
 */
export function watchPage(): void {
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
export async function readWatch(p: Page): Promise<Watch> {
  await p.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  return p.evaluate(() => (window as unknown as { __watch: Watch }).__watch);
}

/**
 * Long tasks that started once the page had started: its scripts run and its first frame with the
 * editor drawn (laying out a 16,000-character line is part of that frame).
 */
export const tasksAfterStart = (w: Watch): LongTask[] => w.longTasks.filter((t) => w.paintedAt >= 0 && t.start >= w.paintedAt);

/** Long tasks that started before the first frame with the editor was drawn: the page's start-up. */
export const startupTasks = (w: Watch): LongTask[] => w.longTasks.filter((t) => w.paintedAt < 0 || t.start < w.paintedAt);

/** The longest of `tasks` in ms (0 for none). */
export const longest = (tasks: readonly LongTask[]): number => tasks.reduce((m, t) => Math.max(m, t.duration), 0);

/** The page's own User Timing measures (main.ts, analysis-client.ts) as `name@start:duration`. */
export const measures = (p: Page): Promise<string[]> =>
  p.evaluate(() => performance.getEntriesByType("measure").filter((m) => m.name.startsWith("nnc:")).map((m) => `${m.name}@${Math.round(m.startTime)}:${Math.round(m.duration)}`));

/**
 * The page's own main-thread work on the Worker's answers after `since` ms, each a User Timing measure:
 * nnc:receive (reading the message: Chromium deserializes the structured clone then) and nnc:refresh
 * (diagnostics, status, graphs, training panel).
 */
export const pageWork = (p: Page, since: number): Promise<{ name: string; ms: number }[]> =>
  p.evaluate(
    (t) =>
      performance
        .getEntriesByType("measure")
        .filter((m) => m.startTime >= t && ["nnc:receive", "nnc:refresh"].includes(m.name))
        .map((m) => ({ name: m.name, ms: Math.round(m.duration) })),
    since,
  );

/** The analysis Worker's times for the last answer (main.ts: body data-analyze-ms, data-layout-ms). */
export async function workerTimes(p: Page): Promise<{ analyzeMs: number; layoutMs: number }> {
  return {
    analyzeMs: Number(await p.getAttribute("body", "data-analyze-ms")),
    layoutMs: Number(await p.getAttribute("body", "data-layout-ms")),
  };
}

/** The number of checks the page has finished (body data-checks). */
export const checksDone = async (p: Page): Promise<number> => Number(await p.getAttribute("body", "data-checks"));

/** Waits until the page has finished more than `over` checks. */
export async function waitForChecks(p: Page, over: number): Promise<void> {
  await p.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, over);
}

/** A one-line `.nn` program: model Sum whose output is the sum of `n` copies of its input. */
export const sumOf = (n: number): string => `model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = ${Array.from({ length: n }, () => "a").join(" + ")}\n}\n`;
