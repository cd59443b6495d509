/**
 * The digits views of the Train tab: a grid of test digits with predictions, the confusion matrix on
 * the test set, the activations of a chosen digit, the conv filters (CNN) and a pad to draw a digit —
 * all read from the training Worker with the current parameters (inspect requests).
 */
import { h } from "../dom.ts";
import type { Progress } from "../train-protocol.ts";
import { confusion } from "./confusion.ts";
import { ConfusionView } from "./confusion-view.ts";
import { SIDE } from "./digit-image.ts";
import { DigitsGrid } from "./digits-grid.ts";
import { DrawPad } from "./draw-pad.ts";
import { inspectedValues } from "./inspect-types.ts";
import { FiltersView, LayersView } from "./layers-view.ts";
import { kernelParams, layerNodes, scoreKind } from "./model-nodes.ts";
import type { LearnContext, LearnViews } from "./context.ts";
import { Throttle } from "./throttle.ts";

/** Test rows inspected per refresh: the whole held-out set of the digits asset (800 at val 0.2). */
const TEST_LIMIT = 2000;
const REFRESH_MS = 600;

export class DigitsViews implements LearnViews {
  private readonly section: HTMLElement;
  private readonly message = h("p", { class: "learn-note", role: "status" });
  private readonly grid: DigitsGrid;
  private readonly matrix = new ConfusionView();
  private readonly layers = new LayersView();
  private readonly filters: FiltersView | null;
  private readonly pad: DrawPad;
  private readonly throttle: Throttle;
  private readonly drawThrottle: Throttle;
  private readonly layerIds: string[];
  private readonly input: string;
  private readonly output: string;
  private testPixels: Float32Array | null = null;
  private chosen = 0;
  private step = 0;

  constructor(
    side: HTMLElement,
    private readonly ctx: LearnContext,
  ) {
    const model = ctx.analysis.model;
    this.layerIds = model === undefined ? [] : layerNodes(model);
    const kernels = model === undefined ? [] : kernelParams(model);
    this.input = ctx.target.bind.input;
    this.output = ctx.target.bind.output;
    const kind = model === undefined ? "logits" : scoreKind(model, this.output);
    this.grid = new DigitsGrid((row) => {
      this.chosen = row;
      void this.refreshChosen();
    }, kind);
    this.filters = kernels.length === 0 ? null : new FiltersView(kernels);
    this.pad = new DrawPad(() => {
      this.drawThrottle.request();
    }, kind);
    this.section = h(
      "section",
      { class: "learn", "data-testid": "learn", "aria-label": "what the model learned" },
      h("h2", {}, "Watch it learn"),
      this.message,
      h("div", { class: "learn-cols" }, this.grid.root, this.matrix.root, this.pad.root, this.layers.root, this.filters?.root ?? null),
    );
    side.append(this.section);
    this.throttle = new Throttle(() => this.refresh(), REFRESH_MS);
    this.drawThrottle = new Throttle(() => this.refreshDrawing(), 150);
    this.reset();
  }

  update(p: Progress | null): void {
    if (p !== null) this.step = p.step;
    this.throttle.request();
  }

  reset(): void {
    this.testPixels = null;
    this.grid.reset();
    this.matrix.reset();
    this.layers.reset();
    this.filters?.reset();
    this.message.textContent = "";
    this.throttle.request();
  }

  dispose(): void {
    this.throttle.dispose();
    this.drawThrottle.dispose();
    this.section.remove();
  }

  private fail(e: unknown): void {
    this.message.textContent = `could not read the model: ${e instanceof Error ? e.message : String(e)}`;
  }

  private async refresh(): Promise<void> {
    try {
      const r = inspectedValues(await this.ctx.inspect({ rows: { kind: "test", limit: TEST_LIMIT }, nodes: [this.output], params: this.filters === null ? [] : kernelParams(this.ctx.analysis.model!) }));
      const scores = r.values[this.output];
      const labels = r.labels;
      const x = r.inputs?.[this.input];
      if (scores === undefined || labels === undefined || x === undefined) throw new Error(`the answer lacks ${this.output}, the labels or ${this.input}`);
      const classes = scores.shape[1] ?? this.ctx.target.classes;
      this.step = r.step;
      this.testPixels = Float32Array.from(x);
      this.message.textContent = "";
      this.grid.show(this.testPixels, labels, scores.data, classes, r.step, this.chosen);
      this.matrix.show(confusion(labels, scores.data, classes), r.step);
      this.filters?.show(r.params);
    } catch (e) {
      this.fail(e);
      return;
    }
    await this.refreshChosen();
    if (this.pad.hasInk) await this.refreshDrawing();
  }

  private async refreshChosen(): Promise<void> {
    const px = this.testPixels;
    if (px === null || this.layerIds.length === 0) return;
    const row = px.slice(this.chosen * SIDE * SIDE, (this.chosen + 1) * SIDE * SIDE);
    try {
      const r = inspectedValues(await this.ctx.inspect({ rows: { kind: "inputs", count: 1, inputs: { [this.input]: row } }, nodes: this.layerIds, params: [] }));
      this.layers.show(`test digit ${this.chosen + 1} (step ${r.step})`, this.layerIds, r.values);
    } catch (e) {
      this.fail(e);
    }
  }

  private async refreshDrawing(): Promise<void> {
    if (!this.pad.hasInk) return;
    const generation = this.pad.generation;
    const img = this.pad.image();
    try {
      const r = inspectedValues(await this.ctx.inspect({ rows: { kind: "inputs", count: 1, inputs: { [this.input]: img } }, nodes: [this.output], params: [] }));
      const scores = r.values[this.output];
      if (scores !== undefined) this.pad.show(scores.data.slice(0, scores.shape[1] ?? this.ctx.target.classes), r.step, generation);
    } catch (e) {
      this.fail(e);
    }
  }
}
