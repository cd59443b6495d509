/** The colour of a forward node and of every box tied to it, in both drawings. */
import type { Graph } from "@nnc/compiler";
import type { DrawnGraph } from "./types.ts";

/** A stable hue per forward node: golden-angle (137.508°) steps over the node's position. */
export function tieHue(index: number): number {
  return Math.round((index * 137.508) % 360);
}

/** The CSS colour of tie `index` at 65 % saturation. */
export function tieColour(index: number, lightness = 50): string {
  return `hsl(${tieHue(index)} 65% ${lightness}%)`;
}

/** The same colour as `#rrggbb` (for Graphviz), by the HSL → RGB formula of CSS Color 4. */
export function tieHex(index: number, lightness = 50): string {
  const h = tieHue(index);
  const s = 0.65;
  const l = lightness / 100;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255).toString(16).padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Forward node id → colour index: its position among the forward nodes (a backward graph lists them first). */
export function tieIndices(g: Graph): Map<string, number> {
  return new Map(g.nodes.filter((n) => n.origin === undefined).map((n, i) => [n.id, i]));
}

/** Colour indices in the order ties first appear among the boxes, for a drawing without its graph. */
export function drawingTies(drawn: DrawnGraph): Map<string, number> {
  const ties = new Map<string, number>();
  for (const b of drawn.boxes) if (!ties.has(b.tie)) ties.set(b.tie, ties.size);
  return ties;
}
