/**
 * The page's only style sheet, inline. Colours meet WCAG AA on white: text #1a1a1a, train #1d4ed8
 * (6.7:1), validation #b45309 (5.0:1, and dashed, so colour is not the only cue).
 */
export const PAGE_CSS = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; }
body { margin: 0 auto; padding: 1rem; max-width: 64rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.25rem; }
.note { padding: 0.5rem 0.75rem; border-left: 4px solid #555; background: #f3f4f6; }
.note.stopped, .note.running { border-color: #b91c1c; background: #fef2f2; }
.final-line { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap: 1rem; }
figure { margin: 0; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #e5e7eb; }
svg .axis { stroke: #333; }
svg .tick, svg .axis-label { font-size: 14px; fill: #333; }
svg .series polyline { fill: none; stroke-width: 2; }
svg .series.train polyline { stroke: #1d4ed8; }
svg .series.train circle { fill: #1d4ed8; }
svg .series.val polyline { stroke: #b45309; stroke-dasharray: 6 4; }
svg .series.val circle { fill: #b45309; }
.legend { font-size: 0.9rem; }
.swatch { display: inline-block; width: 1.5rem; height: 0; vertical-align: middle; margin-right: 0.25rem; border-top: 3px solid #1d4ed8; }
.swatch.val { border-top: 3px dashed #b45309; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
table.settings td { overflow-wrap: anywhere; }
table.confusion td { text-align: right; font-variant-numeric: tabular-nums; min-width: 2.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
figcaption h3 { margin: 0.5rem 0 0.25rem; }
footer { margin-top: 2rem; font-size: 0.85rem; color: #444; }
`;
