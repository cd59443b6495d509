/**
 * The Train tab: settings, start/pause/step/reset and the speed, the live chart, the epoch counter
 * and steps/s, and (2-D sets) the decision surface and the network's units and weights. Training
 * runs in a module Worker fed the class compile() emits (JavaScript) and the settings. A change of
 * what the program computes (or of the settings) marks the loaded model stale, and it is reloaded
 * (paused, from fresh parameters) before the next run; a comment or whitespace changes nothing.
 * A finished run stays finished: Start and Step are off until Reset loads fresh parameters.
 */
import type { LoweredModel } from "@nnc/compiler";
import type { PageAnalysis, ProgramRef } from "./analysis-protocol.ts";
import type { Trainable } from "./binding.ts";
import { LossChart } from "./chart.ts";
import { h } from "./dom.ts";
import { drawHeatmap, type Points, type Surface } from "./heatmap.ts";
import { netOf } from "./learn-2d-net.ts";
import { NetView, type InspectQuery } from "./learn-2d-view.ts";
import { mountLearnViews, type LearnViews } from "./learn/mount.ts";
import { NAMES, NAMES_FILE } from "./page-data.ts";
import { meaningOf, pagePlanVia, type ClassCompiler } from "./page-plan.ts";
import { classesOf, DIGITS, isPointSet, lrChange, withData, type TrainSettings } from "./settings.ts";
import { TrainClient, type Control, type RunMessage } from "./train-client.ts";
import { TrainControls } from "./train-controls.ts";
import { dataNote, TrainStatus } from "./train-status.ts";
import { DEFAULT_SPEED, MAX_SPEED, SPEEDS, type Inspected, type Sampled, type SampleMessage } from "./train-protocol.ts";
import "./learn-2d.css";

/** Settings whose data fits the model: names for char models, digits for 784 features, a point set with few enough classes for 2. */
function fitData(s: TrainSettings, t: Trainable): TrainSettings {
  if (t.kind === "chars") return s.data === NAMES ? s : withData(s, NAMES);
  if (t.kind === "digits") return s.data === DIGITS ? s : withData(s, DIGITS);
  if (isPointSet(s.data) && classesOf(s.data) <= t.classes) return s;
  return withData(s, "spirals");
}

/** Where the Train tab gets what it loads a run from (the page: the analysis Worker, so Start never compiles on the page). */
export interface ProgramSource {
  readonly compileClass: ClassCompiler;
  /** The lowered model of a program (null: it has none). */
  readonly model: (p: ProgramRef) => Promise<LoweredModel | null>;
}

export class TrainPanel {
  private analysis: PageAnalysis | null = null;
  /** The lowered model of the loaded run (asked of the analysis Worker when the run loads). */
  private model: LoweredModel | null = null;
  private target: Trainable | null = null;
  private stale = true;
  private running = false;
  private finished = false;
  /** meaningKey of the program and settings the Worker holds (null: none loaded). */
  private loadedKey: string | null = null;
  /**
   * meaningKey of the load whose class is compiling (null: none, or a real change since it began).
   * A check of a text that means the same (a comment typed meanwhile) keeps it; any other change drops it.
   */
  private loadingKey: string | null = null;
  /** The load in progress (its class compiling in the analysis Worker), shared by every click meanwhile. */
  private loading: Promise<boolean> | null = null;
  private readonly client = new TrainClient(
    (m) => {
      this.receive(m);
    },
    (message) => {
      this.failed(message);
    },
  );
  private points: Points | null = null;
  private surface: Surface | null = null;
  private classes = 2;
  private net: NetView | null = null;
  private learn: LearnViews | null = null;
  private readonly chart: LossChart;
  private readonly controls: TrainControls;
  private readonly status = new TrainStatus();
  private readonly canvas = h("canvas", { width: "300", height: "300", class: "heatmap", "data-testid": "heatmap", role: "img", "aria-label": "decision surface: not trained yet" });
  private readonly runButton = h("button", { type: "button", "data-testid": "train-run", class: "primary" }, "Start");
  private readonly stepButton = h("button", { type: "button", "data-testid": "train-step" }, "Step");
  private readonly resetButton = h("button", { type: "button", "data-testid": "train-reset" }, "Reset");
  private readonly speed = h("select", { "data-testid": "train-speed", title: "optimizer steps per frame (60 frames a second); max: as fast as this machine allows" }, ...SPEEDS.map((s) => h("option", { value: String(s) }, s === MAX_SPEED ? "max" : `${s} step${s === 1 ? "" : "s"}/frame`)));
  private readonly side = h("div", { class: "train-side train-views" });

  /** `program` compiles the model class and lowers the model off the page (the analysis Worker), so Start never freezes it. */
  constructor(
    root: HTMLElement,
    settings: TrainSettings,
    onSettings: (s: TrainSettings) => void,
    private readonly program: ProgramSource,
  ) {
    this.controls = new TrainControls(settings, (s, before) => {
      onSettings(s);
      // A new learning rate applies to the loaded run from its next step; anything else reloads it.
      const lr = lrChange(before, s);
      if (lr !== null && !this.stale) this.post({ type: "lr", lr });
      else this.markStale();
    });
    this.speed.value = String(DEFAULT_SPEED);
    const chartBox = h("div", { class: "chart", "data-testid": "chart" });
    const speedLabel = h("label", { class: "train-speed" }, "speed", this.speed);
    const buttons = h("div", { class: "group" }, this.runButton, this.stepButton, this.resetButton, speedLabel);
    root.append(h("div", { class: "controls" }, buttons, this.controls.root), this.status.message, this.status.counters, h("div", { class: "train-body" }, chartBox, this.side), this.status.stats);
    this.chart = new LossChart(chartBox, 300);
    this.runButton.addEventListener("click", () => {
      this.toggle();
    });
    this.stepButton.addEventListener("click", () => {
      void this.ensureLoaded().then((ok) => {
        if (ok) this.post({ type: "step" });
      });
    });
    this.resetButton.addEventListener("click", () => {
      this.stale = true;
      void this.ensureLoaded();
    });
    this.speed.addEventListener("change", () => {
      if (this.client.started) this.post({ type: "speed", steps: this.speedValue() });
    });
  }

  get settings(): TrainSettings {
    return this.controls.value;
  }

  private speedValue(): number {
    const v = Number(this.speed.value);
    return SPEEDS.includes(v) ? v : DEFAULT_SPEED;
  }

  /**
   * A new analysis of the editor's text. When it means what the loaded one meant (a comment or
   * whitespace typed), the run goes on; otherwise training restarts from scratch when next run.
   */
  setProgram(a: PageAnalysis, settings: TrainSettings): void {
    const t = a.model === undefined ? null : a.model.trainable;
    const target = t === null || "reason" in t ? null : t;
    const fitted = target === null ? settings : fitData(settings, target);
    this.analysis = a;
    if (target !== null) {
      const key = this.meaningKey(a, fitted);
      if ((this.loadedKey !== null && !this.stale && key === this.loadedKey) || (this.loading !== null && key === this.loadingKey)) return;
    }
    const changed = this.loadedKey !== null && !this.stale;
    this.target = target;
    this.controls.show(fitted, this.target);
    if (t === null) this.status.say(a.ok ? (a.failure ?? "") : "Fix the errors in the program to train it.", "warn");
    else if ("reason" in t) this.status.say(t.reason, "warn");
    else this.status.say(changed ? "The program changed: press Start to train it from fresh parameters." : "", "");
    this.markStale();
  }

  /** What the program and settings mean to training (equal: the same run); the Worker summarised the model. */
  private meaningKey(a: PageAnalysis, s: TrainSettings): string {
    return meaningOf(a.model?.meaning ?? "null", s);
  }

  private markStale(): void {
    if (this.running) this.post({ type: "pause" });
    this.stale = true;
    this.loadingKey = null;
    this.loadedKey = null;
    this.finished = false;
    this.setRunning(false);
  }

  private setRunning(on: boolean): void {
    this.running = on;
    this.runButton.textContent = on ? "Pause" : "Start";
    const off = this.target === null;
    const done = this.finished && !this.stale;
    this.runButton.disabled = off || (done && !on);
    this.stepButton.disabled = off || on || done;
    this.resetButton.disabled = off;
  }

  private toggle(): void {
    if (this.running) {
      this.post({ type: "pause" });
      return;
    }
    void this.ensureLoaded().then((ok) => {
      // A second click while the class compiled shares the load: only one run starts.
      if (!ok || this.running) return;
      this.setRunning(true);
      this.status.say("training…", "");
      this.post({ type: "run" });
    });
  }

  /** Loads the current program into the worker when it is stale; false when it cannot be trained. */
  private ensureLoaded(): Promise<boolean> {
    if (this.analysis === null || this.target === null) return Promise.resolve(false);
    if (!this.stale) return Promise.resolve(true);
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<boolean> {
    const a = this.analysis;
    const t = this.target;
    if (a === null || t === null) return false;
    const settings = this.settings;
    const key = this.meaningKey(a, settings);
    this.loadingKey = key;
    this.status.say("compiling the model…", "");
    const program = { fileName: a.fileName, text: a.text };
    const planned = async (): Promise<{ model: LoweredModel; plan: Awaited<ReturnType<typeof pagePlanVia>> } | { message: string }> => {
      const model = await this.program.model(program);
      // The analysis found no error, so no model means the Worker's request failed or gave up (analysis-client.ts).
      if (model === null) return { message: a.failure ?? "No lowered model came back from the analysis Worker (it failed or took too long): press Start to try again." };
      return { model, plan: await pagePlanVia(program, model, settings, t, this.program.compileClass) };
    };
    // No limit of its own: each request to the analysis Worker has one (analysis-client.ts), and a
    // request that gives up ends here as a message, so a busy machine's lowering plus compiling is not
    // cut short by one clock on both.
    const got = await planned();
    if (this.loadingKey !== key) {
      this.status.say("The program or the settings changed while compiling: press Start again.", "", true);
      return false;
    }
    this.loadingKey = null;
    const plan = "message" in got ? got : got.plan;
    if ("message" in plan) {
      this.status.say(plan.message, "error");
      return false;
    }
    if ("model" in got) this.model = got.model;
    // Char models have no accuracy metric (the trainer reports NaN): no empty 0–100 % axis for them.
    this.chart.setAccuracy(t.kind !== "chars");
    this.chart.clear();
    this.points = null;
    this.surface = null;
    this.net?.reset();
    this.status.loading();
    this.status.say("loading…", "");
    this.post({ type: "speed", steps: this.speedValue() });
    this.client.load({ plan, digitsUrl: new URL("digits.bin", document.baseURI).href, namesUrl: new URL(NAMES_FILE, document.baseURI).href });
    this.stale = false;
    this.finished = false;
    this.loadedKey = key;
    this.setRunning(false);
    return true;
  }

  /** Forward values of the loaded model with its current parameters (see InspectMessage). */
  inspect(q: InspectQuery): Promise<Inspected> {
    return this.client.inspect(q);
  }

  /** Sampled text of the loaded char model (see SampleMessage). */
  sample(q: Omit<SampleMessage, "type" | "id">): Promise<Sampled> {
    return this.client.sample(q);
  }

  private post(msg: Control): void {
    this.client.post(msg);
  }

  /** The Worker failed (the client has terminated it): the next Start or Step loads a new one. */
  private failed(message: string): void {
    this.status.say(`the training worker failed: ${message}`, "error");
    this.stale = true;
    this.loadedKey = null;
    this.setRunning(false);
  }

  private receive(m: RunMessage): void {
    switch (m.type) {
      case "ready":
        this.ready(m);
        return;
      case "progress":
        this.chart.add(m);
        this.status.show(m);
        this.net?.update();
        this.learn?.update(m);
        return;
      case "surface":
        this.surface = m;
        this.draw();
        return;
      case "stopped":
        this.finished = m.reason === "done";
        this.setRunning(false);
        this.learn?.update(null);
        // Paused because the program or the settings changed: the message says so already.
        if (this.stale && m.reason === "paused") return;
        this.status.say(m.message, m.reason === "diverged" || m.reason === "error" ? "error" : m.reason === "done" ? "ok" : "");
        return;
    }
  }

  private ready(m: Extract<RunMessage, { type: "ready" }>): void {
    this.classes = m.classes;
    this.status.kernelsUsed(m.relaxedSimd);
    this.points = m.points.length === 0 ? null : { xy: m.points, labels: m.labels, trainSize: m.trainSize };
    this.net?.dispose();
    this.net = null;
    const a = this.analysis;
    const model = this.model;
    const t = this.target;
    const net = this.points === null || model === null || t === null ? null : netOf(model.graph, t.bind.input, t.bind.output);
    if (net !== null) this.net = new NetView(net, (q) => this.inspect(q));
    const hint = dataNote(t?.kind === "chars" ? "names" : "digits", m.trainSize, m.testSize);
    this.side.replaceChildren(
      this.points === null
        ? h("p", { class: "hint" }, hint)
        : h("figure", {}, this.canvas, h("figcaption", {}, `decision surface: dots = ${m.trainSize} training points, rings = ${m.testSize} test points`)),
    );
    if (this.net !== null) {
      this.side.append(this.net.root);
      this.net.update();
    }
    this.learn?.dispose();
    this.learn = a === null || model === null || t === null ? null : mountLearnViews(this.side, { analysis: { model }, target: t, inspect: (q) => this.inspect(q), sample: (q) => this.sample(q) });
    if (this.running) this.status.say("training…", "");
    else this.status.say("ready: press Start to train, or Step for one step", "");
    this.draw();
  }

  private draw(): void {
    if (this.points === null) return;
    drawHeatmap(this.canvas, this.surface, this.points, this.classes);
    const trained = this.surface === null ? "not trained yet" : `step ${this.status.step}`;
    this.canvas.setAttribute("aria-label", `decision surface (${trained}): the class the model predicts over the plane, with the training points as dots and the test points as rings`);
  }
}
