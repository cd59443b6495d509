/**
 * The graphs as drawn (forward node for node; backward one box per rule application, labelled with
 * its rule; unrolled steps merged) live in @nnc/graph-view, shared with `nnc graph`; the page imports
 * them from here.
 */
export { backwardDrawing, forwardDrawing, type Box, type BoxKind, type DrawnGraph, type Edge } from "@nnc/graph-view";
