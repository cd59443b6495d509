/**
 * A DrawnGraph as Graphviz DOT (`dot -Tpng` lays it out; `nnc graph` needs no Graphviz for SVG):
 * the same boxes, labels (name, then op or rule and type), colours and dashed edges as the SVG.
 * Every id and label is a DOT quoted string (dotString), so no name can end a statement.
 */
import { drawingTies, tieHex } from "./colour.ts";
import { dotString } from "./escape.ts";
import type { TextRenderOptions } from "./svg.ts";
import type { BoxKind, DrawnGraph } from "./types.ts";

/** Fill and outline width per kind, as in the SVG's style sheet. */
const KIND_STYLE: Record<BoxKind, string> = {
  input: `fillcolor="#f1fbf4"`,
  param: `fillcolor="#f3f6ff"`,
  const: `fillcolor="#ffffff"`,
  op: `fillcolor="#ffffff"`,
  loss: `fillcolor="#fff6ea", penwidth=2.5`,
  backward: `fillcolor="#ffffff"`,
  gradient: `fillcolor="#fff6ea", penwidth=2.5`,
  ghost: `fillcolor="#f6f6f6", style="rounded,filled,dashed", fontcolor="#666666"`,
  group: `fillcolor="#eef1f6", peripheries=2`,
};

export function renderDot(drawn: DrawnGraph, options: TextRenderOptions = {}): string {
  const ties = options.ties ?? drawingTies(drawn);
  const lines = [
    "digraph nnc {",
    `  graph [rankdir=TB, nodesep=0.2, ranksep=0.35${options.title === undefined ? "" : `, label=${dotString(options.title)}, labelloc=t`}];`,
    `  node [shape=box, style="rounded,filled", fontname="monospace", fontsize=10, penwidth=1.5];`,
    `  edge [color="#8d95a5", arrowsize=0.7];`,
  ];
  for (const b of drawn.boxes) {
    lines.push(`  ${dotString(b.key)} [label=${dotString(`${b.title}\n${b.detail}`)}, color="${tieHex(ties.get(b.tie) ?? 0)}", ${KIND_STYLE[b.kind]}];`);
  }
  const keys = new Set(drawn.boxes.map((b) => b.key));
  for (const e of drawn.edges) {
    if (!keys.has(e.from) || !keys.has(e.to)) continue;
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${e.dashed ? ` [style=dashed, color="#b3b8c3"]` : ""};`);
  }
  lines.push("}", "");
  return lines.join("\n");
}
