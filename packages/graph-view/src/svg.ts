/**
 * A DrawnGraph as one standalone SVG document (text): the playground's drawing (graph-svg.ts in
 * apps/playground draws the same layout into the DOM) with its style sheet inside, so the file
 * shows the same in a browser, an <img> or an editor. Every piece of text is XML-escaped; the
 * document has no script, no event attribute and no external reference.
 */
import { boxGroupAttrs, boxParts, type SvgPart } from "./box-parts.ts";
import { drawingTies, tieColour } from "./colour.ts";
import { xmlText } from "./escape.ts";
import { layoutDrawing, pathData } from "./layout.ts";
import type { DrawnGraph } from "./types.ts";

export interface TextRenderOptions {
  /** What the picture shows (the document's <title>), e.g. "forward graph of Mlp (mlp.nn)". */
  readonly title?: string;
  /** Forward node id → colour index (tieIndices); by default ties are numbered as they first appear. */
  readonly ties?: ReadonlyMap<string, number>;
}

/** The playground's graph rules (apps/playground/src/style.css), without its interaction states. */
const STYLE = [
  ".background { fill: #fff; }",
  ".box rect.frame { fill: #fff; stroke-width: 1.5; }",
  ".box.kind-param rect.frame { fill: #f3f6ff; }",
  ".box.kind-input rect.frame { fill: #f1fbf4; }",
  ".box.kind-loss rect.frame, .box.kind-gradient rect.frame { fill: #fff6ea; stroke-width: 2.5; }",
  ".box.kind-ghost rect.frame { fill: #f6f6f6; stroke-dasharray: 4 3; }",
  ".box text { fill: #1d2330; }",
  ".box.kind-ghost text { fill: #666; }",
  ".box path.stack { fill: none; stroke-width: 1.5; }",
  ".box.kind-group rect.frame { fill: #f7f4ff; stroke-width: 2; }",
  ".box text.title { font: 600 12px ui-monospace, Menlo, Consolas, monospace; }",
  ".box text.detail { font: 10.5px ui-monospace, Menlo, Consolas, monospace; fill: #556; }",
  ".edge { fill: none; stroke: #8d95a5; stroke-width: 1.2; }",
  ".edge.dashed { stroke-dasharray: 5 4; stroke: #b3b8c3; }",
  ".arrow-head { fill: #8d95a5; }",
].join("\n");

const attrText = (attrs: Readonly<Record<string, string>>): string =>
  Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlText(v)}"`)
    .join("");

const partText = (part: SvgPart): string =>
  part.text === undefined ? `<${part.tag}${attrText(part.attrs)}/>` : `<${part.tag}${attrText(part.attrs)}>${xmlText(part.text)}</${part.tag}>`;

export function renderSvg(drawn: DrawnGraph, options: TextRenderOptions = {}): string {
  const laid = layoutDrawing(drawn);
  const ties = options.ties ?? drawingTies(drawn);
  const width = Math.max(laid.width, 16);
  const height = Math.max(laid.height, 16);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="graph-svg">`,
    ...(options.title === undefined ? [] : [`<title>${xmlText(options.title)}</title>`]),
    `<style>\n${STYLE}\n</style>`,
    `<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" class="arrow-head"/></marker></defs>`,
    `<rect class="background" width="${width}" height="${height}"/>`,
  ];
  for (const { edge, points } of laid.edges) {
    lines.push(`<path d="${pathData(points)}" class="${edge.dashed ? "edge dashed" : "edge"}" marker-end="url(#arrow)"/>`);
  }
  for (const p of laid.boxes) {
    const colour = tieColour(ties.get(p.box.tie) ?? 0);
    lines.push(`<g${attrText(boxGroupAttrs(p))}>${boxParts(p, colour).map(partText).join("")}</g>`);
  }
  lines.push(`</svg>`, "");
  return lines.join("\n");
}
