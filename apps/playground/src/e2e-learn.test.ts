/**
 * End-to-end tests of the learn views (src/learn/): digits predictions, confusion matrix, activations,
 * conv filters and the drawing pad; sampled names and attention maps of the char models — at desktop
 * and phone size, axe-clean. Kept short for CI: one desktop test trains the MLP (at full speed, bounded
 * by steps, not time); the others take a step and check that the views render and are accessible.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations, open, pauseIfRunning, PHONE, pick, shot, stepsAtLeast, usePlayground } from "./e2e-harness.ts";

usePlayground();

const grid = "[data-testid=learn-digits]";

async function trainTab(p: Page, example: string): Promise<void> {
  await pick(p, example);
  await p.click(".tabs button[data-tab=train]");
}

async function gridState(p: Page): Promise<{ step: number; accuracy: number; cells: number }> {
  return p.$eval(grid, (g) => ({ step: Number((g as HTMLElement).dataset["step"]), accuracy: Number((g as HTMLElement).dataset["accuracy"]), cells: g.querySelectorAll("[data-testid=digit-cell]").length }));
}

/** Non-white pixels of a canvas (something was drawn on it). */
function inkedPixels(p: Page, selector: string): Promise<number> {
  return p.$eval(selector, (c) => {
    const cv = c as HTMLCanvasElement;
    const d = cv.getContext("2d")!.getImageData(0, 0, cv.width, cv.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0 && (d[i]! < 240 || d[i + 1]! < 240 || d[i + 2]! < 240)) n++;
    return n;
  });
}

/** A vertical stroke down the middle of the drawing pad, with the mouse. */
async function drawOne(p: Page): Promise<void> {
  const pad = p.locator("[data-testid=draw]");
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const x = box.x + box.width / 2;
  await p.mouse.move(x, box.y + box.height * 0.15);
  await p.mouse.down();
  for (let i = 1; i <= 10; i++) await p.mouse.move(x, box.y + box.height * (0.15 + 0.07 * i));
  await p.mouse.up();
}

/** Steps the trained test runs: the MLP's shown-grid accuracy is ≈ 0.9 by step ~120 (learn report). */
const TRAIN_STEPS = 150;

/** Text of every live region in the learn views (they must stay quiet while training). */
function liveTexts(p: Page): Promise<string[]> {
  return p.$$eval("[data-testid=learn] [aria-live]", (es) => es.map((e) => e.textContent));
}

/** Nothing of the learn section is wider than the phone's screen. */
async function fitsPhone(p: Page): Promise<void> {
  expect(await p.$eval("[data-testid=learn]", (e) => e.getBoundingClientRect().right)).toBeLessThanOrEqual(PHONE.width);
}

/** Takes one step and waits until the Worker reports it. */
async function oneStep(p: Page): Promise<void> {
  await p.click("[data-testid=train-step]");
  await p.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=train-stats]")?.dataset["step"] === "1", null, { polling: 200 });
}

/** No serious or critical axe violation on an element of the learn views (the a11y suite checks the whole page). */
async function expectAxeClean(p: Page): Promise<void> {
  expect(await axeViolations(p, "[data-testid=learn]")).toEqual([]);
}

describe("digits", () => {
  it("MLP (desktop): trained at full speed, predictions improve, the confusion matrix sums to the test size, a drawn 1 is a 1", async () => {
    const p = await open();
    await trainTab(p, "mnist-mlp");
    await p.selectOption("[data-testid=train-speed]", "0");
    await p.click("[data-testid=train-step]");
    await p.waitForFunction((s) => (document.querySelector<HTMLElement>(s)?.querySelectorAll("[data-testid=digit-cell]").length ?? 0) > 0, grid, { polling: 200 });
    const before = await gridState(p);
    expect(before.cells).toBe(20);
    await p.click("[data-testid=train-run]");
    await stepsAtLeast(p, TRAIN_STEPS, 100);
    // No announcements while training: every live region of the learn views is still empty.
    expect((await liveTexts(p)).every((t) => t === "")).toBe(true);
    await pauseIfRunning(p);
    const paused = Number(await p.getAttribute("[data-testid=train-stats]", "data-step"));
    await p.waitForFunction(([s, n]) => Number(document.querySelector<HTMLElement>(s)?.dataset["step"]) >= Number(n), [grid, String(paused)] as const, { polling: 200 });
    const after = await gridState(p);
    console.log(`[learn] desktop: shown-grid accuracy ${before.accuracy} at step ${before.step} → ${after.accuracy} at step ${after.step}`);
    expect(after.accuracy).toBeGreaterThan(before.accuracy);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.7);
    // Wrong predictions are marked, right ones are not.
    const marks = await p.$$eval("[data-testid=digit-cell]", (cs) => cs.map((c) => ({ wrong: c.classList.contains("wrong"), ok: (c as HTMLElement).dataset["label"] === (c as HTMLElement).dataset["pred"] })));
    expect(marks.every((m) => m.wrong !== m.ok)).toBe(true);

    const counts = JSON.parse((await p.getAttribute("[data-testid=confusion]", "data-counts")) ?? "[]") as number[];
    const total = Number(await p.getAttribute("[data-testid=confusion]", "data-total"));
    const hint = (await p.textContent(".train-side")) ?? "";
    const testSize = Number(/(\d[\d,]*) test digits/.exec(hint)?.[1]?.replace(/,/g, "") ?? NaN);
    expect(counts.length).toBe(100);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(total).toBe(testSize);
    expect(await p.getAttribute("[data-testid=confusion]", "aria-label")).toContain(`on ${testSize} test digits`);
    expect(await inkedPixels(p, "[data-testid=confusion]")).toBeGreaterThan(500);
    // Activations of the chosen digit: a canvas per layer (h and logits).
    expect(await p.locator("[data-testid=activations] canvas").count()).toBeGreaterThanOrEqual(2);

    await drawOne(p);
    await p.waitForFunction(() => document.querySelector<HTMLElement>("[data-testid=draw-pred]")?.dataset["pred"] !== undefined, null, { polling: 200 });
    expect(await p.getAttribute("[data-testid=draw-pred]", "data-pred")).toBe("1");
    // The bars are labelled 0–9 and read as text: ten "digit: percent" pairs.
    expect(((await p.getAttribute("[data-testid=draw-bars]", "aria-label")) ?? "").match(/\d: \d+ %/g)?.length).toBe(10);
    // The drawing (a user action) is announced once.
    expect(await p.textContent("[data-testid=draw-announce]")).toMatch(/^Prediction: 1 \(\d+ %\)$/);
    await shot("learn-digits-desktop");
    // The pad clears from the keyboard, and no prediction comes back for the cleared drawing.
    await p.focus("[data-testid=draw]");
    await p.keyboard.press("Delete");
    expect(await p.getAttribute("[data-testid=draw-pred]", "data-pred")).toBeNull();
    await p.waitForTimeout(400);
    expect(await p.getAttribute("[data-testid=draw-pred]", "data-pred")).toBeNull();
    await expectAxeClean(p);
    // The trained views at phone width (the touch phone context is covered by the CNN test).
    await p.setViewportSize(PHONE);
    await fitsPhone(p);
    await p.locator("[data-testid=learn]").scrollIntoViewIfNeeded();
    await shot("learn-digits-phone");
    await expectAxeClean(p);
  });

  it("CNN (phone): after a step the grid, the confusion matrix, the conv filters and a chosen digit's activations render", async () => {
    const p = await open(undefined, { phone: true });
    await trainTab(p, "cnn");
    await oneStep(p);
    await p.waitForFunction((s) => Number(document.querySelector<HTMLElement>(s)?.dataset["step"]) >= 1, grid, { polling: 200 });
    expect((await gridState(p)).cells).toBe(20);
    expect(await inkedPixels(p, "[data-testid=confusion]")).toBeGreaterThan(500);
    await fitsPhone(p);
    await p.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-testid=filters]")?.dataset["count"]) === 8, null, { polling: 200 });
    expect(await inkedPixels(p, "[data-testid=filters] canvas")).toBeGreaterThan(0);
    // Pick the second test digit: its conv activations (8 channels of 26×26) are shown.
    await p.locator("[data-testid=digit-cell]").nth(1).click();
    await p.waitForFunction(() => document.querySelectorAll("[data-testid=activations] [data-layer=conv] canvas").length === 8, null, { polling: 200 });
    await p.locator("[data-testid=learn]").scrollIntoViewIfNeeded();
    await shot("learn-cnn-phone");
    await expectAxeClean(p);
  });
});

describe("char models", () => {
  it("transformer (desktop, then phone width): a step, sampled names, one attention map per head", async () => {
    const p = await open();
    await trainTab(p, "char-transformer");
    await oneStep(p);
    await p.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-testid=samples]")?.dataset["step"]) >= 1, null, { polling: 250 });
    const names = await p.$$eval("[data-testid=samples] li", (ls) => ls.map((l) => l.textContent));
    expect(names.length).toBe(8);
    expect(names.some((n) => /^[a-z]+$/.test(n))).toBe(true);
    // 2 layers × 4 heads, each painted.
    await p.waitForFunction(() => document.querySelectorAll("[data-testid=attention]").length === 8, null, { polling: 250 });
    expect(await inkedPixels(p, "[data-testid=attention]")).toBeGreaterThan(100);
    expect(await p.getAttribute("[data-testid=attention]", "aria-label")).toContain("layer 1, head 1");
    // Samples refreshed by training are not announced; a temperature the user sets is, once.
    expect(await p.textContent("[data-testid=samples-announce]")).toBe("");
    await p.focus("[data-testid=temperature]");
    await p.keyboard.press("Home");
    await p.waitForFunction(() => (document.querySelector("[data-testid=samples-announce]")?.textContent ?? "").startsWith("sampled at temperature 0,"), null, { polling: 200 });
    await p.locator("[data-testid=learn]").scrollIntoViewIfNeeded();
    await shot("learn-chars-desktop");
    await expectAxeClean(p);
    await p.setViewportSize(PHONE);
    await fitsPhone(p);
    await p.locator("[data-testid=learn]").scrollIntoViewIfNeeded();
    await shot("learn-chars-phone");
    await expectAxeClean(p);
  });
});
