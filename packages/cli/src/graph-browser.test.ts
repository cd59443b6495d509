/**
 * `nnc graph`'s SVG read by a real XML parser and laid out by a browser (Debian's Chromium through
 * playwright-core): each document parses without error as image/svg+xml, has one box per node of
 * the same graph's DOT, every box drawn inside the picture and no two boxes overlapping, and no
 * script or event handler, also when the file's name is hostile markup.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "./cli.ts";
import { recordingIo } from "./io.ts";
import { tempDir } from "./temp-dir-support.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const CHROMIUM = process.env["NNC_CHROMIUM"] ?? "/usr/bin/chromium";
// The same flags as the playground's e2e suite (apps/playground/src/chromium-launch.ts says why the omnibox WebUI is off).
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI"];

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});

afterAll(async () => {
  await browser.close();
});

async function graph(...argv: string[]): Promise<string> {
  const io = recordingIo();
  expect(await runCli(["graph", ...argv], io)).toBe(0);
  return io.out.join("");
}

interface Seen {
  readonly error: string | null;
  readonly root: string;
  readonly boxes: number;
  readonly outside: readonly string[];
  readonly overlaps: number;
  readonly active: number;
  readonly title: string;
}

/**
 * Runs in the page (plain JavaScript: this package's types have no DOM): parses the SVG text, puts
 * it in the document at its natural size and measures every box's frame.
 */
const INSPECT = `(text) => {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const error = doc.querySelector("parsererror")?.textContent ?? null;
  const root = doc.documentElement;
  const svgEl = document.importNode(root, true);
  document.body.style.margin = "0";
  document.body.appendChild(svgEl);
  const frame = svgEl.getBoundingClientRect();
  const rects = [...svgEl.querySelectorAll("g.box > rect.frame")].map((r) => ({ key: r.parentElement.getAttribute("data-key"), box: r.getBoundingClientRect() }));
  const outside = rects.filter(({ box }) => box.left < frame.left - 0.5 || box.top < frame.top - 0.5 || box.right > frame.right + 0.5 || box.bottom > frame.bottom + 0.5).map((r) => r.key);
  let overlaps = 0;
  rects.forEach((a, i) => {
    for (const b of rects.slice(i + 1)) {
      const apart = a.box.right <= b.box.left || b.box.right <= a.box.left || a.box.bottom <= b.box.top || b.box.bottom <= a.box.top;
      if (!apart) overlaps++;
    }
  });
  const active = [...doc.querySelectorAll("*")].filter((e) => e.localName === "script" || e.localName === "foreignObject" || [...e.attributes].some((a) => a.name.startsWith("on") || a.name === "href")).length;
  return { error, root: root.localName, boxes: rects.length, outside, overlaps, active, title: doc.querySelector("svg > title")?.textContent ?? "" };
}`;

async function inspect(svg: string): Promise<Seen> {
  const page = await browser.newPage();
  try {
    return await page.evaluate<Seen>(`(${INSPECT})(${JSON.stringify(svg)})`);
  } finally {
    await page.close();
  }
}

describe("nnc graph's SVG in Chromium", () => {
  it.each([
    ["mnist-mlp.nn", []],
    ["mnist-mlp.nn", ["--grad"]],
    ["spirals.nn", ["--grad"]],
  ])("%s %j: well-formed, one box per DOT node, all inside, none overlapping", async (file, extra) => {
    const path = join(ROOT, "examples", file);
    const seen = await inspect(await graph(path, ...extra));
    const nodes = (await graph(path, ...extra, "--format", "dot")).split("\n").filter((l) => / \[label=/.test(l)).length;
    expect(seen).toMatchObject({ error: null, root: "svg", boxes: nodes, outside: [], overlaps: 0, active: 0 });
    expect(nodes).toBeGreaterThan(10);
  });

  it("keeps a file name of markup as text", async () => {
    const name = `<script>alert(1)<script><img src=x onerror="alert(2)">&amp;]]>.nn`;
    const path = join(tempDir("nnc-graph-", onTestFinished), name);
    writeFileSync(path, readFileSync(join(ROOT, "examples/matvec.nn")));
    const seen = await inspect(await graph(path));
    expect(seen).toMatchObject({ error: null, root: "svg", boxes: 3, active: 0, title: `forward graph of MatVec (${name})` });
  });
});
