/**
 * Zoom, pan and fit for one drawn graph. The view is a centre (cx, cy) in graph units and a scale s
 * in pixels per graph unit; the <svg> fills its viewport and its viewBox is the viewport's size divided
 * by s around the centre, so the picture is never stretched and a change of view is one attribute.
 * Mouse: wheel zooms about the pointer, drag pans. Touch: one finger pans, two pinch-zoom about their
 * midpoint. Keyboard (the graph region focused): arrows pan, + and − zoom, 0 or F fits.
 */
import { h } from "./dom.ts";

/** Fitting never magnifies beyond this: a three-box graph stays at a readable size, not poster size. */
const FIT_MAX_SCALE = 1.25;
const MAX_SCALE = 4;
/** Zooming out stops at half the fitted scale (or 0.1, whichever is smaller): further shows nothing new. */
const MIN_SCALE = 0.1;
const ZOOM_STEP = 1.25;
/** Pixels an arrow key pans. */
const PAN_STEP = 60;
/** A pointer that moves less than this between down and up clicked; more, it dragged. */
const DRAG_SLOP = 4;
/** Room kept around the graph when fitting, in pixels. */
const FIT_MARGIN = 8;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ViewListener {
  (view: Rect): void;
}

export class GraphViewport {
  private cx: number;
  private cy: number;
  private s = 1;
  /** True from a fit until the user zooms or pans: a resized viewport is fitted again. */
  private fitted = true;
  private readonly listeners: ViewListener[] = [];
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private gesture: { x: number; y: number; cx: number; cy: number; s: number; dist: number; moved: boolean } | null = null;
  private suppressClick = false;

  constructor(
    /** The element the svg fills; its client size is the visible area. */
    readonly viewport: HTMLElement,
    readonly svg: SVGSVGElement,
    /** The graph's natural size in graph units. */
    private readonly width: number,
    private readonly height: number,
  ) {
    this.cx = width / 2;
    this.cy = height / 2;
    this.listen();
    new ResizeObserver(() => {
      if (this.fitted) this.fit();
      else this.apply();
    }).observe(viewport);
  }

  get scale(): number {
    return this.s;
  }

  /** The visible part of the graph, in graph units. */
  get view(): Rect {
    const { w, h: ht } = this.size();
    return { x: this.cx - w / 2 / this.s, y: this.cy - ht / 2 / this.s, width: w / this.s, height: ht / this.s };
  }

  onChange(l: ViewListener): void {
    this.listeners.push(l);
  }

  /** Pixels at the top and bottom of the viewport that overlays cover (the zoom buttons, the overview): fitting keeps boxes out of them. */
  insets = { top: 0, bottom: 0 };

  /** The whole graph in view, centred between the insets, at most FIT_MAX_SCALE. */
  fit(): void {
    const { w, h: ht } = this.size();
    this.fitted = true;
    const free = ht - this.insets.top - this.insets.bottom - 2 * FIT_MARGIN;
    if (w > 0 && ht > 0) this.s = Math.max(1e-3, Math.min(FIT_MAX_SCALE, (w - 2 * FIT_MARGIN) / this.width, Math.max(free, ht / 3) / this.height));
    this.cx = this.width / 2;
    // The free band's centre lies (top − bottom)/2 pixels below the viewport's.
    this.cy = this.height / 2 - (this.insets.top - this.insets.bottom) / 2 / this.s;
    this.apply();
  }

  /** Multiplies the scale by `factor`, keeping the graph point under (px, py) — viewport pixels — where it is. */
  zoomBy(factor: number, px?: number, py?: number): void {
    const { w, h: ht } = this.size();
    const ax = px ?? w / 2;
    const ay = py ?? ht / 2;
    // The graph point under the anchor: g = c + (a − size/2)/s, kept fixed as s changes.
    const gx = this.cx + (ax - w / 2) / this.s;
    const gy = this.cy + (ay - ht / 2) / this.s;
    const s = Math.min(MAX_SCALE, Math.max(this.minScale(), this.s * factor));
    this.cx = gx - (ax - w / 2) / s;
    this.cy = gy - (ay - ht / 2) / s;
    this.s = s;
    this.fitted = false;
    this.apply();
  }

  /** Moves the picture by (dx, dy) viewport pixels (a drag to the right shows what lies left). */
  panBy(dx: number, dy: number): void {
    this.cx -= dx / this.s;
    this.cy -= dy / this.s;
    this.fitted = false;
    this.apply();
  }

  /** Centres the view on graph point (x, y). */
  centreOn(x: number, y: number): void {
    this.cx = x;
    this.cy = y;
    this.fitted = false;
    this.apply();
  }

  /** Pans the least needed (centring on it when it is out of view) so `r` (graph units) is visible. */
  reveal(r: Rect): void {
    const v = this.view;
    if (r.x >= v.x && r.y >= v.y && r.x + r.width <= v.x + v.width && r.y + r.height <= v.y + v.height) return;
    this.centreOn(r.x + r.width / 2, r.y + r.height / 2);
  }

  /** True once after a drag ended: the click that follows it is not a selection. */
  takeSuppressedClick(): boolean {
    const s = this.suppressClick;
    this.suppressClick = false;
    return s;
  }

  private minScale(): number {
    const { w, h: ht } = this.size();
    const fit = w > 0 && ht > 0 ? Math.min(w / this.width, ht / this.height) : MIN_SCALE;
    return Math.min(MIN_SCALE, fit / 2);
  }

  private size(): { w: number; h: number } {
    return { w: this.viewport.clientWidth, h: this.viewport.clientHeight };
  }

  private apply(): void {
    const v = this.view;
    if (v.width <= 0 || v.height <= 0) return;
    this.svg.setAttribute("viewBox", `${v.x.toFixed(1)} ${v.y.toFixed(1)} ${v.width.toFixed(1)} ${v.height.toFixed(1)}`);
    this.svg.dataset.scale = this.s.toFixed(3);
    for (const l of this.listeners) l(v);
  }

  private local(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const r = this.viewport.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private listen(): void {
    const vp = this.viewport;
    vp.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        const lines = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
        const p = this.local(e);
        this.zoomBy(Math.exp(-e.deltaY * lines * 0.0015), p.x, p.y);
      },
      { passive: false },
    );
    vp.addEventListener("pointerdown", (e) => {
      if (e.pointerType === "mouse" && e.button !== 0) return;
      this.pointers.set(e.pointerId, this.local(e));
      this.startGesture();
    });
    vp.addEventListener("pointermove", (e) => {
      if (!this.pointers.has(e.pointerId) || this.gesture === null) return;
      this.pointers.set(e.pointerId, this.local(e));
      this.moveGesture(vp, e.pointerId);
    });
    const end = (e: PointerEvent): void => {
      if (!this.pointers.delete(e.pointerId)) return;
      if (this.gesture?.moved === true) this.suppressClick = true;
      if (vp.hasPointerCapture(e.pointerId)) vp.releasePointerCapture(e.pointerId);
      this.startGesture();
    };
    vp.addEventListener("pointerup", end);
    vp.addEventListener("pointercancel", end);
    // A click that ends a drag selects nothing.
    vp.addEventListener(
      "click",
      (e) => {
        if (this.takeSuppressedClick()) e.stopPropagation();
      },
      true,
    );
  }

  /** Starts (or restarts, when a finger is added or lifted) a pan or pinch from the current pointers. */
  private startGesture(): void {
    const ps = [...this.pointers.values()];
    const moved = this.gesture?.moved ?? false;
    if (ps.length === 0) {
      this.gesture = null;
      return;
    }
    const mid = midpoint(ps);
    this.gesture = { x: mid.x, y: mid.y, cx: this.cx, cy: this.cy, s: this.s, dist: spread(ps), moved };
  }

  private moveGesture(vp: HTMLElement, pointerId: number): void {
    const g = this.gesture!;
    const ps = [...this.pointers.values()];
    const mid = midpoint(ps);
    if (!g.moved && Math.hypot(mid.x - g.x, mid.y - g.y) < DRAG_SLOP && ps.length < 2) return;
    if (!g.moved) {
      g.moved = true;
      vp.setPointerCapture(pointerId);
    }
    const { w, h: ht } = this.size();
    const s = ps.length >= 2 && g.dist > 0 ? Math.min(MAX_SCALE, Math.max(this.minScale(), (g.s * spread(ps)) / g.dist)) : g.s;
    // The graph point under the gesture's start midpoint follows the current midpoint.
    const gx = g.cx + (g.x - w / 2) / g.s;
    const gy = g.cy + (g.y - ht / 2) / g.s;
    this.s = s;
    this.cx = gx - (mid.x - w / 2) / s;
    this.cy = gy - (mid.y - ht / 2) / s;
    this.fitted = false;
    this.apply();
  }

  /** Arrow keys pan, + and − zoom, 0 and F fit; true when the key was one of those. */
  handleKey(e: KeyboardEvent): boolean {
    const pans: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    const pan = pans[e.key];
    if (pan !== undefined) this.panBy(pan[0], pan[1]);
    else if (e.key === "+" || e.key === "=") this.zoomBy(ZOOM_STEP);
    else if (e.key === "-" || e.key === "_") this.zoomBy(1 / ZOOM_STEP);
    else if (e.key === "0" || e.key === "f" || e.key === "F") this.fit();
    else return false;
    return true;
  }

  /** The zoom buttons: −, +, Fit, labelled with the graph's name. */
  toolbar(name: string): HTMLElement {
    const button = (text: string, label: string, testid: string, act: () => void): HTMLElement => {
      const b = h("button", { type: "button", class: "graph-tool", "aria-label": `${label} (${name})`, title: label, "data-testid": testid }, text);
      b.addEventListener("click", act);
      return b;
    };
    return h(
      "div",
      { class: "graph-tools", role: "toolbar", "aria-label": `${name}: zoom` },
      button("−", "Zoom out", "zoom-out", () => {
        this.zoomBy(1 / ZOOM_STEP);
      }),
      button("+", "Zoom in", "zoom-in", () => {
        this.zoomBy(ZOOM_STEP);
      }),
      button("Fit", "Fit the whole graph", "fit", () => {
        this.fit();
      }),
    );
  }
}

function midpoint(ps: readonly { x: number; y: number }[]): { x: number; y: number } {
  const n = ps.length;
  return { x: ps.reduce((a, p) => a + p.x, 0) / n, y: ps.reduce((a, p) => a + p.y, 0) / n };
}

/** The distance between the first two pointers (0 with one). */
function spread(ps: readonly { x: number; y: number }[]): number {
  const [a, b] = ps;
  return a === undefined || b === undefined ? 0 : Math.hypot(a.x - b.x, a.y - b.y);
}
