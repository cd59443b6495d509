/**
 * `npm run bench:playground`: how fast the playground shows the 4,000-term sum of issue 15, and how
 * long the page's tasks are meanwhile. Builds the app (vite) into a temporary folder, serves it (vite
 * preview) and, in Chromium, opens the sum's share link and pastes it into a started page, `--runs`
 * times at desktop and phone size (interleaved). Prints medians and ranges, as ratios of the targets
 * (grouped graphs within 2,000 ms; no task after start-up of 100 ms or more), and the load average.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { paste, shareLink, SIZES, TERMS, type PasteRun, type ShareRun, type Size } from "./scenarios.ts";
import { buildApp, launchBrowser, serve } from "./serve.ts";
import { line, RENDER_TARGET_MS, report, stat, TASK_TARGET_MS, type Metric } from "./summary.ts";

const HELP = `npm run bench:playground [-- OPTIONS]

Builds the playground, serves it and measures in Chromium (NNC_CHROMIUM, else /usr/bin/chromium):
  share  the share link of a ${TERMS.toLocaleString("en-US")}-term sum opened in a fresh page: when the editor is shown,
         its first frame drawn, the grouped graphs drawn (ms after navigation; target ${RENDER_TARGET_MS} ms),
         the analysis Worker's analysis and layout time, the start-up long task, and the
         longest task after start-up (target < ${TASK_TARGET_MS} ms)
  paste  the same sum pasted into a started page: grouped graphs drawn (ms after the paste;
         target ${RENDER_TARGET_MS} ms), the Worker's times, the longest task after the paste
at desktop (1280×800) and phone size (390×844), each run in a fresh browser context.

Options:
  --runs N      measurements of each scenario and size (default 5)
  --dist DIR    measure this already built app instead of building the current source
  --only S      only scenario S (share or paste)
  --out FILE    also write the results as JSON (bench/results.json's shape)
  --help        this text

Times are wall-clock on a machine that may be shared: the 1-minute load average per core is
printed beside them (a load above 1 per core slows every figure).`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(HELP);
  process.exit(0);
}
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const runs = Number(option("--runs") ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("--runs wants a whole number ≥ 1");
  process.exit(2);
}
const only = option("--only");
if (only !== undefined && only !== "share" && only !== "paste") {
  console.error("--only wants share or paste");
  process.exit(2);
}
const out = option("--out");
const given = option("--dist");

const progress = (s: string): void => {
  console.error(`[bench:playground] ${s}`);
};
const loadPerCore = (): number => loadavg()[0]! / availableParallelism();

const built = given === undefined ? await (progress("building the app (vite)…"), buildApp()) : null;
const dist = given ?? built!.dist;
const { base, server } = await serve(dist);
const browser = await launchBrowser();
progress(`serving ${dist} at ${base}; ${runs} runs of each scenario at each size`);

const shares = new Map<Size, ShareRun[]>(SIZES.map((s) => [s, []]));
const pastes = new Map<Size, PasteRun[]>(SIZES.map((s) => [s, []]));
const loads: number[] = [];
try {
  for (let r = 1; r <= runs; r++) {
    for (const size of SIZES) {
      loads.push(loadPerCore());
      if (only !== "paste") {
        const s = await shareLink(browser, base, size);
        shares.get(size)!.push(s);
        progress(`run ${r}/${runs} ${size} share: grouped at ${Math.round(s.grouped)} ms (editor ${Math.round(s.editorShown)}, analysis ${s.analysis}, layout ${s.layout}, start-up task ${s.startupTask}, longest after ${s.longestAfterStart}); load/core ${loadPerCore().toFixed(2)}`);
      }
      if (only !== "share") {
        const p = await paste(browser, base, size);
        pastes.get(size)!.push(p);
        progress(`run ${r}/${runs} ${size} paste: drawn ${Math.round(p.drawn)} ms after the paste (analysis ${p.analysis}, layout ${p.layout}, longest task ${p.longestAfterPaste}); load/core ${loadPerCore().toFixed(2)}`);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
  built?.remove();
}

const metrics: Metric[] = [];
const of = <T>(xs: readonly T[], f: (x: T) => number): ReturnType<typeof stat> => stat(xs.map(f));
for (const size of SIZES) {
  const s = shares.get(size)!;
  if (s.length > 0) {
    metrics.push(
      { name: `share-${size}-editor`, what: `${size} share link: editor shown (after navigation)`, unit: "ms", stat: of(s, (x) => x.editorShown) },
      { name: `share-${size}-first-frame`, what: `${size} share link: first frame drawn`, unit: "ms", stat: of(s, (x) => x.firstFrame) },
      { name: `share-${size}-grouped`, what: `${size} share link: grouped graphs drawn`, unit: "ms", stat: of(s, (x) => x.grouped), target: RENDER_TARGET_MS },
      { name: `share-${size}-analysis`, what: `${size} share link: Worker analysis`, unit: "ms", stat: of(s, (x) => x.analysis) },
      { name: `share-${size}-layout`, what: `${size} share link: Worker grouping + layout`, unit: "ms", stat: of(s, (x) => x.layout) },
      { name: `share-${size}-startup-task`, what: `${size} share link: start-up long task`, unit: "ms", stat: of(s, (x) => x.startupTask) },
      { name: `share-${size}-longest-task`, what: `${size} share link: longest task after start-up`, unit: "ms", stat: of(s, (x) => x.longestAfterStart), target: TASK_TARGET_MS },
    );
  }
  const p = pastes.get(size)!;
  if (p.length > 0) {
    metrics.push(
      { name: `paste-${size}-grouped`, what: `${size} paste: grouped graphs drawn (after the paste)`, unit: "ms", stat: of(p, (x) => x.drawn), target: RENDER_TARGET_MS },
      { name: `paste-${size}-analysis`, what: `${size} paste: Worker analysis`, unit: "ms", stat: of(p, (x) => x.analysis) },
      { name: `paste-${size}-layout`, what: `${size} paste: Worker grouping + layout`, unit: "ms", stat: of(p, (x) => x.layout) },
      { name: `paste-${size}-longest-task`, what: `${size} paste: longest task after the paste`, unit: "ms", stat: of(p, (x) => x.longestAfterPaste), target: TASK_TARGET_MS },
    );
  }
}
metrics.push({ name: "load-per-core", what: `1-minute load average per core (${availableParallelism()} cores)`, unit: "load", stat: stat(loads) });

console.log(`playground responsiveness, ${TERMS.toLocaleString("en-US")}-term sum, ${runs} runs: median (range)`);
for (const m of metrics) console.log(line(m));
if (out !== undefined) {
  writeFileSync(out, JSON.stringify(report(metrics, `npm run bench:playground -- ${args.join(" ")}`.trim()), null, 2) + "\n");
  progress(`wrote ${out}`);
}
