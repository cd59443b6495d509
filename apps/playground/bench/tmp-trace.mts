import { writeFileSync } from "node:fs";
import { build } from "vite";
import { APP, launchBrowser, serve } from "./serve.ts";
import { encodeShare } from "../src/share-link.ts";
import { sumOf } from "../src/page-watch.ts";

const dist = "/tmp/tr/dist";
if (process.argv[2] !== "nobuild") await build({ root: APP, logLevel: "warn", build: { outDir: dist, emptyOutDir: true, minify: process.env["MINIFY"] !== "0" } });
const { base, server } = await serve(dist);
const browser = await launchBrowser();
const runs = Number(process.argv[3] ?? "3");
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  await browser.startTracing(p, { path: `/tmp/tr/trace${i}.json`, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-v8.cpu_profiler", "v8.execute", "blink.user_timing", "loading", "toplevel"] });
  const t0 = Date.now();
  await p.goto(`${base}?bench${encodeShare({ source: sumOf(4000), example: "matvec", settings: {} })}`);
  await p.locator("#forward-graph .box.kind-group").first().waitFor({ state: "attached" });
  const wall = Date.now() - t0;
  await browser.stopTracing();
  const marks = await p.evaluate(() => ({ nav: performance.timeOrigin, body: { ...document.body.dataset } }));
  writeFileSync(`/tmp/tr/marks${i}.json`, JSON.stringify({ wall, ...marks }));
  console.log(`run ${i}: ${wall} ms`, JSON.stringify(marks.body));
  await context.close();
}
await browser.close();
await server.close();
