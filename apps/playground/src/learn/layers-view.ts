/** Per-layer activations of one chosen digit, and the convolution filters (the CNN's kernels). */
import { h } from "../dom.ts";
import type { Tensor } from "./inspect-types.ts";
import { rangeText, rowTiles, tileCanvases } from "./tensor-tiles.ts";

export class LayersView {
  readonly root: HTMLElement;
  private readonly body = h("div", { class: "layers", "data-testid": "activations" });
  private readonly title = h("h3", {}, "Activations");

  constructor() {
    this.root = h("section", { class: "learn-block" }, this.title, this.body);
  }

  reset(): void {
    this.body.replaceChildren(h("p", { class: "learn-note" }, "waiting for the model…"));
  }

  /** `values` in layer order; each value's shape[0] is 1 (the chosen digit). */
  show(what: string, layers: readonly string[], values: Readonly<Record<string, Tensor>>): void {
    this.title.textContent = `Activations of ${what}`;
    const figs: HTMLElement[] = [];
    for (const name of layers) {
      const t = values[name];
      if (t === undefined) continue;
      const tiles = rowTiles(t, 0);
      const per = tiles.w * tiles.h * tiles.count;
      const shape = t.shape.slice(1).join(" × ");
      const range = rangeText(t.data, 0, Math.min(per, t.data.length));
      const canvases = tileCanvases(t.data, tiles, (i) => (tiles.count > 1 ? `${name}, channel ${i + 1} of ${tiles.count}: ${tiles.h}×${tiles.w} values` : `${name}: ${shape} values from ${range}, red positive, blue negative`));
      figs.push(h("figure", { class: "layer", "data-layer": name }, h("div", { class: "tiles" }, ...canvases), h("figcaption", {}, h("code", {}, name), ` ${shape} (${range})`)));
    }
    this.body.replaceChildren(...figs);
  }
}

export class FiltersView {
  readonly root: HTMLElement;
  private readonly body = h("div", { class: "layers", "data-testid": "filters" });

  constructor(private readonly kernels: readonly string[]) {
    this.root = h("section", { class: "learn-block" }, h("h3", {}, "Convolution filters"), h("p", { class: "learn-note" }, "Each kernel as a tiny image: red weights add the pixel under them, blue ones subtract it."), this.body);
  }

  reset(): void {
    this.body.replaceChildren();
    this.body.dataset["count"] = "0";
  }

  show(params: Readonly<Record<string, Tensor>>): void {
    let count = 0;
    const figs: HTMLElement[] = [];
    for (const name of this.kernels) {
      const t = params[name];
      if (t === undefined || t.shape.length !== 4) continue;
      const [o, i, kh, kw] = t.shape as [number, number, number, number];
      const canvases = tileCanvases(t.data, { count: o * i, w: kw, h: kh, from: 0 }, (k) => `${name} filter ${Math.floor(k / i) + 1} of ${o}${i > 1 ? `, input channel ${(k % i) + 1}` : ""}: ${kh}×${kw} weights ${rangeText(t.data, k * kh * kw, kh * kw)}`);
      for (const c of canvases) c.style.width = "42px";
      count += canvases.length;
      figs.push(h("figure", { class: "layer", "data-layer": name }, h("div", { class: "tiles" }, ...canvases), h("figcaption", {}, h("code", {}, name), ` ${t.shape.join(" × ")}`)));
    }
    this.body.replaceChildren(...figs);
    this.body.dataset["count"] = String(count);
  }
}
