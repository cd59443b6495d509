/**
 * Pictures of the compiler's graphs, shared by the playground (which draws them into the page) and
 * `nnc graph` (which writes them as text): the drawn model (model.ts, steps.ts), its dagre layout
 * (layout.ts) and two renderers, SVG and Graphviz DOT. Browser-safe: no DOM, no `node:` module.
 */
export type { Box, BoxKind, DrawnGraph, Edge, GroupInfo } from "./types.ts";
export { boundDrawing, MAX_BOXES, MAX_EDGES_PER_BOX, type BoundedDrawing, type BoundOptions } from "./bound.ts";
export { forwardDrawing, backwardDrawing } from "./model.ts";
export { SEED_KEY } from "./seed.ts";
export { collapseSteps } from "./steps.ts";
export { layoutDrawing, boxWidth, pathData, BOX_H, CHAR_W, type GraphLayout, type PlacedBox, type PlacedEdge, type Point } from "./layout.ts";
export { tieColour, tieHex, tieHue, tieIndices, drawingTies } from "./colour.ts";
export { xmlText, dotString } from "./escape.ts";
export { renderSvg, type TextRenderOptions } from "./svg.ts";
export { boxParts, boxGroupAttrs, svgNumber, type SvgPart } from "./box-parts.ts";
export { renderDot } from "./dot.ts";
