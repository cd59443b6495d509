/**
 * A canvas to draw a digit (mouse, pen, touch via pointer events; Delete, Backspace, Escape or C clears
 * it from the keyboard) and the model's live prediction for it, read from the 28×28 image MNIST's
 * centring makes of the drawing (digit-image.ts).
 */
import { h } from "../dom.ts";
import { probabilitiesRow } from "./confusion.ts";
import type { ScoreKind } from "./model-nodes.ts";
import { mnistImage, SIDE } from "./digit-image.ts";
import { barsText, paintBars } from "./digits-grid.ts";
import { inkColour, paintValues } from "./paint.ts";

const PAD = 280;
/** Stroke width on the 280-pixel pad: 20 px ≈ 2 of 28 pixels, like MNIST's pen. */
const PEN = 20;

export class DrawPad {
  readonly root: HTMLElement;
  private readonly pad = h("canvas", { width: String(PAD), height: String(PAD), class: "draw-pad", "data-testid": "draw", tabindex: "0", role: "img" });
  private readonly preview = h("canvas", { class: "digit-img", role: "img", "aria-label": "the drawing as the model sees it: 28×28, centred by centre of mass" });
  private readonly bars = h("canvas", { class: "digit-bars big", role: "img", "data-testid": "draw-bars", "aria-label": "class probabilities: none yet" });
  /** Not live: refreshed while training; `spoken` announces the prediction once after each stroke. */
  private readonly result = h("p", { class: "draw-pred", "data-testid": "draw-pred" }, "Draw a digit in the box.");
  private readonly spoken = h("p", { class: "visually-hidden", "aria-live": "polite", "data-testid": "draw-announce" });
  private announceNext = false;
  /** Bumped by every stroke and clear: an answer for an older generation is for a drawing no longer there. */
  private drawn = 0;
  private readonly clear = h("button", { type: "button", "data-testid": "draw-clear" }, "Clear");
  private drawing = false;
  private last: { x: number; y: number } | null = null;
  private inked = false;

  /** `changed` asks for a prediction of `image()` (after each stroke, and while drawing). */
  constructor(
    private readonly changed: () => void,
    private readonly kind: ScoreKind,
  ) {
    this.root = h(
      "section",
      { class: "learn-block" },
      h("h3", {}, "Draw a digit"),
      h("div", { class: "draw-row" }, this.pad, h("div", { class: "draw-side" }, this.preview, this.bars, this.result, this.spoken, this.clear)),
      h("p", { class: "learn-note" }, "Mouse, pen or finger. The box is focusable: Delete, Backspace, Escape or C clears it."),
    );
    this.labelPad("empty");
    this.wipe();
    this.pad.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      this.pad.setPointerCapture(e.pointerId);
      this.drawing = true;
      this.drawn++;
      this.last = this.at(e);
      this.line(this.last, this.last);
    });
    this.pad.addEventListener("pointermove", (e) => {
      if (!this.drawing || this.last === null) return;
      const p = this.at(e);
      this.line(this.last, p);
      this.last = p;
    });
    const end = (): void => {
      if (!this.drawing) return;
      this.drawing = false;
      this.last = null;
      this.announceNext = true;
      this.changed();
    };
    this.pad.addEventListener("pointerup", end);
    this.pad.addEventListener("pointercancel", end);
    this.pad.addEventListener("keydown", (e) => {
      if (["Delete", "Backspace", "Escape", "c", "C"].includes(e.key)) {
        e.preventDefault();
        this.reset();
      }
    });
    this.clear.addEventListener("click", () => {
      this.reset();
    });
  }

  get hasInk(): boolean {
    return this.inked;
  }

  /** The drawing's generation: pass it back to `show` with the answer for `image()`. */
  get generation(): number {
    return this.drawn;
  }

  reset(): void {
    this.drawn++;
    this.announceNext = false;
    this.spoken.textContent = "";
    this.wipe();
    this.inked = false;
    this.result.textContent = "Draw a digit in the box.";
    delete this.result.dataset["pred"];
    this.labelPad("empty");
    paintValues(this.preview, new Float32Array(SIDE * SIDE), 0, SIDE, SIDE, inkColour);
    paintBars(this.bars, new Float32Array(10), null, true);
    this.bars.setAttribute("aria-label", "class probabilities: none yet");
  }

  /** The drawing as a 28×28 MNIST image (values in [0, 1]). */
  image(): Float32Array {
    const ctx = this.pad.getContext("2d", { willReadFrequently: true });
    if (ctx === null) return new Float32Array(SIDE * SIDE);
    const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
    const ink = new Float32Array(PAD * PAD);
    // The pad is white with black ink: ink = 1 − red/255.
    for (let i = 0; i < ink.length; i++) ink[i] = 1 - rgba[4 * i]! / 255;
    const img = mnistImage({ w: PAD, h: PAD, data: ink });
    paintValues(this.preview, img, 0, SIDE, SIDE, inkColour);
    return img;
  }

  /** Shows the model's class scores for the drawing of `generation`; ignored when the pad changed since. */
  show(scores: Float32Array, step: number, generation: number): void {
    if (generation !== this.drawn || !this.inked) return;
    const probs = probabilitiesRow(scores, 0, scores.length, this.kind);
    let pred = 0;
    for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[pred]!) pred = i;
    const p = `${Math.round(100 * probs[pred]!)} %`;
    paintBars(this.bars, probs, null, true);
    this.bars.setAttribute("aria-label", `class probabilities: ${barsText(probs)}`);
    this.result.textContent = `Prediction: ${pred} (${p}, model at step ${step})`;
    this.result.dataset["pred"] = String(pred);
    this.labelPad(`predicted ${pred} with ${p}`);
    if (this.announceNext) {
      this.announceNext = false;
      this.spoken.textContent = `Prediction: ${pred} (${p})`;
    }
  }

  private labelPad(state: string): void {
    this.pad.setAttribute("aria-label", `drawing pad for a digit, ${state}; press Delete to clear`);
  }

  private wipe(): void {
    const ctx = this.pad.getContext("2d", { willReadFrequently: true });
    if (ctx === null) return;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, PAD, PAD);
  }

  private at(e: PointerEvent): { x: number; y: number } {
    const r = this.pad.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * PAD) / r.width, y: ((e.clientY - r.top) * PAD) / r.height };
  }

  private line(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const ctx = this.pad.getContext("2d", { willReadFrequently: true });
    if (ctx === null) return;
    ctx.strokeStyle = "#000";
    ctx.lineWidth = PEN;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    this.inked = true;
  }
}
