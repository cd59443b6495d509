/**
 * End-to-end: watching it learn (e2e-harness.ts), at desktop and phone size. The speed control sets
 * the steps per report, steps/s and the epoch counter advance, the chart draws a point per step with
 * accuracy on its own 0–100 % axis, a finished run stays finished until Reset, a comment typed while
 * training keeps the run (a real change does not), and the 2-D network's unit heatmaps and weight
 * lines are drawn.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { endOfLine, open, pick, PHONE, sharedPage, shot, stepIs, stepsAtLeast, trainMessage, typeAndCheck, usePlayground } from "./e2e-harness.ts";

usePlayground();

const stat = (p: Page, testid: string, key = "value"): Promise<number> => p.$eval(`[data-testid=${testid}]`, (e, k) => Number((e as HTMLElement).dataset[k]), key);
const step = (p: Page): Promise<number> => stat(p, "train-stats", "step");

async function openTrain(p: Page, phone: boolean): Promise<void> {
  const tab = p.locator(".tabs [data-tab=train]");
  if (phone) await tab.tap();
  else await tab.click();
  await p.locator("#tab-train:not(.hidden)").waitFor();
}

/**
 * Loads `example` into the shared desktop page and its Train tab, with a fresh model: Reset answers with
 * the step-0 report, so no count, chart or message of the test before is read as this one's.
 */
async function fresh(p: Page, example: string): Promise<void> {
  await pick(p, example);
  await openTrain(p, false);
  await p.click("[data-testid=train-reset]");
  await stepIs(p, 0);
}

/** Waits until the stats show at least `n` steps. */
async function reach(p: Page, n: number): Promise<void> {
  await stepsAtLeast(p, n, 50);
}

/** Pauses a run that has not finished meanwhile (a finished run's Start is disabled: clicking it would wait forever). */
async function pause(p: Page): Promise<void> {
  await p.evaluate(() => {
    const run = document.querySelector<HTMLButtonElement>("[data-testid=train-run]");
    if (run?.textContent === "Pause") run.click();
  });
  await p.waitForFunction(() => document.querySelector("[data-testid=train-run]")?.textContent === "Start");
}

/** Blue-ish and orange-ish pixels of a canvas (the positive and negative colours). */
async function colours(p: Page, selector: string): Promise<{ blue: number; orange: number }> {
  return p.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const d = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let blue = 0;
    let orange = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 2]! > d[i]! + 40) blue++;
      if (d[i]! > d[i + 2]! + 40) orange++;
    }
    return { blue, orange };
  });
}

describe("watch it learn", () => {
  const desktop = sharedPage();

  it("desktop: speed, steps/s, epochs, a point per step, accuracy on its own axis, units and weights", async () => {
    const p = desktop();
    await fresh(p, "spirals");
    await p.selectOption("[data-testid=train-speed]", "5");
    await p.click("[data-testid=train-run]");
    // At 5 steps per frame every report while running carries 5 steps.
    await reach(p, 40);
    expect(await stat(p, "train-stats", "reportSteps")).toBe(5);
    // Chromium compiles relaxed SIMD: the class's matmuls take its fused multiply-add, and the page says so.
    expect(await p.getAttribute("[data-testid=train-kernels]", "data-relaxed")).toBe("true");
    expect(await p.textContent("[data-testid=train-kernels]")).toBe("matrix products: relaxed SIMD (fused multiply-add)");
    const slow = await stat(p, "train-rate");
    expect(slow).toBeGreaterThan(0);
    // A frame is 1/60 s: 5 steps per frame cannot exceed 300 steps/s (plus timer jitter).
    expect(slow).toBeLessThanOrEqual(330);
    await p.selectOption("[data-testid=train-speed]", "1");
    const at = await step(p);
    await reach(p, at + 20);
    expect(await stat(p, "train-stats", "reportSteps")).toBe(1);
    await p.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-testid=train-rate]")?.dataset["value"]) <= 66, null, { polling: 100 });
    await p.selectOption("[data-testid=train-speed]", "0");
    // The spirals have 25 steps per epoch: the counter passes 4 epochs.
    await p.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-testid=train-epoch]")?.dataset["value"]) >= 4, null, { polling: 100 });
    // steps/s is measured over the last second, which may still hold the 1-step-per-frame part: wait for it to climb.
    await p.waitForFunction((before) => Number(document.querySelector<HTMLElement>("[data-testid=train-rate]")?.dataset["value"]) > before, slow, { polling: 100, timeout: 20_000 });
    expect(await stat(p, "train-rate")).toBeGreaterThan(slow);
    await pause(p);
    const n = await step(p);
    expect(n).toBeGreaterThanOrEqual(100);
    // One chart point per step (under the cap of 2,000).
    await p.waitForFunction((goal) => Number(document.querySelector<HTMLElement>("[data-testid=chart]")?.dataset["points"]) >= goal, Math.min(n, 2000));
    expect(await stat(p, "chart", "accMin")).toBe(0);
    expect(await stat(p, "chart", "accMax")).toBe(100);
    const lossMax = await stat(p, "chart", "lossMax");
    expect(lossMax).toBeGreaterThan(0.3);
    expect(lossMax).toBeLessThan(5);
    // The network: 2 + 16 + 16 + 2 units, 2·16 + 16·16 + 16·2 weights, drawn at the paused step.
    await p.waitForFunction((goal) => Number(document.querySelector<HTMLElement>("[data-testid=net-view]")?.dataset["step"]) === goal, n);
    expect(await stat(p, "net-view", "units")).toBe(36);
    expect(await stat(p, "net-view", "edges")).toBe(320);
    const net = await colours(p, "[data-testid=net-view]");
    expect(net.blue).toBeGreaterThan(2000);
    expect(net.orange).toBeGreaterThan(2000);
    expect(await p.getAttribute("[data-testid=net-view]", "aria-label")).toContain(`after step ${n}`);
    expect(await p.getAttribute("[data-testid=train-message]", "role")).toBe("status");
    await shot("train-watch-desktop");
  });

  it("desktop: a finished run says so and offers Reset; Reset starts from fresh parameters", async () => {
    const p = desktop();
    await fresh(p, "spirals");
    await p.fill("[data-testid=set-epochs]", "2");
    await p.dispatchEvent("[data-testid=set-epochs]", "change");
    await p.selectOption("[data-testid=train-speed]", "0");
    await p.click("[data-testid=train-run]");
    expect(await trainMessage(p, /finished/)).toContain("Press Reset");
    expect(await p.getAttribute("[data-testid=train-message]", "data-failed")).toBe("false");
    // 800 training points in batches of 32: 25 steps per epoch.
    expect(await step(p)).toBe(50);
    expect(await stat(p, "train-epoch")).toBe(2);
    expect(await p.isDisabled("[data-testid=train-run]")).toBe(true);
    expect(await p.isDisabled("[data-testid=train-step]")).toBe(true);
    await p.click("[data-testid=train-reset]");
    await p.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"] === "0");
    expect(await p.isDisabled("[data-testid=train-run]")).toBe(false);
    await p.click("[data-testid=train-step]");
    await p.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"] === "1");
  });

  it("desktop: Reset while running drops the old run's reports: the chart, counters and buttons are the new run's", async () => {
    const p = desktop();
    await fresh(p, "spirals");
    // Long enough that the run cannot finish before Reset (25 steps per epoch).
    await p.fill("[data-testid=set-epochs]", "1000");
    await p.dispatchEvent("[data-testid=set-epochs]", "change");
    await p.selectOption("[data-testid=train-speed]", "0");
    await p.click("[data-testid=train-run]");
    await reach(p, 200);
    expect(await stat(p, "train-rate")).toBeGreaterThan(0);
    await p.click("[data-testid=train-reset]");
    await p.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"] === "0");
    // The old run reported every ~40 ms: give whatever it posted before the Worker saw the load time to arrive.
    await p.waitForTimeout(500);
    expect(await step(p)).toBe(0);
    expect(await p.textContent("[data-testid=train-run]")).toBe("Start");
    expect(await stat(p, "train-rate")).toBe(0);
    expect(await p.textContent("[data-testid=train-rate]")).toBe("—");
    for (let n = 1; n <= 3; n++) {
      await p.click("[data-testid=train-step]");
      await p.waitForFunction((goal) => document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"] === String(goal), n);
    }
    // Three steps of the new run, and none of the old run's hundreds of points on the chart.
    expect(await stat(p, "chart", "points")).toBeLessThanOrEqual(4);
    expect(await stat(p, "chart", "points")).toBeGreaterThanOrEqual(3);
    expect(await p.isDisabled("[data-testid=train-run]")).toBe(false);
    expect(await p.textContent("[data-testid=train-message]")).not.toContain("finished");
  });

  it("desktop: a char model's chart has no accuracy axis or legend entries (it has no accuracy)", async () => {
    // Its own page: the LSTM's Worker keeps computing after the step (its samples and test loss), which
    // would slow the tests after it on a shared page; closing the page ends it.
    const p = await open();
    await pick(p, "lstm-names");
    await openTrain(p, false);
    await p.click("[data-testid=train-step]");
    await p.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"] === "1", undefined, { timeout: 280_000 });
    expect(await p.getAttribute("[data-testid=chart]", "data-accuracy")).toBe("false");
    const legend = await p.textContent("[data-testid=chart] .u-legend");
    expect(legend).toContain("train loss");
    expect(legend).not.toContain("accuracy");
    expect(await p.locator("[data-testid=chart] .u-axis").count()).toBe(2);
  });

  it("desktop: a comment typed while training keeps the run; a real change restarts it", async () => {
    const p = desktop();
    await fresh(p, "spirals");
    await p.selectOption("[data-testid=train-speed]", "1");
    await p.click("[data-testid=train-run]");
    await reach(p, 10);
    await endOfLine(p, 1);
    await typeAndCheck(p, "  # a comment typed while it trains");
    await endOfLine(p, 2);
    await typeAndCheck(p, "\n\n");
    const kept = await step(p);
    await reach(p, kept + 10);
    expect(await p.textContent("[data-testid=train-run]")).toBe("Pause");
    // A real change: a bias added after the second layer's tanh.
    const before = await step(p);
    await p.locator(".cm-line", { hasText: "h2     = tanh" }).first().click();
    await p.keyboard.press("End");
    await typeAndCheck(p, " + b2");
    await p.waitForFunction(() => document.querySelector("[data-testid=train-run]")?.textContent === "Start");
    expect(await p.textContent("[data-testid=train-message]")).toContain("program changed");
    await p.click("[data-testid=train-run]");
    await p.waitForFunction((b) => Number(document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"]) < b, before, { polling: 20 });
    await pause(p);
  });

  it("phone: speed control, steps/s, the chart and the network fit the screen", async () => {
    const p = await open(undefined, { phone: true });
    await pick(p, "spirals");
    await openTrain(p, true);
    await p.selectOption("[data-testid=train-speed]", "2");
    await p.locator("[data-testid=train-run]").tap();
    await reach(p, 30);
    expect(await stat(p, "train-stats", "reportSteps")).toBe(2);
    expect(await stat(p, "train-rate")).toBeGreaterThan(0);
    await p.locator("[data-testid=train-run]").tap();
    await p.waitForFunction(() => document.querySelector("[data-testid=train-run]")?.textContent === "Start");
    const n = await step(p);
    await p.waitForFunction((goal) => Number(document.querySelector<HTMLElement>("[data-testid=chart]")?.dataset["points"]) >= goal, n);
    await p.waitForFunction((goal) => Number(document.querySelector<HTMLElement>("[data-testid=net-view]")?.dataset["step"]) === goal, n);
    const net = await colours(p, "[data-testid=net-view]");
    expect(net.blue + net.orange).toBeGreaterThan(2000);
    // Nothing of the Train tab reaches past the screen's right edge.
    const overflow = await p.evaluate(() => {
      const right = Math.max(...[...document.querySelectorAll("#tab-train *")].map((e) => e.getBoundingClientRect().right));
      return { right, page: document.scrollingElement!.scrollWidth };
    });
    expect(overflow.page).toBeLessThanOrEqual(PHONE.width);
    expect(overflow.right).toBeLessThanOrEqual(PHONE.width + 1);
    await p.locator("[data-testid=net-view]").scrollIntoViewIfNeeded();
    await shot("train-watch-phone");
  });
});
