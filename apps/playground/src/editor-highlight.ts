/**
 * The editor's token colours. Every colour keeps a contrast of at least 4.5:1 (WCAG AA) against each
 * background a token can sit on: the editor (white), the active line and the selection
 * (`BACKGROUNDS`, matched by editor.css); nn-language.test.ts checks it with `contrast`.
 */
import { HighlightStyle } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

export const PALETTE = {
  keyword: "#7a1fa2",
  type: "#00695c",
  number: "#0b5d1e",
  string: "#a31515",
  comment: "#54575e",
  docComment: "#4b5320",
  call: "#1546b0",
  builtin: "#0d47a1",
  className: "#8a3b00",
  property: "#6b3d00",
  operator: "#3c4150",
  text: "#1d2330",
} as const;

/** White; the active line (editor.css); the selection, focused and not. */
export const BACKGROUNDS = ["#ffffff", "#f1f6fd", "#d7d4f0", "#d9d9d9"] as const;

export const nnHighlightStyle = HighlightStyle.define([
  { tag: t.keyword, color: PALETTE.keyword, fontWeight: "600" },
  { tag: t.typeName, color: PALETTE.type },
  { tag: t.number, color: PALETTE.number },
  { tag: t.string, color: PALETTE.string },
  { tag: t.docComment, color: PALETTE.docComment, fontStyle: "italic" },
  { tag: t.comment, color: PALETTE.comment, fontStyle: "italic" },
  { tag: t.function(t.standard(t.variableName)), color: PALETTE.builtin, fontWeight: "600" },
  { tag: t.standard(t.variableName), color: PALETTE.builtin },
  { tag: t.function(t.variableName), color: PALETTE.call },
  { tag: t.className, color: PALETTE.className },
  { tag: t.propertyName, color: PALETTE.property },
  { tag: t.operator, color: PALETTE.operator },
  { tag: t.variableName, color: PALETTE.text },
]);

/** Relative luminance of an sRGB colour `#rrggbb` (WCAG 2). */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => {
    const v = parseInt(c ?? "0", 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 to 21. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
