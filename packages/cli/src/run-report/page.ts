import { formatLoss, type EpochMetrics } from "@nnc/runtime";
import type { Confusion } from "./confusion.ts";
import { escapeHtml } from "./escape.ts";
import { metricLabel, metricsLine, metricValue } from "./metric-text.ts";
import { PAGE_CSS } from "./page-style.ts";
import { lineChart, type Series } from "./svg-chart.ts";

/** Where the run stood when the page was written. */
export type RunStatus = { readonly kind: "finished" } | { readonly kind: "running" } | { readonly kind: "stopped"; readonly reason: string };

/** Everything a report page shows; every string in it is user-derived or may be, and is escaped here. */
export interface ReportData {
  readonly model: string;
  readonly file: string;
  readonly status: RunStatus;
  /** The last epoch the run was to train. */
  readonly epochs: number;
  /** The epochs trained, in order (a resumed run starts after its checkpoint's epoch). */
  readonly history: readonly EpochMetrics[];
  readonly confusion: { readonly matrix: Confusion; readonly split: "validation" | "training"; readonly epoch: number } | null;
  /** Label and value, in display order. */
  readonly settings: readonly (readonly [string, string])[];
}

/**
 * The report as one self-contained HTML document: inline CSS, charts as inline SVG, no script; a
 * Content-Security-Policy forbids scripts and every fetch, so even a name that slipped through
 * escaping could neither run nor reach the network.
 */
export function renderReport(d: ReportData): string {
  const title = `Training report: ${d.model}`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${title} (${d.file})`)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escapeHtml(title)}</h1>`,
    statusNote(d),
    finalSection(d.history.at(-1)),
    curvesSection(d.history),
    confusionSection(d.confusion),
    settingsSection(d.settings),
    "</main>",
    "<footer>Written by nnc train --report.</footer>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function statusNote(d: ReportData): string {
  const done = d.history.at(-1)?.epoch ?? 0;
  const s = d.status;
  if (s.kind === "finished") return `<p class="note finished" data-status="finished">Finished: trained to epoch ${done} of ${d.epochs}.</p>`;
  if (s.kind === "stopped") return `<p class="note stopped" role="alert" data-status="stopped"><strong>Stopped early</strong> after epoch ${done} of ${d.epochs}: ${escapeHtml(s.reason)}</p>`;
  return `<p class="note running" role="alert" data-status="running"><strong>Not finished</strong>: written after epoch ${done} of ${d.epochs}. If the run is no longer going, it was stopped early (e.g. Ctrl-C); the numbers below are those of epoch ${done}.</p>`;
}

function finalSection(last: EpochMetrics | undefined): string {
  if (last === undefined) return "";
  const rows: [string, string, string][] = [["loss", formatLoss(last.loss), last.val_loss === null ? "—" : formatLoss(last.val_loss)]];
  for (const [k, v] of Object.entries(last.metrics)) {
    const val = last.val_metrics?.[k];
    rows.push([metricLabel(k), metricValue(k, v), val === undefined ? "—" : metricValue(k, val)]);
  }
  const body = rows.map(([name, t, v]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(t)}</td><td>${escapeHtml(v)}</td></tr>`).join("\n");
  return [
    '<section aria-labelledby="final-h">',
    `<h2 id="final-h">Final metrics (epoch ${last.epoch})</h2>`,
    `<p class="final-line" data-testid="final-line">${escapeHtml(metricsLine(last))}</p>`,
    '<div class="scroll"><table class="final">',
    '<thead><tr><th scope="col">metric</th><th scope="col">training</th><th scope="col">validation</th></tr></thead>',
    `<tbody>\n${body}\n</tbody>`,
    "</table></div>",
    "</section>",
  ].join("\n");
}

function curvesSection(history: readonly EpochMetrics[]): string {
  if (history.length === 0) return "";
  const first = history[0]!.epoch;
  const hasVal = history.some((m) => m.val_loss !== null);
  const pair = (name: string, train: (m: EpochMetrics) => number, val: (m: EpochMetrics) => number | null): Series[] => [
    { name: `training ${name}`, kind: "train", values: history.map(train) },
    ...(hasVal ? [{ name: `validation ${name}`, kind: "val" as const, values: history.map(val) }] : []),
  ];
  const figure = (title: string, svg: string): string => `<figure><figcaption><h3>${escapeHtml(title)}</h3></figcaption>${svg}</figure>`;
  const charts = [figure("Loss", lineChart({ id: "chart-loss", title: "Loss", firstEpoch: first, series: pair("loss", (m) => m.loss, (m) => m.val_loss), format: formatLoss }))];
  for (const k of Object.keys(history[0]!.metrics)) {
    const series = pair(metricLabel(k), (m) => m.metrics[k] ?? Number.NaN, (m) => m.val_metrics?.[k] ?? null);
    const title = k === "accuracy" ? "Accuracy" : k;
    charts.push(figure(title, lineChart({ id: `chart-${k.replace(/[^A-Za-z0-9_-]/g, "_")}`, title, firstEpoch: first, series, format: (v) => metricValue(k, v) })));
  }
  const legend = `<p class="legend"><span class="swatch"></span>training${hasVal ? ' &nbsp; <span class="swatch val"></span>validation (dashed)' : " (the run has no validation set)"}</p>`;
  return ['<section aria-labelledby="curves-h">', '<h2 id="curves-h">Curves per epoch</h2>', legend, '<div class="charts">', ...charts, "</div>", "</section>"].join("\n");
}

/** Beyond this many classes the matrix would be unreadable; the page says so instead. */
const MAX_CLASSES_SHOWN = 60;

function confusionSection(c: ReportData["confusion"]): string {
  if (c === null) return "";
  const { matrix, split, epoch } = c;
  const head = ['<section aria-labelledby="confusion-h">', '<h2 id="confusion-h">Confusion matrix</h2>'];
  const count = matrix.rows < matrix.total ? `its first ${matrix.rows} of ${matrix.total} rows` : `${matrix.rows} rows`;
  const where = `on the ${split} split (${count}${split === "training" ? "; the run has no validation set" : ""}), after epoch ${epoch}`;
  if (matrix.classes > MAX_CLASSES_SHOWN) return [...head, `<p>${matrix.classes} classes, ${where}: too many to show.</p>`, "</section>"].join("\n");
  const name = (i: number): string => escapeHtml(matrix.names?.[i] ?? String(i));
  const cols = Array.from({ length: matrix.classes }, (_, j) => `<th scope="col">${name(j)}</th>`).join("");
  const rows = matrix.cells.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const cells = row.map((n, j) => {
      // Shade by the share of the true class's rows: lightness 97% (none) down to 30% (all).
      const share = total === 0 ? 0 : n / total;
      const light = Math.round(97 - 67 * share);
      const ink = light < 60 ? "#fff" : "#1a1a1a";
      return `<td class="cell" data-actual="${i}" data-predicted="${j}" style="background:hsl(220,70%,${light}%);color:${ink}">${n}</td>`;
    });
    return `<tr><th scope="row">${name(i)}</th>${cells.join("")}</tr>`;
  });
  return [
    ...head,
    `<p>Counts ${escapeHtml(where)}. Rows are the true class, columns the predicted class; shading is the share of the true class's rows.</p>`,
    `<div class="scroll"><table class="confusion" data-split="${split}" data-rows="${matrix.rows}">`,
    `<caption class="visually-hidden">Confusion matrix ${escapeHtml(where)}</caption>`,
    `<thead><tr><th scope="col">true \\ predicted</th>${cols}</tr></thead>`,
    `<tbody>\n${rows.join("\n")}\n</tbody>`,
    "</table></div>",
    "</section>",
  ].join("\n");
}

function settingsSection(settings: ReportData["settings"]): string {
  const rows = settings.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("\n");
  return ['<section aria-labelledby="settings-h">', '<h2 id="settings-h">Settings</h2>', `<div class="scroll"><table class="settings">\n<tbody>\n${rows}\n</tbody>\n</table></div>`, "</section>"].join("\n");
}
