/**
 * End-to-end (e2e-harness.ts), the smaller items of issue 15: the backward graph of a scalar sum starts
 * at its seed; the hover from the keyboard (Ctrl+K Ctrl+I), read out; the digits chart with a test
 * point every few dozen steps and every number saying which examples it read (desktop, one page); the
 * phone's Tab order following the top bar as drawn; the names LSTM trained a few steps with sampled
 * names (phone, one page). Waits are for conditions, bounded by the test's timeout.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUrl, open, pauseIfRunning, pick, shot, stepsAtLeast, trainMessage, usePlayground } from "./e2e-harness.ts";
import { NAMES_FILE, namesHeader } from "./learn/names-format.ts";

usePlayground();

/** Replaces the editor's text and waits until the page has checked it (the status names the model). */
async function setProgram(p: Page, text: string, model: string): Promise<void> {
  await p.locator(".cm-content").click();
  await p.keyboard.press("ControlOrMeta+a");
  await p.keyboard.insertText(text);
  await p.waitForFunction((m) => document.getElementById("status")?.textContent === `✓ ${m} checks`, model);
}

/** The title of each box of a graph and the titles each edge joins ("from → to"). */
async function drawnEdges(p: Page, graph: string): Promise<{ titles: string[]; edges: number }> {
  const titles = await p.locator(`[data-testid=${graph}] .box text.title`).allTextContents();
  const edges = await p.locator(`[data-testid=${graph}] path.edge`).count();
  return { titles, edges };
}

describe("desktop (1280×800)", () => {
  it("a scalar sum's backward graph starts at its seed; Ctrl+K Ctrl+I shows and speaks a name's type; the digits chart's measurements say what they read", async () => {
    const p = await open();
    await setProgram(p, "model S(x: f32) -> (y: f32) {\n  y = x + x + x\n}\n", "S");
    // The optimizer folds dx = 1 + 1 + 1 into the constant 3; the drawing keeps the seed dy it came from.
    await p.waitForFunction(() => document.querySelectorAll("[data-testid=backward-graph] .box").length === 2);
    const bwd = await drawnEdges(p, "backward-graph");
    expect(bwd.titles).toEqual(["dy", "dx"]);
    expect(bwd.edges).toBe(1);
    expect(await p.locator("[data-testid=backward-graph] .box[data-key='b:seed'] text").allTextContents()).toEqual(["dy", "seed f32[] = 1"]);
    await shot("pgmisc-sum-seed");

    // The hover from the keyboard: the cursor after `y` on line 2, then the VS Code chord.
    await p.locator(".cm-line").nth(1).click();
    await p.keyboard.press("Home");
    await p.keyboard.press("ArrowRight");
    await p.keyboard.press("ControlOrMeta+k");
    await p.keyboard.press("ControlOrMeta+i");
    const tip = p.locator("[data-testid=hover-key-tip]");
    await tip.waitFor();
    expect(await tip.textContent()).toContain("y: f32");
    await p.waitForFunction(() => (document.querySelector("[data-testid=hover-announce]")?.textContent ?? "").includes("y: f32"));
    expect(await p.getAttribute("[data-testid=hover-announce]", "aria-live")).toBe("polite");
    await shot("pgmisc-hover-key");
    // Escape closes it; the editor text is unchanged (Ctrl+I did not select, Ctrl+K did not delete).
    await p.keyboard.press("Escape");
    await tip.waitFor({ state: "detached" });
    expect(await p.locator(".cm-line").nth(1).textContent()).toBe("  y = x + x + x");

    // Digits: a test measurement every few dozen steps at most, with the rows each number read stated.
    await pick(p, "mnist-mlp");
    await p.click(".tabs button[data-tab=train]");
    await p.selectOption("[data-testid=train-speed]", "0");
    await p.click("[data-testid=train-run]");
    await stepsAtLeast(p, 120);
    await pauseIfRunning(p);
    await trainMessage(p, /^(paused|finished)/);
    const step = Number(await p.getAttribute("[data-testid=train-stats]", "data-step"));
    const chart = p.locator("[data-testid=chart]");
    await p.waitForFunction((s) => Number(document.querySelector<HTMLElement>("[data-testid=chart]")?.dataset["points"]) === s, step);
    const measured = Number(await chart.getAttribute("data-measured-points"));
    console.log(`[pgmisc] digits MLP: ${step} steps, ${measured} test measurements on the chart`);
    // One point per step for the batch loss; the test set (500 rows) is measured on a time budget, so how
    // many steps lie between two measurements depends on the machine's speed: at least one, never more than steps.
    expect(measured).toBeGreaterThanOrEqual(1);
    expect(measured).toBeLessThanOrEqual(step);
    expect(await p.textContent("[data-testid=measured-on]")).toBe(
      `(test loss and accuracy on the first 500 of 800 test examples; train accuracy on the first 500 of 3,200 training examples, measured at step ${step}; train loss: the training batches since the last report)`,
    );
    // The chart's label follows its points after the frame that draws them: wait for it.
    await p.waitForFunction(() => (document.querySelector("[data-testid=chart]")?.getAttribute("aria-label") ?? "").includes("(the first 500 of 800 test examples)"));
    await p.waitForFunction((s) => (document.querySelector("[data-testid=confusion-summary]")?.textContent ?? "").startsWith(`Step ${s}: `), step);
    expect(await p.textContent("[data-testid=confusion-summary]")).toMatch(/^Step \d+: \d+ of 800 test digits right \(\d+\.\d %\)\. $/);
    await chart.scrollIntoViewIfNeeded();
    await shot("pgmisc-digits-chart");
  });
});

describe("phone (390×844)", () => {
  it("Tab follows the top bar as drawn (the picker, then the downloads and Share); the names LSTM trains and samples names", async () => {
    const p = await open(undefined, { phone: true });
    const stops: { id: string; x: number; y: number }[] = [];
    for (let i = 0; i < 6; i++) {
      await p.keyboard.press("Tab");
      stops.push(
        await p.evaluate(() => {
          const e = document.activeElement!;
          const r = e.getBoundingClientRect();
          return { id: e.id !== "" ? e.id : e.textContent.trim(), x: r.left, y: r.top };
        }),
      );
    }
    expect(stops.map((s) => s.id)).toEqual(["example", ".nn", ".ts", ".js", ".onnx", "share"]);
    // Reading order: each stop is on a lower row, or on the same row further right.
    for (let i = 1; i < stops.length; i++) {
      const [a, b] = [stops[i - 1]!, stops[i]!];
      expect(b.y > a.y + 4 || (Math.abs(b.y - a.y) <= 4 && b.x > a.x), `${a.id} → ${b.id}`).toBe(true);
    }
    await shot("pgmisc-phone-topbar");

    await pick(p, "lstm-names");
    await p.click(".tabs button[data-tab=train]");
    for (let k = 1; k <= 3; k++) {
      await p.click("[data-testid=train-step]");
      await stepsAtLeast(p, k);
    }
    await p.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-testid=samples]")?.dataset["step"]) >= 3, null, { polling: 250 });
    const names = await p.$$eval("[data-testid=samples] li", (ls) => ls.map((l) => l.textContent));
    expect(names.length).toBe(8);
    // Drawn character by character from the vocabulary of the names asset the page serves (an empty sample reads "(empty)").
    const { header } = namesHeader(await (await fetch(appUrl(NAMES_FILE))).arrayBuffer());
    const drawn = names.filter((n) => n !== "(empty)");
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.flatMap((n) => Array.from(n).filter((ch) => !header.vocab.includes(ch)))).toEqual([]);
    console.log(`[pgmisc] LSTM after 3 steps: ${names.join(", ")}`);
    // A char model has no accuracy: the note names only the test loss's rows.
    expect(await p.textContent("[data-testid=measured-on]")).toMatch(/^\(test loss on the first 500 of [\d,]+ test examples, measured at step 3;/);
    await p.locator("[data-testid=samples]").scrollIntoViewIfNeeded();
    await shot("pgmisc-lstm-phone");
    // The LSTM's first step compiles its class and loads the names (1.4 MB): slow on a loaded machine.
  });
});
