/** The live loss and accuracy chart (uPlot): loss on the left axis (log scale), accuracy on the right. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Progress } from "./train-protocol.ts";

export class LossChart {
  private readonly plot: uPlot;
  private readonly steps: number[] = [];
  private readonly loss: number[] = [];
  private readonly testLoss: number[] = [];
  private readonly testAcc: number[] = [];

  constructor(parent: HTMLElement, width: number, height: number) {
    this.plot = new uPlot(
      {
        width,
        height,
        scales: { x: { time: false }, loss: { distr: 3 }, acc: { range: [0, 1] } },
        axes: [
          { label: "step" },
          { scale: "loss", label: "loss" },
          { scale: "acc", side: 1, label: "accuracy", grid: { show: false }, values: (_u, vals) => vals.map((v) => `${Math.round(v * 100)}%`) },
        ],
        series: [
          { label: "step" },
          { label: "train loss", scale: "loss", stroke: "#c0392b", width: 1.5 },
          { label: "test loss", scale: "loss", stroke: "#e67e22", width: 1.5, dash: [4, 3] },
          { label: "test accuracy", scale: "acc", stroke: "#27ae60", width: 2 },
        ],
        legend: { show: true, live: false },
      },
      [[], [], [], []],
      parent,
    );
  }

  clear(): void {
    this.steps.length = 0;
    this.loss.length = 0;
    this.testLoss.length = 0;
    this.testAcc.length = 0;
    this.plot.setData([[], [], [], []]);
  }

  add(p: Progress): void {
    if (this.steps.length > 0 && p.step <= this.steps[this.steps.length - 1]!) return;
    this.steps.push(p.step);
    // The log scale needs positive values; a loss of exactly 0 is drawn at 1e-6.
    this.loss.push(Math.max(p.loss, 1e-6));
    this.testLoss.push(Math.max(p.testLoss, 1e-6));
    this.testAcc.push(p.testAccuracy);
    this.plot.setData([this.steps, this.loss, this.testLoss, this.testAcc]);
  }
}
