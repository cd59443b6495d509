import { escapeHtml } from "./escape.ts";

/** One line of a chart: a value per epoch (null where the run has none, e.g. no validation set). */
export interface Series {
  readonly name: string;
  /** The CSS class that colours it: `train` or `val` (val is also dashed, so colour is not the only cue). */
  readonly kind: "train" | "val";
  readonly values: readonly (number | null)[];
}

export interface ChartSpec {
  /** An id unique in the page: the SVG's title and description are named after it. */
  readonly id: string;
  readonly title: string;
  /** The epoch of values[0]; later values follow one epoch apart. */
  readonly firstEpoch: number;
  readonly series: readonly Series[];
  readonly format: (v: number) => string;
}

const W = 640;
const H = 300;
const PAD = { left: 64, right: 16, top: 16, bottom: 44 } as const;

/** About `count` round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * A line chart as inline SVG: epochs on x, values on y (the range of every finite value, padded 5%),
 * one `<circle class="point">` per value (per k-th value past MAX_POINTS epochs) with a `<title>`
 * giving epoch and value, a text legend, and role="img" with a title and a description listing the
 * final values for screen readers.
 */
export function lineChart(spec: ChartSpec): string {
  const finite = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const n = Math.max(1, ...spec.series.map((s) => s.values.length));
  let lo = finite.length === 0 ? 0 : Math.min(...finite);
  let hi = finite.length === 0 ? 1 : Math.max(...finite);
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(Math.abs(hi) * 0.05, 1e-3);
  lo -= pad;
  hi += pad;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number): number => PAD.left + (n === 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number): number => PAD.top + plotH * (1 - (v - lo) / (hi - lo));
  const parts: string[] = [];
  for (const t of niceTicks(lo, hi)) {
    const ty = y(t).toFixed(1);
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${ty}" y2="${ty}"/>`, `<text class="tick" x="${PAD.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(spec.format(t))}</text>`);
  }
  // At most ~10 epoch labels: every k-th epoch, always the last.
  const every = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < n; i++) {
    if (i % every !== 0 && i !== n - 1) continue;
    parts.push(`<text class="tick" x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${spec.firstEpoch + i}</text>`);
  }
  parts.push(`<text class="axis-label" x="${PAD.left + plotW / 2}" y="${H - 6}" text-anchor="middle">epoch</text>`);
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}"/>`, `<line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>`);
  for (const s of spec.series) parts.push(seriesSvg(s, spec, x, y));
  const desc = spec.series.map((s) => `${s.name}: ${lastText(s, spec)}`).join("; ");
  const id = escapeHtml(spec.id);
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" data-chart="${id}">`,
    `<title id="${id}-title">${escapeHtml(spec.title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(`${spec.title} per epoch, epochs ${spec.firstEpoch} to ${spec.firstEpoch + n - 1}. Last values: ${desc}.`)}</desc>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

function lastText(s: Series, spec: ChartSpec): string {
  const v = s.values.at(-1);
  return v === null || v === undefined ? "none" : spec.format(v);
}

/** Past this many epochs a series marks only every k-th epoch (and the last) with a point. */
export const MAX_POINTS = 100;

/**
 * Which values get a point: all up to MAX_POINTS, else every ⌈n / MAX_POINTS⌉-th and the last, so a
 * long run's page stays small (a point is a circle with a title) and its chart readable.
 */
function marked(i: number, n: number): boolean {
  const every = Math.ceil(n / MAX_POINTS);
  return i % every === 0 || i === n - 1;
}

/**
 * The polyline's vertices: every value while there are at most two per pixel column of the plot;
 * beyond, per column the lowest and the highest value in epoch order, so no spike is lost.
 */
function vertices(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string[] {
  const finite = values.flatMap((v, i) => (v === null || !Number.isFinite(v) ? [] : [{ i, px: x(i), py: y(v) }]));
  const plotW = W - PAD.left - PAD.right;
  if (finite.length <= 2 * plotW) return finite.map((p) => `${p.px.toFixed(1)},${p.py.toFixed(1)}`);
  const columns = new Map<number, { i: number; px: number; py: number }[]>();
  for (const p of finite) {
    const c = Math.floor(p.px);
    const col = columns.get(c);
    if (col === undefined) columns.set(c, [p]);
    else col.push(p);
  }
  return [...columns.values()].flatMap((col) => {
    const lo = col.reduce((a, p) => (p.py > a.py ? p : a));
    const hi = col.reduce((a, p) => (p.py < a.py ? p : a));
    return (lo.i <= hi.i ? [lo, hi] : [hi, lo]).filter((p, k, two) => k === 0 || p !== two[0]).map((p) => `${p.px.toFixed(1)},${p.py.toFixed(1)}`);
  });
}

function seriesSvg(s: Series, spec: ChartSpec, x: (i: number) => number, y: (v: number) => number): string {
  const dots: string[] = [];
  const n = s.values.length;
  s.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v) || !marked(i, n)) return;
    dots.push(`<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" data-epoch="${spec.firstEpoch + i}"><title>${escapeHtml(`${s.name}, epoch ${spec.firstEpoch + i}: ${spec.format(v)}`)}</title></circle>`);
  });
  const pts = vertices(s.values, x, y);
  if (pts.length === 0) return "";
  return `<g class="series ${s.kind}" data-series="${escapeHtml(s.name)}">\n<polyline points="${pts.join(" ")}"/>\n${dots.join("\n")}\n</g>`;
}
