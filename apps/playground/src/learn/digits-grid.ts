/** A grid of test digits, each with the prediction and the ten class probabilities (wrong ones marked). */
import { h } from "../dom.ts";
import { probabilitiesRow } from "./confusion.ts";
import type { ScoreKind } from "./model-nodes.ts";
import { inkColour, paintValues } from "./paint.ts";
import { SIDE } from "./digit-image.ts";

export const GRID_SIZE = 20;

/** Ten probability bars (0 … 9) on a canvas, the predicted one dark, the label's outlined; `labelled` adds the class under each bar. */
export function paintBars(canvas: HTMLCanvasElement, probs: Float32Array, label: number | null, labelled = false): void {
  const n = probs.length;
  const barW = labelled ? 12 : 6;
  const hgt = labelled ? 26 : 24;
  const labelRow = labelled ? 14 : 0;
  canvas.width = n * barW;
  canvas.height = hgt + labelRow;
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  let best = 0;
  for (let i = 1; i < n; i++) if (probs[i]! > probs[best]!) best = i;
  for (let i = 0; i < n; i++) {
    const bh = Math.max(1, Math.round(probs[i]! * (hgt - 2)));
    ctx.fillStyle = i === best ? "#1d2330" : "#8d95a5";
    ctx.fillRect(i * barW + 1, hgt - bh, barW - 2, bh);
    if (i === label) {
      ctx.strokeStyle = "#2e7d4f";
      ctx.strokeRect(i * barW + 0.5, 0.5, barW - 1, hgt - 1);
    }
    if (labelled) {
      ctx.fillStyle = "#1d2330";
      ctx.font = "10px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(String(i), i * barW + barW / 2, hgt + 2);
    }
  }
}

/** The bars as text for a screen reader: "0: 1 %, 1: 92 %, …". */
export function barsText(probs: Float32Array): string {
  return Array.from(probs, (p, i) => `${i}: ${Math.round(100 * p)} %`).join(", ");
}

const pct = (p: number): string => `${Math.round(100 * p)} %`;

export class DigitsGrid {
  readonly root: HTMLElement;
  private readonly cells: HTMLButtonElement[] = [];
  /** Not a live region: it changes with every refresh while training (read on demand). */
  private readonly summary = h("p", { class: "learn-note" });
  private readonly list = h("div", { class: "digit-grid", "data-testid": "learn-digits", role: "group", "aria-label": "test digits with predictions" });

  /** `choose(i)` is called when test digit i is picked (click, Enter, Space); `kind` says what the scores are. */
  constructor(
    private readonly choose: (row: number) => void,
    private readonly kind: ScoreKind,
  ) {
    this.root = h("section", { class: "learn-block" }, h("h3", {}, "Test digits"), this.summary, this.list);
  }

  reset(): void {
    this.list.replaceChildren();
    this.cells.length = 0;
    delete this.list.dataset["accuracy"];
    this.summary.textContent = "waiting for the model…";
  }

  /** Shows the first GRID_SIZE rows: pixels (rows × 784 in [0, 1]), labels and class scores (rows × classes). */
  show(pixels: Float32Array | Int32Array, labels: Int32Array, scores: Float32Array, classes: number, step: number, chosen: number): void {
    const n = Math.min(GRID_SIZE, labels.length);
    let right = 0;
    const cells: HTMLElement[] = [];
    for (let r = 0; r < n; r++) {
      const probs = probabilitiesRow(scores, r, classes, this.kind);
      let pred = 0;
      for (let i = 1; i < classes; i++) if (probs[i]! > probs[pred]!) pred = i;
      const label = labels[r]!;
      const ok = pred === label;
      if (ok) right++;
      const img = h("canvas", { class: "digit-img", "aria-hidden": "true" });
      paintValues(img, pixels, r * SIDE * SIDE, SIDE, SIDE, inkColour);
      const bars = h("canvas", { class: "digit-bars", "aria-hidden": "true" });
      paintBars(bars, probs, label);
      const cell = this.cells[r] ?? h("button", { type: "button", class: "digit-cell", "data-testid": "digit-cell" });
      this.cells[r] = cell;
      cell.className = `digit-cell${ok ? "" : " wrong"}${r === chosen ? " chosen" : ""}`;
      cell.setAttribute("aria-pressed", String(r === chosen));
      // The name starts with the visible text ("7 93 %", "✗" when wrong), as WCAG's label-in-name asks.
      cell.setAttribute("aria-label", `${pred} ${pct(probs[pred]!)}${ok ? "" : " ✗"}: test digit ${r + 1}, a ${label}, predicted ${pred}${ok ? "" : ", wrong"}; show its activations`);
      cell.dataset["label"] = String(label);
      cell.dataset["pred"] = String(pred);
      cell.dataset["correct"] = String(ok);
      cell.onclick = () => {
        for (const [i, c] of this.cells.entries()) {
          c.classList.toggle("chosen", i === r);
          c.setAttribute("aria-pressed", String(i === r));
        }
        this.choose(r);
      };
      cell.replaceChildren(img, h("span", { class: "digit-text" }, `${pred}`, h("small", {}, ` ${pct(probs[pred]!)}`), ok ? "" : h("span", { class: "wrong-mark" }, " ✗")), bars);
      cells.push(cell);
    }
    this.list.replaceChildren(...cells);
    this.list.dataset["accuracy"] = String(n === 0 ? 0 : right / n);
    this.list.dataset["step"] = String(step);
    this.summary.textContent = `step ${step}: ${right} of ${n} shown digits right; ✗ marks a wrong prediction. Pick a digit to see its activations.`;
  }
}
