/**
 * The overview of a large graph: every box as a small rectangle, and the visible part of the graph as
 * a frame that follows zoom and pan. Pressing or dragging on the overview centres the view there.
 * From the keyboard the overview is one tab stop: the arrow keys move the frame by a quarter of its own
 * size (the graph's region moves it 60 px); the graph's other keys (+, −, 0, F) reach it through the region.
 */
import type { GraphLayout } from "@nnc/graph-view";
import type { GraphViewport, Rect } from "./graph-explore.ts";
import { h } from "./dom.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Graphs with more boxes than this get an overview. */
export const MINIMAP_MIN_BOXES = 20;

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Arrow key → direction the frame moves (x right, y down). */
const STEPS: Readonly<Record<string, readonly [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export function createMinimap(laid: GraphLayout, view: GraphViewport, name: string): HTMLElement {
  const svg = svgEl("svg", { viewBox: `0 0 ${laid.width} ${laid.height}`, class: "minimap-svg", preserveAspectRatio: "xMidYMid meet", "aria-hidden": "true" });
  for (const p of laid.boxes) svg.append(svgEl("rect", { x: p.x, y: p.y, width: p.width, height: p.height, class: `minimap-box kind-${p.box.kind}` }));
  const frame = svgEl("rect", { class: "minimap-view", "vector-effect": "non-scaling-stroke" });
  svg.append(frame);
  const box = h("div", { class: "graph-minimap", role: "img", tabindex: "0", "aria-keyshortcuts": "ArrowLeft ArrowRight ArrowUp ArrowDown", "data-testid": "minimap" });
  box.append(svg);
  const describe = (v: Rect): void => {
    const clip = (lo: number, size: number, whole: number): [number, number] => [Math.max(0, lo), Math.min(whole, lo + size)];
    const [x0, x1] = clip(v.x, v.width, laid.width);
    const [y0, y1] = clip(v.y, v.height, laid.height);
    frame.setAttribute("x", x0.toFixed(1));
    frame.setAttribute("y", y0.toFixed(1));
    frame.setAttribute("width", Math.max(0, x1 - x0).toFixed(1));
    frame.setAttribute("height", Math.max(0, y1 - y0).toFixed(1));
    const share = Math.round((100 * Math.max(0, x1 - x0) * Math.max(0, y1 - y0)) / Math.max(1, laid.width * laid.height));
    box.setAttribute("aria-label", `Overview of the ${name} (${laid.boxes.length} boxes): ${share} % of it is in view`);
  };
  view.onChange(describe);
  describe(view.view);
  const centre = (e: PointerEvent): void => {
    const m = svg.getScreenCTM();
    if (m === null) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    view.centreOn(p.x, p.y);
  };
  box.addEventListener("keydown", (e) => {
    const step = STEPS[e.key];
    if (step === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    e.stopPropagation();
    const v = view.view;
    view.centreOn(v.x + v.width * (0.5 + step[0] / 4), v.y + v.height * (0.5 + step[1] / 4));
  });
  let dragging = false;
  box.addEventListener("pointerdown", (e) => {
    dragging = true;
    box.setPointerCapture(e.pointerId);
    centre(e);
  });
  box.addEventListener("pointermove", (e) => {
    if (dragging) centre(e);
  });
  const stop = (): void => {
    dragging = false;
  };
  box.addEventListener("pointerup", stop);
  box.addEventListener("pointercancel", stop);
  return box;
}
