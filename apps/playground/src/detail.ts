/**
 * The panel under the graphs: the selected node's IR statement and `.nn` line, the Jacobian-transpose
 * rules tied to it (formula and local Jacobian, from explainBackward), and for small tensors the
 * numbers: the full Jacobian next to what backprop computes instead.
 */
import { nodeMap, printNodeCode, type ExplainedStmt } from "@nnc/compiler";
import type { Analysis } from "./analyze.ts";
import { fmt, h } from "./dom.ts";
import type { Box } from "./graph-model.ts";
import { nodeNumbers, type Matrix, type NodeNumbers } from "./numbers.ts";

function matrixTable(m: Matrix): HTMLElement {
  const rows: HTMLElement[] = [];
  for (let r = 0; r < m.rows; r++) {
    const cells: HTMLElement[] = [];
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[r * m.cols + c] ?? 0;
      cells.push(h("td", v === 0 ? { class: "zero" } : {}, fmt(v)));
    }
    rows.push(h("tr", {}, ...cells));
  }
  return h("figure", { class: "matrix" }, h("figcaption", {}, m.title), h("table", {}, h("tbody", {}, ...rows)));
}

function ruleList(stmts: readonly ExplainedStmt[]): HTMLElement {
  const seen = new Set<string>();
  const items: HTMLElement[] = [];
  for (const s of stmts) {
    const key = `${s.rule}|${s.formula}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(
      h("li", { "data-testid": "rule" }, h("code", { class: "rule-name" }, s.rule), " ", h("span", { class: "formula" }, s.formula), s.why === "" ? null : h("div", { class: "why" }, "local Jacobian: ", h("span", { class: "formula" }, s.why))),
    );
  }
  return h("ul", { class: "rules" }, ...items);
}

function numbersView(r: NodeNumbers, operands: readonly string[], rules: readonly ExplainedStmt[]): HTMLElement {
  const parts: HTMLElement[] = [h("div", { class: "matrices" }, ...r.samples.map(matrixTable))];
  for (const o of r.operands) {
    const index = operands.indexOf(o.operand);
    const rule = rules.find((s) => s.operand === index);
    parts.push(
      h(
        "div",
        { class: "operand", "data-testid": `jacobian-${o.operand}` },
        h("h4", {}, `Jacobian ∂${r.node}/∂${o.operand}: shape (${o.jacobianShape.join(", ")})`, o.jacobian.length > 1 ? ` — ${o.jacobian.length} slices, one per element of ${r.node}` : ""),
        h("div", { class: "matrices" }, ...o.jacobian.map(matrixTable)),
        h(
          "h4",
          {},
          "What backprop computes instead (the VJP rule, never building the Jacobian): ",
          h("span", { class: "formula" }, rule?.formula ?? `d${o.operand} = (∂${r.node}/∂${o.operand})ᵀ·d${r.node}`),
        ),
        h("div", { class: "matrices" }, matrixTable(o.vjp)),
      ),
    );
  }
  return h("div", { class: "numbers" }, ...parts);
}

export function renderDetail(container: HTMLElement, a: Analysis, box: Box | null, seed: number): void {
  container.replaceChildren();
  // A new selection starts at its heading, not at the old one's scroll position.
  container.scrollTop = 0;
  if (box === null || a.forward === undefined || a.grad === undefined) {
    container.append(h("p", { class: "hint" }, "Click a node in either graph to see its source, its Jacobian-transpose rule and — for small tensors — the numbers. Hover to see a forward node and the backward rules tied to it."));
    return;
  }
  const g = a.grad.graph;
  const byId = nodeMap(g);
  const shown = byId.get(box.ids[box.ids.length - 1]!)!;
  const fwd = byId.get(box.tie);
  const isBackward = box.kind === "backward" || box.kind === "gradient";
  const ids = new Set(box.ids);
  const rules = isBackward ? a.explained.filter((s) => ids.has(s.id)) : a.explained.filter((s) => s.forward === box.tie);
  const span = shown.span ?? fwd?.span;
  // A node inlined from a standard-library block has its span in that file (`nnc:std/norm.nn`): named, not quoted from the editor's text.
  const own = span !== undefined && span.file === a.source.name;
  const where = span === undefined ? "" : `${span.file}:${span.line}:${span.column}`;
  const parts: (HTMLElement | null)[] = [
    h("h3", {}, isBackward ? `Backward: ${box.title}` : `Forward: ${box.title}`, h("small", {}, ` ${box.detail}`)),
    h("pre", { class: "ir" }, ...box.ids.map((id) => `${printNodeCode(byId.get(id)!, g)}\n`)),
    span === undefined ? null : h("p", { class: "src" }, h("span", { class: "loc" }, where), ...(own ? [" ", h("code", {}, a.source.lineText(span.line).trim())] : [" (the standard library)"])),
    isBackward && fwd !== undefined ? h("p", {}, "Differentiates the forward node ", h("code", {}, printNodeCode(fwd, g))) : null,
    rules.length === 0 ? h("p", { class: "hint" }, isBackward ? "" : "No backward rule: this value does not lie on a path to the differentiated value (or it is a source).") : h("div", {}, h("h4", {}, isBackward ? "Rule" : "Its Jacobian-transpose (VJP) rules"), ruleList(rules)),
  ];
  for (const p of parts) if (p !== null) container.append(p);
  if (fwd === undefined) return;
  const numbers = nodeNumbers(a.forward, fwd.id, seed);
  if ("reason" in numbers) container.append(h("p", { class: "hint" }, `Numbers: ${numbers.reason}.`));
  else container.append(numbersView(numbers, fwd.inputs, a.explained.filter((s) => s.forward === fwd.id)));
}
