/**
 * Draws a laid-out drawing (GraphLayout from @nnc/graph-view, placed by dagre top to bottom: the layout
 * `nnc graph` writes) into the page as SVG elements inside an explorable viewport: zoom, pan and fit
 * (graph-explore.ts), an overview for large graphs (graph-minimap.ts) and keyboard-reachable boxes
 * (graph-keys.ts). Boxes carry `data-tie` (the forward node id) so both drawings can highlight every
 * box tied to the same forward node.
 */
import { boxGroupAttrs, boxParts, pathData, tieColour, type Box, type GraphLayout } from "@nnc/graph-view/draw";
import { GraphViewport } from "./graph-explore.ts";
import { keyboardBoxes, type KeyedBox } from "./graph-keys.ts";
import { createMinimap, MINIMAP_MIN_BOXES } from "./graph-minimap.ts";
import "./graphs.css";

const SVG_NS = "http://www.w3.org/2000/svg";
/** The zoom buttons' band (28 px buttons, 40 px on a phone, 4 px from the top). */
const toolbarInset = (): number => (window.matchMedia("(max-width: 760px)").matches ? 46 : 34);

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

const KIND_WORDS: Readonly<Record<Box["kind"], string>> = {
  input: "input",
  param: "parameter",
  const: "constant",
  op: "value",
  loss: "output",
  backward: "backward rule",
  gradient: "gradient",
  ghost: "forward value read",
  group: "group",
};

/** What a screen reader says for a box: its title, op and type as drawn, and what kind of box it is. */
export function boxLabel(b: Box): string {
  const count = b.group === undefined ? "" : ` of ${b.group.count.toLocaleString("en-US")} boxes${b.group.expandable ? ", press Enter to open" : ""}`;
  // Starts with the visible text (title, then detail) so the name contains what is seen (WCAG 2.5.3).
  return `${b.title} ${b.detail} (${KIND_WORDS[b.kind]}${count})`;
}

/** `ties` maps a forward node id to its colour index; `name` is the drawing's name ("forward graph"). */
export function renderGraph(container: HTMLElement, laid: GraphLayout, ties: ReadonlyMap<string, number>, handlers: GraphHandlers, name: string): GraphViewport | null {
  container.replaceChildren();
  container.classList.add("explorable");
  if (laid.boxes.length === 0) return null;
  const width = Math.max(laid.width, 16);
  const height = Math.max(laid.height, 16);
  const viewportEl = document.createElement("div");
  viewportEl.className = "graph-viewport";
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "graph-svg", "data-testid": "graph-svg" }, viewportEl);
  const defs = el("defs", {}, svg);
  const marker = el("marker", { id: `arrow-${container.id}`, viewBox: "0 0 8 8", refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: "auto" }, defs);
  el("path", { d: "M0,0 L8,4 L0,8 z", class: "arrow-head" }, marker);
  for (const { edge: e, points } of laid.edges) {
    el("path", { d: pathData(points), class: e.dashed ? "edge dashed" : "edge", "marker-end": `url(#arrow-${container.id})` }, svg);
  }
  const keyed: KeyedBox[] = [];
  for (const p of laid.boxes) {
    const b = p.box;
    const group = el("g", { ...boxGroupAttrs(p), role: "button", "aria-label": boxLabel(b), "aria-pressed": "false" }, svg);
    // the same parts renderSvg writes; setAttribute and textContent keep names inert
    for (const part of boxParts(p, tieColour(ties.get(b.tie) ?? 0))) {
      const node = el(part.tag, part.attrs, group);
      if (part.text !== undefined) node.textContent = part.text;
      // A space between the drawn lines (not rendered outside <text>) so the box's text content reads
      // "b matmul f32[3]", not "bmatmul f32[3]": the name below must contain it word for word (WCAG 2.5.3).
      if (part.tag === "text") group.append(" ");
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
    keyed.push({ el: group, placed: p });
  }
  container.appendChild(viewportEl);
  const view = new GraphViewport(viewportEl, svg, width, height);
  container.appendChild(view.toolbar(name));
  const minimap = laid.boxes.length > MINIMAP_MIN_BOXES;
  if (minimap) container.appendChild(createMinimap(laid, view, name));
  view.insets = { top: toolbarInset(), bottom: minimap ? (window.matchMedia("(max-width: 760px)").matches ? 80 : 108) : 0 };
  keyboardBoxes(
    keyed,
    (k) => {
      handlers.onSelect(k.placed.box);
    },
    (p) => {
      view.reveal(p);
    },
  );
  container.onkeydown = (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (view.handleKey(e)) e.preventDefault();
  };
  view.fit();
  return view;
}

/** Marks every box (in any drawing under `root`) tied to `tie` with `className`; clears the rest. */
export function markTie(root: ParentNode, tie: string | null, className: string): void {
  for (const e of root.querySelectorAll(`.box.${className}`)) e.classList.remove(className);
  if (tie === null) return;
  for (const e of root.querySelectorAll(`.box`)) if (e.getAttribute("data-tie") === tie) e.classList.add(className);
}
