/**
 * The live chart (uPlot): every step's training loss (downsampled beyond CAP points) and the test
 * loss on the loss axis (left, from 0), test and train accuracy on their own axis (right, 0–100 %).
 * Models without an accuracy (char models) get no accuracy axis or series (setAccuracy).
 * Redrawn at most once per animation frame; the container's data attributes say what was drawn.
 * The plot is built when its container is first shown (the Train tab): building and first drawing a
 * hidden one cost the page's start-up ≈ 130 ms of its thread (a Chromium profile of the share link),
 * time taken from the analysis Worker on a two-core machine.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { Downsampled } from "./chart-series.ts";
import type { Progress } from "./train-protocol.ts";
import { rowsRead } from "./train-status.ts";

const CAP = 2000;
const EVAL_CAP = 1000;
const MAX_WIDTH = 560;
const LABEL_MS = 1000;
/** uPlot's Axis.Side.Right. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- Axis.Side is an ambient const enum, which verbatimModuleSyntax cannot reference; 1 is its Right
const RIGHT: uPlot.Axis.Side = 1;
/** The measured series (a few points a second) mark each measurement, so a single one is visible too. */
const MEASURED: uPlot.Series.Points = { show: true, size: 5 };

export class LossChart {
  /** null until the container is first shown. */
  private plot: uPlot | null = null;
  private accuracy = true;
  private readonly train = new Downsampled(CAP);
  private readonly testLoss = new Downsampled(EVAL_CAP);
  private readonly testAcc = new Downsampled(EVAL_CAP);
  private readonly trainAcc = new Downsampled(EVAL_CAP);
  private lastStep = -1;
  private lastEval = -1;
  private pending = false;
  private last: Progress | null = null;
  private labelled = -Infinity;
  private labelTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly parent: HTMLElement,
    private readonly height: number,
  ) {
    parent.setAttribute("role", "img");
    this.label();
    // Called once on observe and whenever the size changes, so also when a hidden tab (width 0) is shown.
    new ResizeObserver(() => {
      if (parent.clientWidth === 0) return;
      const w = Math.min(MAX_WIDTH, Math.max(240, Math.floor(parent.clientWidth)));
      if (this.plot === null) {
        this.plot = this.build(w);
        this.schedule();
      } else if (Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height });
    }).observe(parent);
  }

  /** Shows or drops the accuracy axis and its two series (a new plot when it changes). */
  setAccuracy(on: boolean): void {
    if (on === this.accuracy) return;
    this.accuracy = on;
    this.parent.dataset["accuracy"] = String(on);
    if (this.plot === null) return;
    const width = this.plot.width;
    this.plot.destroy();
    this.plot = this.build(width);
    this.schedule();
  }

  private build(width: number): uPlot {
    const pct = (v: number): string => `${v} %`;
    const accAxis: uPlot.Axis[] = this.accuracy ? [{ scale: "acc", label: "accuracy", side: RIGHT, grid: { show: false }, values: (_u, vals) => vals.map(pct) }] : [];
    const accSeries: uPlot.Series[] = this.accuracy
      ? [
          { label: "test accuracy", scale: "acc", stroke: "#1e7b45", width: 2, spanGaps: true, points: MEASURED, value: (_u, v) => (Number.isFinite(v) ? `${v.toFixed(1)} %` : "—") },
          { label: "train accuracy", scale: "acc", stroke: "#5b8c6e", width: 1, dash: [2, 3], spanGaps: true, points: MEASURED, value: (_u, v) => (Number.isFinite(v) ? `${v.toFixed(1)} %` : "—") },
        ]
      : [];
    return new uPlot(
      {
        width,
        height: this.height,
        scales: {
          x: { time: false },
          loss: { range: (_u, _min, max) => [0, Math.max(0.1, Number.isFinite(max) ? max * 1.05 : 1)] },
          acc: { range: () => [0, 100] },
        },
        axes: [
          { label: "step" },
          { scale: "loss", label: "loss" },
          ...accAxis,
        ],
        series: [
          { label: "step" },
          { label: "train loss", scale: "loss", stroke: "#c0392b", width: 1, spanGaps: true },
          { label: "test loss", scale: "loss", stroke: "#a0520f", width: 1.5, dash: [4, 3], spanGaps: true, points: MEASURED },
          ...accSeries,
        ],
        legend: { show: true, live: false },
        hooks: {
          draw: [
            (u) => {
              this.describe(u);
            },
          ],
        },
      },
      this.accuracy ? [[], [], [], [], []] : [[], [], []],
      this.parent,
    );
  }

  clear(): void {
    for (const s of [this.train, this.testLoss, this.testAcc, this.trainAcc]) s.clear();
    this.lastStep = -1;
    this.lastEval = -1;
    this.last = null;
    this.schedule();
  }

  add(p: Progress): void {
    // losses[i] is the loss of step p.step − losses.length + 1 + i.
    const first = p.step - p.losses.length + 1;
    p.losses.forEach((loss, i) => {
      const step = first + i;
      if (step > this.lastStep) this.train.add(step, loss);
    });
    this.lastStep = Math.max(this.lastStep, p.step);
    this.last = p;
    if (p.evalStep > this.lastEval || this.lastEval < 0) {
      this.lastEval = p.evalStep;
      this.testLoss.add(p.evalStep, p.testLoss);
      this.testAcc.add(p.evalStep, 100 * p.testAccuracy);
      this.trainAcc.add(p.evalStep, 100 * p.trainAccuracy);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  private render(): void {
    const [tx, ty] = this.train.points();
    const [ex, el] = this.testLoss.points();
    const [, ea] = this.testAcc.points();
    const [, ra] = this.trainAcc.points();
    const evals = this.accuracy ? [ex, el, ea, ra] : [ex, el];
    this.plot?.setData(uPlot.join([[tx, ty], evals] as uPlot.AlignedData[]));
    this.parent.dataset["points"] = String(tx.length);
    this.parent.dataset["measuredPoints"] = String(ex.length);
    this.parent.dataset["stepsPerPoint"] = String(this.train.perPoint);
    this.label();
  }

  /** The chart's accessible name, with the latest numbers: renamed at most once a second (and once more after the last change). */
  private label(): void {
    const wait = this.labelled + LABEL_MS - performance.now();
    if (wait > 0) {
      this.labelTimer ??= setTimeout(() => {
        this.labelTimer = undefined;
        this.label();
      }, wait);
      return;
    }
    this.labelled = performance.now();
    const p = this.last;
    const n = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : "not measured");
    const acc = p === null || !Number.isFinite(p.testAccuracy) ? "not measured" : `${(100 * p.testAccuracy).toFixed(1)} %`;
    const on = p === null || p.testSize === 0 ? "" : ` (${rowsRead(p.testRows, p.testSize, "test")})`;
    const text = p === null ? "Loss and accuracy chart: no steps yet" : `Loss and accuracy chart: step ${p.step}, train loss ${n(p.loss)}, test loss ${n(p.testLoss)}, test accuracy ${acc}${on}`;
    this.parent.setAttribute("aria-label", text);
  }

  /** What the canvas shows, for tests and for the canvas's accessible name. */
  private describe(u: uPlot): void {
    const loss = u.scales["loss"];
    const acc = u.scales["acc"];
    const d = this.parent.dataset;
    d["lossMax"] = String(loss?.max ?? "");
    d["accMin"] = String(acc?.min ?? "");
    d["accMax"] = String(acc?.max ?? "");
  }
}
