/**
 * Attention maps per layer and head for one name: row t (the query at position t) shows how the head
 * spreads its weight over positions 0 … t (the keys; later ones are masked, so 0). Weights come from the
 * model's softmax nodes (`h.0.attn.p`, f32[B, heads, T, T]) for the name framed as names() frames it.
 */
import { h } from "../dom.ts";
import type { Tensor } from "./inspect-types.ts";

const CELL = 18;
const MARGIN = 16;

/** A position's character as drawn on an axis: the boundary id 0 as "·". */
export function axisChar(c: string): string {
  return c === "" ? "·" : c;
}

/** The strongest weight of row t (over keys 0 … t): the key position and the weight. */
export function strongest(p: Float32Array, from: number, t: number, T: number): { key: number; w: number } {
  let key = 0;
  for (let k = 1; k <= t; k++) if (p[from + t * T + k]! > p[from + t * T + key]!) key = k;
  return { key, w: p[from + t * T + key]! };
}

export class AttentionView {
  readonly root: HTMLElement;
  private readonly body = h("div", { class: "attention-grid", "data-testid": "attention-maps" });

  constructor() {
    this.root = h("div", {}, this.body);
  }

  reset(): void {
    this.body.replaceChildren();
  }

  /** `chars[i]` is the character at position i ("" for the boundary); `maps` in layer order. */
  show(chars: readonly string[], maps: readonly { id: string; heads: number; T: number }[], values: Readonly<Record<string, Tensor>>, word: string): void {
    const L = chars.length;
    const figs: HTMLElement[] = [];
    for (const [layer, m] of maps.entries()) {
      const t = values[m.id];
      if (t === undefined) continue;
      for (let head = 0; head < m.heads; head++) {
        const from = head * m.T * m.T;
        const c = h("canvas", { class: "attention", "data-testid": "attention", "data-layer": String(layer), "data-head": String(head), role: "img" });
        this.paint(c, t.data, from, m.T, chars);
        const last = strongest(t.data, from, L - 1, m.T);
        c.setAttribute(
          "aria-label",
          `attention of layer ${layer + 1}, head ${head + 1} over “${word}”: each row is a position, each column an earlier position it attends to, darker = more weight; ` +
            `the last position attends most to position ${last.key} (“${axisChar(chars[last.key] ?? "")}”, ${Math.round(100 * last.w)} %)`,
        );
        figs.push(h("figure", { class: "head" }, c, h("figcaption", {}, `layer ${layer + 1} · head ${head + 1}`)));
      }
    }
    this.body.replaceChildren(...figs);
  }

  private paint(canvas: HTMLCanvasElement, p: Float32Array, from: number, T: number, chars: readonly string[]): void {
    const L = Math.min(chars.length, T);
    canvas.width = MARGIN + L * CELL + 1;
    canvas.height = MARGIN + L * CELL + 1;
    const ctx = canvas.getContext("2d");
    if (ctx === null) return;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.font = "11px ui-monospace, Menlo, monospace";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#1d2330";
    for (let i = 0; i < L; i++) {
      const ch = axisChar(chars[i] ?? "");
      ctx.fillText(ch, MARGIN + i * CELL + CELL / 2, MARGIN / 2);
      ctx.fillText(ch, MARGIN / 2, MARGIN + i * CELL + CELL / 2);
    }
    for (let q = 0; q < L; q++) {
      for (let k = 0; k < L; k++) {
        const w = Math.min(1, Math.max(0, p[from + q * T + k]!));
        // White (0) to the page's blue (1).
        ctx.fillStyle = `rgb(${Math.round(255 - 208 * w)}, ${Math.round(255 - 164 * w)}, ${Math.round(255 - 44 * w)})`;
        ctx.fillRect(MARGIN + k * CELL, MARGIN + q * CELL, CELL - 1, CELL - 1);
      }
    }
  }
}
