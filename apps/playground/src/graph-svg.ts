/**
 * Draws a DrawnGraph into the page as SVG elements, laid out by @nnc/graph-view (dagre, top to bottom:
 * the layout `nnc graph` writes). Boxes carry `data-tie` (the forward
 * node id) so both drawings can highlight every box tied to the same forward node.
 */
import { boxGroupAttrs, boxParts, layoutDrawing, pathData, tieColour, type Box, type DrawnGraph } from "@nnc/graph-view";

const SVG_NS = "http://www.w3.org/2000/svg";

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

export interface GraphHandlers {
  readonly onSelect: (box: Box) => void;
  readonly onHover: (tie: string | null) => void;
}

/** `ties` maps a forward node id to its colour index. */
export function renderGraph(container: HTMLElement, drawn: DrawnGraph, ties: ReadonlyMap<string, number>, handlers: GraphHandlers): void {
  container.replaceChildren();
  if (drawn.boxes.length === 0) return;
  const laid = layoutDrawing(drawn);
  const width = laid.width;
  const height = laid.height;
  // Shrinks to the column's width down to 70 % of natural size; below that the column scrolls.
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "graph-svg", style: `max-width:100%;height:auto;min-width:${Math.round(0.7 * width)}px` });
  const defs = el("defs", {}, svg);
  const marker = el("marker", { id: `arrow-${container.id}`, viewBox: "0 0 8 8", refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: "auto" }, defs);
  el("path", { d: "M0,0 L8,4 L0,8 z", class: "arrow-head" }, marker);
  for (const { edge: e, points } of laid.edges) {
    el("path", { d: pathData(points), class: e.dashed ? "edge dashed" : "edge", "marker-end": `url(#arrow-${container.id})` }, svg);
  }
  for (const p of laid.boxes) {
    const b = p.box;
    const group = el("g", boxGroupAttrs(p), svg);
    // the same parts renderSvg writes; setAttribute and textContent keep names inert
    for (const part of boxParts(p, tieColour(ties.get(b.tie) ?? 0))) {
      const node = el(part.tag, part.attrs, group);
      if (part.text !== undefined) node.textContent = part.text;
    }
    group.addEventListener("click", () => {
      handlers.onSelect(b);
    });
    group.addEventListener("mouseenter", () => {
      handlers.onHover(b.tie);
    });
    group.addEventListener("mouseleave", () => {
      handlers.onHover(null);
    });
  }
  container.appendChild(svg);
}

/** Marks every box (in any drawing under `root`) tied to `tie` with `className`; clears the rest. */
export function markTie(root: ParentNode, tie: string | null, className: string): void {
  for (const e of root.querySelectorAll(`.box.${className}`)) e.classList.remove(className);
  if (tie === null) return;
  for (const e of root.querySelectorAll(`.box`)) if (e.getAttribute("data-tie") === tie) e.classList.add(className);
}
