/** The confusion matrix on the test set: counts in cells, colour by share of the row, labelled axes. */
import { h } from "../dom.ts";
import { worstConfusion, type Confusion } from "./confusion.ts";
import { css, readableCell, type Rgb } from "./contrast.ts";

const RIGHT: Rgb = [47, 91, 211];
const WRONG: Rgb = [192, 57, 43];

const CELL = 26;
const MARGIN = 34;

export class ConfusionView {
  readonly root: HTMLElement;
  private readonly canvas = h("canvas", { class: "confusion", "data-testid": "confusion", role: "img", "aria-label": "confusion matrix: not computed yet" });
  private readonly summary = h("span", { "data-testid": "confusion-summary" });
  private readonly caption = h("figcaption", {}, this.summary, "rows: the true digit; columns: the predicted digit; a cell counts the test digits of its row predicted as its column.");

  constructor() {
    this.root = h("section", { class: "learn-block" }, h("h3", {}, "Confusion matrix"), h("figure", {}, this.canvas, this.caption));
  }

  reset(): void {
    const ctx = this.canvas.getContext("2d");
    ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.canvas.setAttribute("aria-label", "confusion matrix: waiting for the model");
    delete this.canvas.dataset["total"];
    this.summary.textContent = "";
  }

  show(c: Confusion, step: number): void {
    const n = c.classes;
    const side = MARGIN + n * CELL + 2;
    this.canvas.width = side;
    this.canvas.height = side;
    const ctx = this.canvas.getContext("2d");
    if (ctx !== null) this.paint(ctx, c);
    const worst = worstConfusion(c);
    const acc = c.total === 0 ? 0 : (100 * c.correct) / c.total;
    this.canvas.setAttribute(
      "aria-label",
      `confusion matrix at step ${step} on ${c.total} test digits: ${c.correct} right (${acc.toFixed(1)} %)` +
        (worst === null ? "" : `; most often confused: ${worst.count} × a ${worst.label} predicted as ${worst.predicted}`),
    );
    // The matrix reads the whole test split (up to 2,000 digits): the count says how many, as the stats line says its rows.
    this.summary.textContent = `Step ${step}: ${c.correct.toLocaleString("en-US")} of ${c.total.toLocaleString("en-US")} test digits right (${acc.toFixed(1)} %). `;
    this.canvas.dataset["total"] = String(c.total);
    this.canvas.dataset["correct"] = String(c.correct);
    this.canvas.dataset["counts"] = JSON.stringify(Array.from(c.counts));
  }

  private paint(ctx: CanvasRenderingContext2D, c: Confusion): void {
    const n = c.classes;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#1d2330";
    ctx.fillText("predicted →", MARGIN + (n * CELL) / 2, 7);
    ctx.save();
    ctx.translate(7, MARGIN + (n * CELL) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("true →", 0, 0);
    ctx.restore();
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = "#1d2330";
      ctx.fillText(String(i), MARGIN + i * CELL + CELL / 2, MARGIN - 8);
      ctx.fillText(String(i), MARGIN - 9, MARGIN + i * CELL + CELL / 2);
    }
    for (let y = 0; y < n; y++) {
      let row = 0;
      for (let p = 0; p < n; p++) row += c.counts[y * n + p]!;
      for (let p = 0; p < n; p++) {
        const k = c.counts[y * n + p]!;
        const share = row === 0 ? 0 : k / row;
        // Diagonal (right) in blue, off-diagonal (wrong) in red; the shade is the share of the row.
        // The count's colour is the one with the higher contrast; mid shades are lightened until it is ≥ 4.5:1.
        const cell = readableCell(y === p ? RIGHT : WRONG, y === p ? share : Math.min(1, 3 * share));
        ctx.fillStyle = css(cell.fill);
        const x0 = MARGIN + p * CELL;
        const y0 = MARGIN + y * CELL;
        ctx.fillRect(x0, y0, CELL, CELL);
        ctx.strokeStyle = "#e3e6ec";
        ctx.strokeRect(x0 + 0.5, y0 + 0.5, CELL - 1, CELL - 1);
        if (k > 0) {
          ctx.fillStyle = css(cell.text);
          ctx.fillText(String(k), x0 + CELL / 2, y0 + CELL / 2);
        }
      }
    }
  }
}
