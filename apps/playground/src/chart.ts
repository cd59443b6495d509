/** The live chart (uPlot): train and test loss and test accuracy share one linear axis from 0. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Progress } from "./train-protocol.ts";

export class LossChart {
  private readonly plot: uPlot;
  private readonly steps: number[] = [];
  private readonly loss: (number | null)[] = [];
  private readonly testLoss: (number | null)[] = [];
  private readonly testAcc: (number | null)[] = [];

  constructor(parent: HTMLElement, width: number, height: number) {
    this.plot = new uPlot(
      {
        width,
        height,
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{ label: "step" }, { label: "loss · accuracy" }],
        series: [
          { label: "step" },
          { label: "train loss", stroke: "#c0392b", width: 1.5 },
          { label: "test loss", stroke: "#e67e22", width: 1.5, dash: [4, 3] },
          { label: "test accuracy", stroke: "#27ae60", width: 2 },
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
    // A non-finite value (a diverged run) leaves a gap instead of breaking the scale.
    const y = (v: number): number | null => (Number.isFinite(v) ? v : null);
    this.loss.push(y(p.loss));
    this.testLoss.push(y(p.testLoss));
    this.testAcc.push(y(p.testAccuracy));
    this.plot.setData([this.steps, this.loss, this.testLoss, this.testAcc]);
  }
}
