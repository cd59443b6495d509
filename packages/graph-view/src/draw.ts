/**
 * What a page needs to draw a laid-out graph (the playground's bundle imports this entry,
 * `@nnc/graph-view/draw`): the boxes' SVG parts, edge paths and tie colours. Nothing here reaches
 * @nnc/compiler at run time, so a page that draws the analysis Worker's layouts does not load the
 * compiler; building and laying out the drawings (the package's main entry) happens in the Worker.
 */
export type { Box, BoxKind, DrawnGraph, Edge, GroupInfo } from "./types.ts";
export { pathData, BOX_H, CHAR_W, type GraphLayout, type PlacedBox, type PlacedEdge, type Point } from "./layout.ts";
export { tieColour, tieHex, tieHue } from "./colour.ts";
export { boxParts, boxGroupAttrs, svgNumber, type SvgPart } from "./box-parts.ts";
