/**
 * `nnc train --report` end to end: trains in this process, opens the page in Debian's Chromium
 * (playwright-core) from a file: URL and checks what a reader sees. Fails on any page error, console
 * error, dialog or request other than the page itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli.ts";
import { recordingIo } from "../io.ts";

const ROOT = resolve(import.meta.dirname, "../../../..");
const OUT = resolve(import.meta.dirname, "../../test-output");
const CHROMIUM = process.env["NNC_CHROMIUM"] ?? "/usr/bin/chromium";
// The same flags as the playground's e2e suite (apps/playground/src/chromium-launch.ts says why the omnibox WebUI is off).
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI"];

let browser: Browser;
let dir: string;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "nnc-report-"));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});

afterAll(async () => {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

async function train(args: string[]): Promise<{ code: number; err: string }> {
  const io = recordingIo();
  const code = await runCli(["train", ...args], io);
  return { code, err: io.err.join("") };
}

/** Opens `path` at a width; `problems` collects errors, dialogs and any request but the page's own. */
async function open(path: string, width: number, problems: string[]): Promise<Page> {
  const url = pathToFileURL(path).href;
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  return page;
}

/** Σ of the confusion matrix's cells on the page. */
async function cellSum(page: Page): Promise<number> {
  const cells = await page.locator("table.confusion td.cell").allTextContents();
  return cells.reduce((a, t) => a + Number(t), 0);
}

describe("nnc train --report in Chromium", () => {
  it("shows one point per epoch, the printed final metrics and a confusion matrix over the validation rows", async () => {
    const report = join(dir, "spirals.html");
    const { code, err } = await train([join(ROOT, "examples/spirals.nn"), "--epochs", "3", "--report", report]);
    expect(code).toBe(0);
    const lines = err.split("\n");
    const last = lines.find((l) => l.startsWith("epoch 3/3"));
    expect(last).toBeDefined();
    // The epoch line without its counter, speed and time: `loss …  acc …  val_loss …  val_acc …`.
    const printed = last!.replace(/^epoch 3\/3 {2}/, "").replace(/ {2}[\d,]+ samples\/s {2}\d+:\d\d$/, "");
    expect(printed).toMatch(/^loss \d\.\d{4} {2}acc [\d.]+% {2}val_loss \d\.\d{4} {2}val_acc [\d.]+%$/);
    expect(err).toContain("800 examples, 200 for validation");
    expect(err).toContain(`report written to ${report}`);
    const problems: string[] = [];
    const page = await open(report, 1280, problems);
    expect(await page.locator("[data-status]").getAttribute("data-status")).toBe("finished");
    expect(await page.locator("[data-testid=final-line]").textContent()).toBe(printed);
    for (const series of ["training loss", "validation loss", "training acc", "validation acc"]) {
      expect(await page.locator(`[data-series="${series}"] circle.point`).count()).toBe(3);
    }
    const lossPoints = page.locator("[data-chart=chart-loss] [data-series='training loss'] circle.point");
    expect(await Promise.all([0, 1, 2].map((i) => lossPoints.nth(i).getAttribute("data-epoch")))).toEqual(["1", "2", "3"]);
    expect(await page.locator("table.confusion").getAttribute("data-split")).toBe("validation");
    expect(await page.locator("table.confusion td.cell").count()).toBe(4);
    expect(await cellSum(page)).toBe(200);
    // The matrix's diagonal over its rows is the printed validation accuracy.
    const diagonal = Number(await page.locator("td.cell[data-actual='0'][data-predicted='0']").textContent()) + Number(await page.locator("td.cell[data-actual='1'][data-predicted='1']").textContent());
    expect(`${((100 * diagonal) / 200).toFixed(1)}%`).toBe(/val_acc ([\d.]+%)/.exec(printed)![1]);
    const values = await page.locator("table.settings td").allTextContents();
    const settings = Object.fromEntries((await page.locator("table.settings th").allTextContents()).map((k, i) => [k, values[i]]));
    expect(settings).toMatchObject({ model: "Spiral", batch: "32", epochs: "1…3", seed: "7", dtype: "f32", "learning rate": "0.01", schedule: "constant", "gradient clipping": "none" });
    expect(settings["data"]).toBe("spirals(n=1000, noise=0.1): 800 training examples, 200 for validation");
    await page.screenshot({ path: join(OUT, "report-spirals.png"), fullPage: true });
    await page.close();
    // At phone width nothing scrolls sideways but the tables' own boxes.
    const phone = await open(report, 390, problems);
    expect(await phone.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(OUT, "report-spirals-phone.png"), fullPage: true });
    await phone.close();
    expect(problems).toEqual([]);
  });

  it("shows hostile file and class names as text: no script, element or request comes from them", async () => {
    const evil = join(dir, "e<img src=x onerror=alert(1)>");
    mkdirSync(evil);
    const rows = ["a,b,y", ...Array.from({ length: 12 }, (_, i) => `${i % 3},${(i * 7) % 5},${i % 2 === 0 ? '"</script><script>alert(2)</script>"' : "<b onmouseover=alert(3)>\u2028x"}`)];
    writeFileSync(join(evil, "d&<i>.csv"), rows.join("\n") + "\n");
    const source = join(evil, "t<svg onload=alert(4)>.nn");
    writeFileSync(
      source,
      [
        "dim B",
        "model Tiny(x: f32[B, 2]) -> (logits: f32[B, 2]) {",
        "  param W: f32[2, 2] = glorot_uniform()",
        "  param b: f32[2] = zeros()",
        "  logits = x @ W + b",
        "}",
        "train Tiny {",
        "  input label: i32[B]",
        "  loss = mean(cross_entropy(logits, label))",
        "  optimizer = sgd(lr = 0.1)",
        '  data = csv("d&<i>.csv", label = "y", val = 0)',
        "  batch = 4",
        "  epochs = 2",
        "}",
      ].join("\n") + "\n",
    );
    const report = join(evil, "r.html");
    const { code, err } = await train([source, "--report", report]);
    expect(err).toContain("epoch 2/2");
    expect(code).toBe(0);
    const problems: string[] = [];
    const page = await open(report, 1024, problems);
    const count = (selector: string): Promise<number> => page.locator(selector).count();
    expect({ scripts: await count("script"), images: await count("img"), svgs: await count("svg"), bold: await count("b") }).toEqual({ scripts: 0, images: 0, svgs: 2, bold: 0 });
    expect(await page.locator("table.confusion").getAttribute("data-split")).toBe("training");
    expect(await cellSum(page)).toBe(12);
    expect(await page.locator("table.confusion thead th").allTextContents()).toEqual(["true \\ predicted", "</script><script>alert(2)</script>", "<b onmouseover=alert(3)>\u2028x"]);
    expect(await page.locator("table.settings tr", { hasText: "file" }).first().locator("td").textContent()).toBe(source);
    await page.hover("table.confusion");
    await page.close();
    expect(problems).toEqual([]);
  });
});
