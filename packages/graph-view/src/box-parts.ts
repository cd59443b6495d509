/**
 * What one placed box is drawn with, as data: the frame, the tie bar in the tie's colour, the title and
 * detail lines and a <title> tooltip. The geometry lives only here; renderSvg (svg.ts) serialises the parts
 * as XML text and the playground (apps/playground/src/graph-svg.ts) turns them into DOM nodes, so the
 * written SVG and the page are laid out alike. Attribute values and text are raw: each renderer escapes
 * them for its medium (xmlText / setAttribute and textContent).
 */
import type { PlacedBox } from "./layout.ts";

export interface SvgPart {
  readonly tag: "title" | "rect" | "text" | "path";
  readonly attrs: Readonly<Record<string, string>>;
  /** Character data (text and title only). */
  readonly text?: string;
}

/** A length rounded to 0.1 px, as written in attributes. */
export const svgNumber = (v: number): string => String(Math.round(v * 10) / 10);

/** Text baselines: the title's cap height below the top, the detail one 15 px line lower; both clear the tie bar. */
const TEXT_X = "11";
const TITLE_Y = "15";
const DETAIL_Y = "30";

/** Two outlines peeking out below and right of a grouped box, 3 and 6 px down-right: a stack of boxes. */
function stackPath(width: number, height: number): string {
  const w = svgNumber(width);
  const h = svgNumber(height);
  return [3, 6].map((o) => `M${o},${h} V${svgNumber(height + o)} H${svgNumber(width + o)} V${o} H${w}`).join(" ");
}

/** The parts of `p`, in document order, in the tie colour `colour` (a CSS colour from tieColour). */
export function boxParts(p: PlacedBox, colour: string): SvgPart[] {
  const b = p.box;
  const height = svgNumber(p.height);
  return [
    { tag: "title", attrs: {}, text: `${b.title}\n${b.detail}` },
    ...(b.kind === "group" ? [{ tag: "path" as const, attrs: { class: "stack", d: stackPath(p.width, p.height), style: `stroke:${colour}` } }] : []),
    { tag: "rect", attrs: { class: "frame", width: svgNumber(p.width), height, rx: "6", style: `stroke:${colour}` } },
    { tag: "rect", attrs: { class: "tie-bar", width: "5", height, rx: "2", style: `fill:${colour}` } },
    { tag: "text", attrs: { x: TEXT_X, y: TITLE_Y, class: "title" }, text: b.title },
    { tag: "text", attrs: { x: TEXT_X, y: DETAIL_Y, class: "detail" }, text: b.detail },
  ];
}

/** The attributes of a box's group: kind class, tie and key data, position. */
export function boxGroupAttrs(p: PlacedBox): Record<string, string> {
  return { class: `box kind-${p.box.kind}`, "data-tie": p.box.tie, "data-key": p.box.key, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` };
}
