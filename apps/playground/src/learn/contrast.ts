/** WCAG 2 contrast, and the cell colours of a shaded matrix whose counts stay readable (≥ 4.5:1). */
export type Rgb = readonly [number, number, number];

export const DARK_TEXT: Rgb = [29, 35, 48];
export const WHITE: Rgb = [255, 255, 255];
/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5;

const channel = (c: number): number => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

/** Relative luminance: 0.2126 R + 0.7152 G + 0.0722 B of the linearised channels. */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** (L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 … 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** White mixed with `full` by t ∈ [0, 1], rounded to bytes. */
export function shade(full: Rgb, t: number): Rgb {
  return [Math.round(255 + (full[0] - 255) * t), Math.round(255 + (full[1] - 255) * t), Math.round(255 + (full[2] - 255) * t)];
}

/**
 * The fill for shade t and the text colour (dark or white) with the higher contrast on it. Where
 * neither reaches MIN_CONTRAST (mid shades), the shade is lightened in steps of 0.01 until dark text
 * does: at t = 0 (white) dark text is ≈ 15:1, so the loop ends.
 */
export function readableCell(full: Rgb, t: number): { fill: Rgb; text: Rgb; contrast: number } {
  for (let k = Math.round(Math.min(1, Math.max(0, t)) * 100); k >= 0; k--) {
    const fill = shade(full, k / 100);
    const dark = contrast(fill, DARK_TEXT);
    const white = contrast(fill, WHITE);
    if (Math.max(dark, white) >= MIN_CONTRAST) return white > dark ? { fill, text: WHITE, contrast: white } : { fill, text: DARK_TEXT, contrast: dark };
  }
  return { fill: WHITE, text: DARK_TEXT, contrast: contrast(WHITE, DARK_TEXT) };
}

export const css = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;
