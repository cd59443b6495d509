/**
 * Keyboard access to the boxes of one drawing: one box is in the tab order at a time (roving
 * tabindex); arrow keys move to the nearest box in that direction, Home and End to the first and last
 * box; Enter and Space activate the focused box (as a click does).
 */
import type { PlacedBox } from "@nnc/graph-view";

export interface KeyedBox {
  readonly el: SVGGElement;
  readonly placed: PlacedBox;
}

type Direction = "left" | "right" | "up" | "down";

const DIRECTIONS: Readonly<Record<string, Direction>> = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down" };

const centre = (p: PlacedBox): { x: number; y: number } => ({ x: p.x + p.width / 2, y: p.y + p.height / 2 });

/**
 * The box nearest to `from` in direction `d`: among boxes whose centre lies that way, the one with the
 * least distance along `d` plus twice the sideways offset (a box straight below beats a nearer one off to the side).
 */
export function nearestBox(boxes: readonly PlacedBox[], from: PlacedBox, d: Direction): PlacedBox | undefined {
  const c = centre(from);
  let best: PlacedBox | undefined;
  let bestScore = Infinity;
  for (const b of boxes) {
    if (b === from) continue;
    const o = centre(b);
    const along = d === "left" ? c.x - o.x : d === "right" ? o.x - c.x : d === "up" ? c.y - o.y : o.y - c.y;
    const side = d === "left" || d === "right" ? Math.abs(o.y - c.y) : Math.abs(o.x - c.x);
    if (along <= 0) continue;
    const score = along + 2 * side;
    if (score < bestScore) {
      bestScore = score;
      best = b;
    }
  }
  return best;
}

/** Wires `boxes` for the keyboard; `reveal` brings a box into view before it takes focus. */
export function keyboardBoxes(boxes: readonly KeyedBox[], activate: (b: KeyedBox) => void, reveal: (p: PlacedBox) => void): void {
  const byPlaced = new Map(boxes.map((b) => [b.placed, b]));
  const placed = boxes.map((b) => b.placed);
  const focus = (b: KeyedBox): void => {
    for (const o of boxes) o.el.setAttribute("tabindex", o === b ? "0" : "-1");
    reveal(b.placed);
    b.el.focus({ preventScroll: true });
  };
  boxes.forEach((b, i) => {
    b.el.setAttribute("tabindex", i === 0 ? "0" : "-1");
    b.el.addEventListener("focus", () => {
      for (const o of boxes) o.el.setAttribute("tabindex", o === b ? "0" : "-1");
    });
    b.el.addEventListener("keydown", (e) => {
      const d = DIRECTIONS[e.key];
      let next: KeyedBox | undefined;
      if (d !== undefined) {
        const p = nearestBox(placed, b.placed, d);
        next = p === undefined ? undefined : byPlaced.get(p);
      } else if (e.key === "Home") next = boxes[0];
      else if (e.key === "End") next = boxes[boxes.length - 1];
      else if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        e.stopPropagation();
        activate(b);
        return;
      } else return;
      // An arrow at the edge of the drawing stays on the box (and does not pan the graph either).
      e.preventDefault();
      e.stopPropagation();
      if (next !== undefined) focus(next);
    });
  });
}
