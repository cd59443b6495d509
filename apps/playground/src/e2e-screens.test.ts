/**
 * End-to-end: views docs/playground.md shows that no other suite photographs as the page needs — the
 * spirals' decision surface and network view after a finished run, the digits MLP's fitted graphs, and
 * the damaged-link banner. Each test
 * checks that its view rendered (the spirals run is cut to 4 epochs unless the image is updated); with NNC_UPDATE_SCREENSHOTS=1 it also writes the image into
 * docs/images/ (otherwise only into test-output/, like every suite), so `npm test` never rewrites docs.
 */
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUrl, open, pick, shot, trainMessage, usePlayground } from "./e2e-harness.ts";

usePlayground();

const DOC_IMAGES = resolve(import.meta.dirname, "../../../docs/images");
const UPDATE = process.env["NNC_UPDATE_SCREENSHOTS"] === "1";
/** Epochs of the spirals run when the docs image is not being updated. */
const TEST_EPOCHS = 4;

/** Saves the test-output screenshot and, when updating, the docs image (optionally clipped). */
async function docShot(p: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  await shot(`screens-${name}`, p);
  if (UPDATE) await p.screenshot({ path: join(DOC_IMAGES, `playground-${name}.png`), ...(clip === undefined ? {} : { clip }) });
}

describe("doc screenshots (desktop)", () => {
  it("spirals trained to the end: the decision surface and the network view", async () => {
    const p = await open();
    await pick(p, "spirals");
    await p.locator(".tabs [data-tab=train]").click();
    await p.locator("#tab-train:not(.hidden)").waitFor();
    // The docs image shows the example's whole run (60 epochs); a plain test run checks the finished view after 4.
    if (!UPDATE) {
      await p.fill("[data-testid=set-epochs]", String(TEST_EPOCHS));
      await p.dispatchEvent("[data-testid=set-epochs]", "change");
    }
    await p.selectOption("[data-testid=train-speed]", "0");
    await p.click("[data-testid=train-run]");
    await trainMessage(p, /finished/);
    const total = Number(await p.$eval("[data-testid=train-stats]", (e) => (e as HTMLElement).dataset["step"]));
    // 800 training points in batches of 32: 25 steps per epoch.
    expect(total).toBe(25 * (UPDATE ? 60 : TEST_EPOCHS));
    // The network view redraws from the Worker's inspect answer a little after the last step.
    await p.waitForFunction((n) => Number(document.querySelector<HTMLElement>("[data-testid=net-view]")?.dataset["step"]) === n, total);
    expect(await p.getAttribute("[data-testid=net-view]", "aria-label")).toContain(`after step ${total}`);
    expect(await p.getAttribute("[data-testid=heatmap]", "aria-label")).not.toContain("not trained");
    await p.locator("[data-testid=net-view]").scrollIntoViewIfNeeded();
    const surface = await p.locator("[data-testid=heatmap]").boundingBox();
    const net = await p.locator("[data-testid=net-view]").boundingBox();
    if (surface === null || net === null) throw new Error("the surface or the network view is not displayed");
    // The union of both pictures (they sit side by side), with an 8 px margin and the surface's caption.
    const x = Math.max(0, Math.min(surface.x, net.x) - 8);
    const y = Math.max(0, Math.min(surface.y, net.y) - 8);
    const right = Math.min(1280, Math.max(surface.x + surface.width, net.x + net.width) + 8);
    const bottom = Math.min(800, Math.max(surface.y + surface.height + 40, net.y + net.height) + 8);
    await docShot(p, "network", { x, y, width: right - x, height: bottom - y });
  });

  it("the digits MLP's graphs, fitted, with display names", async () => {
    const p = await open();
    await pick(p, "mnist-mlp");
    await p.locator("[data-testid=backward-graph] .box").first().waitFor();
    const titles = await p.locator("[data-testid=forward-graph] .box").allTextContents();
    expect(titles.some((t) => t.includes("h_matmul"))).toBe(true);
    expect(titles.some((t) => /%\d/.test(t))).toBe(false);
    expect(Number(await p.getAttribute("[data-testid=forward-graph] svg.graph-svg", "data-scale"))).toBeGreaterThan(0);
    await docShot(p, "graphs");
  });

  it("a damaged share link: the banner says why", async () => {
    const p = await open(appUrl("#s=N4IgbiBcCMA0IGcBOB"));
    const notice = p.getByRole("alert");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("This link is damaged");
    await p.waitForFunction(() => Number(document.body.dataset["checks"]) > 0);
    await docShot(p, "damaged-link", { x: 0, y: 0, width: 1280, height: 240 });
  });
});
