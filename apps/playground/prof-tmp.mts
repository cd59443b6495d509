// Temporary profiling script (worker helper); deleted after use.
import { chromium } from "playwright-core";
import { build, preview } from "vite";
import { existsSync } from "node:fs";
const APP = import.meta.dirname;
const out = "/tmp/wk/dist";
if (!existsSync(`${out}/index.html`)) await build({ root: APP, logLevel: "warn", build: { outDir: out, emptyOutDir: true, minify: false } });
const server = await preview({ root: APP, logLevel: "warn", build: { outDir: out }, preview: { host: "127.0.0.1", port: 0 } });
const addr = server.httpServer.address();
if (addr === null || typeof addr === "string") throw new Error("no port");
const sum = `model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = ${Array.from({ length: 4000 }, () => "a").join(" + ")}\n}\n`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await page.goto(`http://127.0.0.1:${addr.port}/`);
await page.locator(".cm-content").click();
if (process.env.PASTE) await cdp.send("Profiler.start");
const before = await page.evaluate(() => location.hash);
await page.keyboard.press("Control+a");
await page.keyboard.insertText(sum);
await page.waitForFunction((b) => location.hash !== b, before, { timeout: 120000 });
const url = page.url().replace("/#", "/?share#");
await page.waitForTimeout(500);
if (!process.env.PASTE) { await cdp.send("Profiler.start"); await page.goto(url); }
await page.locator("#forward-graph .box.kind-group").first().waitFor({ state: "attached", timeout: 120000 });
await page.waitForTimeout(1000);
const { profile } = (await cdp.send("Profiler.stop")) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[] } };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfBy = new Map<string, number>();
const totalBy = new Map<string, number>();
for (const [id, ms] of self) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  selfBy.set(key, (selfBy.get(key) ?? 0) + ms);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const c = byId.get(cur)!.callFrame;
    const k = `${c.functionName || "(anon)"} ${c.url.split("/").pop()}:${c.lineNumber}`;
    if (seen.has(k)) continue;
    seen.add(k);
    totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
  }
}
const frame = (id: number): string => { const c = byId.get(id)!.callFrame; return `${c.functionName || "(anon)"} ${c.url.split("/").pop()}:${c.lineNumber}`; };
// Runs of busy samples (a task, roughly): duration and the frames most time was spent under.
let run: { ms: number; at: number; total: Map<string, number> } | null = null;
let t = 0;
const runs: NonNullable<typeof run>[] = [];
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  t += dt;
  const idle = byId.get(id)!.callFrame.functionName === "(idle)";
  if (idle) { if (run !== null && run.ms > 40) runs.push(run); run = null; return; }
  run ??= { ms: 0, at: t, total: new Map() };
  run.ms += dt;
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) { const k = frame(cur); if (seen.has(k)) continue; seen.add(k); run.total.set(k, (run.total.get(k) ?? 0) + dt); }
});
for (const r of runs) console.log(`RUN at ${r.at.toFixed(0)} ms: ${r.ms.toFixed(0)} ms\n` + [...r.total].filter(([k]) => !k.startsWith("(root)")).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `   ${v.toFixed(0).padStart(6)} ${k}`).join("\n"));
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join("\n");
if (process.env.ALL) console.log("SELF\n" + top(selfBy, 30));
if (process.env.ALL) console.log("TOTAL\n" + top(totalBy, 60));
await browser.close();
await server.close();
