/**
 * End-to-end (Chromium, e2e-harness.ts): the Graphs tab people can explore — zoom, pan and fit at
 * desktop and phone size, keyboard selection of boxes with the Jacobian view (no `%N` in boxes:
 * graph-names.test.ts, in Node).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations, pick, sharedPage, shot, UI_TIMEOUT, usePlayground } from "./e2e-harness.ts";

usePlayground();

interface Box {
  readonly x: number;
  readonly y: number;
  readonly right: number;
  readonly bottom: number;
}

/** The viewport rectangle of graph `which` and the bounding boxes of its boxes, in page pixels. */
async function geometry(p: Page, which: "forward" | "backward"): Promise<{ view: Box; boxes: Box[] }> {
  return p.evaluate((w) => {
    const r = (e: Element): Box => {
      const b = e.getBoundingClientRect();
      return { x: b.left, y: b.top, right: b.right, bottom: b.bottom };
    };
    const container = document.querySelector(`[data-testid=${w}-graph] .graph-viewport`)!;
    return { view: r(container), boxes: [...document.querySelectorAll(`[data-testid=${w}-graph] .box rect.frame`)].map(r) };
  }, which);
}

/** Every box lies inside the visible graph area (and so inside the window). */
async function expectAllVisible(p: Page, which: "forward" | "backward"): Promise<void> {
  const { view, boxes } = await geometry(p, which);
  expect(boxes.length).toBeGreaterThan(0);
  expect(view.bottom - view.y).toBeGreaterThan(100);
  for (const b of boxes) {
    expect(b.x).toBeGreaterThanOrEqual(view.x - 0.5);
    expect(b.y).toBeGreaterThanOrEqual(view.y - 0.5);
    expect(b.right).toBeLessThanOrEqual(view.right + 0.5);
    expect(b.bottom).toBeLessThanOrEqual(view.bottom + 0.5);
  }
}

const scaleOf = async (p: Page, which: string): Promise<number> => Number(await p.getAttribute(`[data-testid=${which}-graph] svg.graph-svg`, "data-scale"));
const viewBoxOf = async (p: Page, which: string): Promise<string | null> => p.getAttribute(`[data-testid=${which}-graph] svg.graph-svg`, "viewBox");

for (const phone of [false, true]) {
  const size = phone ? "phone" : "desktop";
  describe(`graphs at ${size} size`, { timeout: UI_TIMEOUT }, () => {
    // One page per size; each test picks an example other than the one before (a new program: graphs laid out and fitted anew).
    const page = sharedPage({ phone });

    it("fits both graphs on first render; the buttons zoom in and out and Fit shows every box again", async () => {
      const p = page();
      await pick(p, "mnist-mlp");
      await p.locator("[data-testid=backward-graph] .box").first().waitFor();
      await expectAllVisible(p, "forward");
      await expectAllVisible(p, "backward");
      // The loss box is on screen, not below the fold.
      await p.locator("[data-testid=forward-graph] .box.kind-loss").first().scrollIntoViewIfNeeded();
      await expectAllVisible(p, "forward");
      await shot(`graphs-fit-${size}`, p);

      const fitted = await scaleOf(p, "forward");
      const box = await viewBoxOf(p, "forward");
      await p.click("[data-testid=forward-graph] [data-testid=zoom-in]");
      const zoomed = await scaleOf(p, "forward");
      expect(zoomed).toBeCloseTo(fitted * 1.25, 2);
      expect(await viewBoxOf(p, "forward")).not.toBe(box);
      await p.click("[data-testid=forward-graph] [data-testid=zoom-in]");
      await shot(`graphs-zoomed-${size}`, p);
      await p.click("[data-testid=forward-graph] [data-testid=zoom-out]");
      await p.click("[data-testid=forward-graph] [data-testid=zoom-out]");
      await p.click("[data-testid=forward-graph] [data-testid=zoom-out]");
      expect(await scaleOf(p, "forward")).toBeCloseTo(fitted / 1.25, 2);
      await p.click("[data-testid=forward-graph] [data-testid=fit]");
      expect(await scaleOf(p, "forward")).toBeCloseTo(fitted, 3);
      await expectAllVisible(p, "forward");
    });

    it("pans with a drag (mouse) and with the arrow keys when the graph has focus", async () => {
      const p = page();
      await pick(p, "spirals");
      const sel = "[data-testid=backward-graph] .graph-viewport";
      await p.locator(`${sel} .box`).first().waitFor();
      await p.click("[data-testid=backward-graph] [data-testid=zoom-in]");
      const before = (await viewBoxOf(p, "backward"))!.split(" ").map(Number);
      await p.focus("[data-testid=backward-graph]");
      await p.keyboard.press("ArrowRight");
      const after = (await viewBoxOf(p, "backward"))!.split(" ").map(Number);
      // ArrowRight shows what lies right: the view's x grows by 60 px at the current scale.
      expect(after[0]! - before[0]!).toBeCloseTo(60 / (await scaleOf(p, "backward")), 0);
      expect(after[1]).toBeCloseTo(before[1]!, 3);
      if (!phone) {
        const r = (await p.locator(sel).boundingBox())!;
        await p.mouse.move(r.x + 20, r.y + r.height - 20);
        await p.mouse.down();
        await p.mouse.move(r.x + 80, r.y + r.height - 60, { steps: 4 });
        await p.mouse.up();
        const dragged = (await viewBoxOf(p, "backward"))!.split(" ").map(Number);
        const s = await scaleOf(p, "backward");
        expect(dragged[0]! - after[0]!).toBeCloseTo(-60 / s, 0);
        expect(dragged[1]! - after[1]!).toBeCloseTo(40 / s, 0);
      }
    });

    it("moves the view from the keyboard on the overview: a Tab stop, arrows move the frame by a quarter of the view", async () => {
      const p = page();
      await pick(p, "char-transformer");
      const mini = "[data-testid=backward-graph] [data-testid=minimap]";
      await p.locator(mini).waitFor();
      await p.click("[data-testid=backward-graph] [data-testid=zoom-in]");
      await p.click("[data-testid=backward-graph] [data-testid=zoom-in]");
      await p.focus("[data-testid=backward-graph] [data-testid=fit]");
      await p.keyboard.press("Tab");
      expect(await p.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("minimap");
      const before = (await viewBoxOf(p, "backward"))!.split(" ").map(Number);
      await p.keyboard.press("ArrowDown");
      const down = (await viewBoxOf(p, "backward"))!.split(" ").map(Number);
      expect(down[0]).toBeCloseTo(before[0]!, 3);
      expect(down[1]! - before[1]!).toBeCloseTo(before[3]! / 4, 0);
      await p.keyboard.press("ArrowLeft");
      const left = (await viewBoxOf(p, "backward"))!.split(" ").map(Number);
      expect(left[0]! - down[0]!).toBeCloseTo(-before[2]! / 4, 0);
      expect(left[1]).toBeCloseTo(down[1]!, 3);
      expect(await p.getAttribute(mini, "aria-label")).toMatch(/^Overview of the backward graph \(\d+ boxes\): \d+ % of it is in view$/);
      // The graph's other keys reach the overview through the region: 0 fits again.
      await p.keyboard.press("0");
      await expectAllVisible(p, "backward");
    });

    it("selects matvec's b with the keyboard alone and shows the (3,3,3) Jacobian tables", async () => {
      const p = page();
      await pick(p, "matvec");
      await p.locator("[data-testid=forward-graph] .box").first().waitFor();
      await p.focus("[data-testid=forward-graph]");
      await p.keyboard.press("Tab");
      const focusedKey = (): Promise<string | null> => p.evaluate(() => document.activeElement?.getAttribute("data-key") ?? null);
      expect(await focusedKey()).toMatch(/^f:/);
      // From the first box, the arrows reach b (below a and W).
      for (const key of ["ArrowDown", "ArrowRight", "ArrowLeft", "ArrowDown"]) {
        if ((await focusedKey()) === "f:b") break;
        await p.keyboard.press(key);
      }
      expect(await focusedKey()).toBe("f:b");
      expect(await p.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("b matmul f32[3] (output)");
      await p.keyboard.press("Enter");
      const jw = p.locator("[data-testid=jacobian-W]");
      await jw.waitFor();
      expect(await jw.textContent()).toContain("shape (3, 3, 3)");
      expect(await p.getAttribute("[data-testid=forward-graph] .box[data-key='f:b']", "aria-pressed")).toBe("true");
      // Three slices, each a table with a caption and row headers.
      const captions = await jw.locator(".matrices").first().locator("table caption").allTextContents();
      expect(captions).toEqual(["∂b[0]/∂W: 3 × 3", "∂b[1]/∂W: 3 × 3", "∂b[2]/∂W: 3 × 3"]);
      expect(await jw.locator("table").first().locator("th[scope=row]").count()).toBe(3);
      await shot(`graphs-keyboard-${size}`, p);
      // axe: nothing serious or critical in the graphs, their buttons and the detail pane.
      const mine = (await axeViolations(p)).filter((v) => v.targets.some((t) => /graph|box|detail|zoom|fit/.test(t)));
      expect(mine).toEqual([]);
      // Space selects too, and the detail pane starts at its top.
      await p.evaluate(() => {
        document.querySelector("[data-testid=detail]")!.scrollTop = 10_000;
      });
      await p.keyboard.press("ArrowUp");
      await p.keyboard.press(" ");
      await p.waitForFunction(() => document.querySelector("[data-testid=detail] h3")?.textContent.startsWith("Forward:") === true && !document.querySelector("[data-testid=jacobian-W]"));
      expect(await p.evaluate(() => document.querySelector("[data-testid=detail]")!.scrollTop)).toBe(0);
    });
  });
}
