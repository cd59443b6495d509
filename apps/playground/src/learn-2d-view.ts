/**
 * The network of a 2-D classifier as it trains, as TensorFlow Playground draws it: one column per
 * layer, each unit a small heatmap of its activation over the plane (blue positive, orange negative,
 * white 0; scaled by the layer's largest |activation|), and the weights as lines between units
 * (blue positive, orange negative; width and opacity ∝ |w| / the link's largest |w|). The values
 * come from the Worker's `inspect` with the current parameters, at most every REFRESH_MS.
 */
import { h } from "./dom.ts";
import type { Net } from "./learn-2d-net.ts";
import { Throttle } from "./learn/throttle.ts";
import type { InspectMessage, Inspected, Tensor } from "./train-protocol.ts";
import { PLANE } from "./train-protocol.ts";
import "./learn-2d.css";

export type InspectQuery = Omit<InspectMessage, "type" | "id">;

/** Grid cells per side of a unit's heatmap. */
const RES = 20;
const REFRESH_MS = 150;
const TILE = 22;
const GAP = 5;
const PAD = 8;
const TOP = 18;
const POS: readonly [number, number, number] = [43, 108, 176];
const NEG: readonly [number, number, number] = [217, 110, 30];

/** The plane's grid as model input rows: row 0 is the top (y = hi), x grows to the right. */
function gridInputs(): Float32Array {
  const xy = new Float32Array(RES * RES * 2);
  const step = (PLANE.hi - PLANE.lo) / (RES - 1);
  for (let i = 0; i < RES * RES; i++) {
    xy[2 * i] = PLANE.lo + (i % RES) * step;
    xy[2 * i + 1] = PLANE.hi - Math.floor(i / RES) * step;
  }
  return xy;
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** White at 0, toward POS or NEG as |t| → 1. */
function shade(t: number): [number, number, number] {
  const c = t >= 0 ? POS : NEG;
  const a = Math.min(1, Math.abs(t));
  return [Math.round(255 + (c[0] - 255) * a), Math.round(255 + (c[1] - 255) * a), Math.round(255 + (c[2] - 255) * a)];
}

export class NetView {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly grid = gridInputs();
  private readonly tile = document.createElement("canvas");
  private generation = 0;
  private readonly throttle = new Throttle(() => this.refresh(), REFRESH_MS);

  constructor(
    private readonly net: Net,
    private readonly inspect: (q: InspectQuery) => Promise<Inspected>,
  ) {
    const tallest = Math.max(...net.layers.map((l) => l.units));
    const height = TOP + tallest * (TILE + GAP) + PAD;
    const width = Math.max(240, Math.min(420, net.layers.length * 110));
    this.canvas = h("canvas", { width: String(width), height: String(height), class: "net-view", role: "img", "data-testid": "net-view" });
    this.canvas.setAttribute("aria-label", this.describe(null));
    const caption = h(
      "figcaption",
      {},
      "Each square is one unit's activation over the plane (blue positive, orange negative); lines are the weights (blue positive, orange negative, thicker = larger).",
    );
    this.root = h("figure", { class: "net-figure" }, this.canvas, caption);
    this.tile.width = RES;
    this.tile.height = RES;
    this.draw(null);
  }

  private describe(step: number | null): string {
    const layers = this.net.layers.map((l, i) => `${l.id} (${l.units} ${i === 0 ? "inputs" : "units"})`).join(" → ");
    const when = step === null ? "not trained yet" : `after step ${step}`;
    return `network ${layers}: each unit's activation over the plane and the weights between units, ${when}`;
  }

  /** Asks for fresh values: at most one request in flight and one every REFRESH_MS (see Throttle). */
  update(): void {
    this.throttle.request();
  }

  /** A new model: drawings of the old one are dropped. */
  reset(): void {
    this.generation++;
    this.draw(null);
  }

  dispose(): void {
    this.generation++;
    this.throttle.dispose();
    this.root.remove();
  }

  /** Draws the values inspect returns, unless the model changed (reset) meanwhile. */
  private async refresh(): Promise<void> {
    const gen = this.generation;
    const hidden = this.net.layers.slice(1).map((l) => l.id);
    const params = [...new Set(this.net.links.map((l) => l.param))];
    const input = this.net.layers[0]!.id;
    const r = await this.inspect({ rows: { kind: "inputs", count: RES * RES, inputs: { [input]: this.grid } }, nodes: hidden, params });
    if (gen === this.generation && !("error" in r)) this.draw(r);
  }

  private position(layer: number, unit: number): { x: number; y: number } {
    const n = this.net.layers.length;
    const x = PAD + (layer * (this.canvas.width - 2 * PAD - TILE)) / Math.max(1, n - 1);
    const tallest = Math.max(...this.net.layers.map((l) => l.units));
    const offset = ((tallest - this.net.layers[layer]!.units) * (TILE + GAP)) / 2;
    return { x: Math.round(x), y: Math.round(TOP + offset + unit * (TILE + GAP)) };
  }

  private draw(r: Exclude<Inspected, { error: string }> | null): void {
    const ctx = this.canvas.getContext("2d");
    if (ctx === null) return;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    let edges = 0;
    if (r !== null) for (const link of this.net.links) edges += this.drawLink(ctx, link.from, link.to, r.params[link.param]);
    let units = 0;
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#333";
    this.net.layers.forEach((layer, li) => {
      const top = this.position(li, 0);
      ctx.fillText(layer.id.length > 12 ? `${layer.id.slice(0, 11)}…` : layer.id, top.x, 12);
      const values = li === 0 ? null : r?.values[layer.id];
      const scale = values === undefined || values === null ? 1 : maxAbs(values.data) || 1;
      for (let u = 0; u < layer.units; u++) {
        const p = this.position(li, u);
        if (r !== null) {
          this.paintTile(ctx, p.x, p.y, li === 0 ? null : (values ?? null), u, layer.units, scale);
          units++;
        }
        ctx.strokeStyle = "#8a8fa3";
        ctx.lineWidth = 1;
        ctx.strokeRect(p.x - 0.5, p.y - 0.5, TILE + 1, TILE + 1);
      }
    });
    const d = this.canvas.dataset;
    d["step"] = r === null ? "" : String(r.step);
    d["units"] = String(units);
    d["edges"] = String(edges);
    this.canvas.setAttribute("aria-label", this.describe(r?.step ?? null));
  }

  /** Lines from every unit of layer `a` to every unit of layer `b`; returns how many were drawn. */
  private drawLink(ctx: CanvasRenderingContext2D, a: number, b: number, w: Tensor | undefined): number {
    if (w === undefined) return 0;
    const na = this.net.layers[a]!.units;
    const nb = this.net.layers[b]!.units;
    const m = maxAbs(w.data) || 1;
    let drawn = 0;
    for (let i = 0; i < na; i++) {
      for (let j = 0; j < nb; j++) {
        const v = w.data[i * nb + j]!;
        if (!Number.isFinite(v)) continue;
        const t = Math.abs(v) / m;
        const [r, g, bl] = v >= 0 ? POS : NEG;
        const from = this.position(a, i);
        const to = this.position(b, j);
        ctx.strokeStyle = `rgba(${r}, ${g}, ${bl}, ${(0.15 + 0.75 * t).toFixed(3)})`;
        ctx.lineWidth = 0.4 + 3.2 * t;
        ctx.beginPath();
        ctx.moveTo(from.x + TILE, from.y + TILE / 2);
        ctx.lineTo(to.x, to.y + TILE / 2);
        ctx.stroke();
        drawn++;
      }
    }
    return drawn;
  }

  /** Unit `u`'s activation over the grid (values [RES², units]); the input layer shows its coordinate. */
  private paintTile(ctx: CanvasRenderingContext2D, x: number, y: number, values: Tensor | null, u: number, units: number, scale: number): void {
    const t = this.tile.getContext("2d");
    if (t === null) return;
    const img = t.createImageData(RES, RES);
    const coord = PLANE.hi;
    for (let i = 0; i < RES * RES; i++) {
      const v = values === null ? this.grid[2 * i + u]! / coord : values.data[i * units + u]! / scale;
      const [r, g, b] = shade(Number.isFinite(v) ? v : 0);
      img.data[4 * i] = r;
      img.data[4 * i + 1] = g;
      img.data[4 * i + 2] = b;
      img.data[4 * i + 3] = 255;
    }
    t.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.tile, x, y, TILE, TILE);
  }
}
