/**
 * The panel under the graphs: the selected node's IR statement and `.nn` line, the Jacobian-transpose
 * rules tied to it (formula and local Jacobian, from explainBackward), and for small tensors the
 * numbers: the full Jacobian next to what backprop computes instead.
 */
import { displayNames, nodeMap, printNodeCode, renameForDisplay, type ExplainedStmt, type Graph } from "@nnc/compiler";
import type { Analysis } from "./analyze.ts";
import { fmt, h } from "./dom.ts";
import type { Box } from "./graph-model.ts";
import { nodeNumbers, type Matrix, type NodeNumbers } from "./numbers.ts";

/** A matrix as a table a screen reader can walk: a caption with its title and size, a header per row. */
function matrixTable(m: Matrix, names: ReadonlyMap<string, string>): HTMLElement {
  const title = withNames(m.title, names);
  const rows: HTMLElement[] = [];
  for (let r = 0; r < m.rows; r++) {
    const cells: HTMLElement[] = [h("th", { scope: "row", class: "sr-only" }, `row ${r}`)];
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[r * m.cols + c] ?? 0;
      cells.push(h("td", v === 0 ? { class: "zero" } : {}, fmt(v)));
    }
    rows.push(h("tr", {}, ...cells));
  }
  return h("figure", { class: "matrix" }, h("figcaption", { "aria-hidden": "true" }, title), h("table", {}, h("caption", { class: "sr-only" }, `${title}: ${m.rows} × ${m.cols}`), h("tbody", {}, ...rows)));
}

function ruleList(stmts: readonly ExplainedStmt[], names: ReadonlyMap<string, string>): HTMLElement {
  const seen = new Set<string>();
  const items: HTMLElement[] = [];
  for (const s of stmts) {
    const key = `${s.rule}|${s.formula}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(
      h("li", { "data-testid": "rule" }, h("code", { class: "rule-name" }, s.rule), " ", h("span", { class: "formula" }, withNames(s.formula, names)), s.why === "" ? null : h("div", { class: "why" }, "local Jacobian: ", h("span", { class: "formula" }, withNames(s.why, names)))),
    );
  }
  return h("ul", { class: "rules" }, ...items);
}

function numbersView(r: NodeNumbers, operands: readonly string[], rules: readonly ExplainedStmt[], names: ReadonlyMap<string, string>): HTMLElement {
  const table = (m: Matrix): HTMLElement => matrixTable(m, names);
  const node = withNames(r.node, names);
  const parts: HTMLElement[] = [h("div", { class: "matrices" }, ...r.samples.map(table))];
  for (const o of r.operands) {
    const index = operands.indexOf(o.operand);
    const rule = rules.find((s) => s.operand === index);
    parts.push(
      h(
        "div",
        { class: "operand", "data-testid": `jacobian-${o.operand}` },
        h("h4", {}, `Jacobian ∂${node}/∂${withNames(o.operand, names)}: shape (${o.jacobianShape.join(", ")})`, o.jacobian.length > 1 ? ` — ${o.jacobian.length} slices, one per element of ${node}` : ""),
        h("div", { class: "matrices" }, ...o.jacobian.map(table)),
        h(
          "h4",
          {},
          "What backprop computes instead (the VJP rule, never building the Jacobian): ",
          h("span", { class: "formula" }, withNames(rule?.formula ?? `d${o.operand} = (∂${r.node}/∂${o.operand})ᵀ·d${r.node}`, names)),
        ),
        h("div", { class: "matrices" }, table(o.vjp)),
      ),
    );
  }
  return h("div", { class: "numbers" }, ...parts);
}

/** The display names of a graph, computed once per graph (an analysis keeps its graph object). */
const namesCache = new WeakMap<Graph, { names: Map<string, string>; shown: Graph }>();

function named(g: Graph): { names: Map<string, string>; shown: Graph } {
  let c = namesCache.get(g);
  if (c === undefined) {
    const names = displayNames(g);
    c = { names, shown: renameForDisplay(g, names) };
    namesCache.set(g, c);
  }
  return c;
}

/** `text` with every anonymous id (`%12`) written by its display name. */
function withNames(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(/%\d+/g, (id) => names.get(id) ?? id);
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
  const { names, shown: display } = named(g);
  const byId = nodeMap(g);
  const displayed = nodeMap(display);
  const code = (id: string): string => printNodeCode(displayed.get(names.get(id) ?? id)!, display);
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
    box.group === undefined ? null : h("p", { class: "hint" }, `A group of ${box.group.count.toLocaleString("en-US")} boxes`, box.group.expandable ? " (Enter or a click opens it)." : ", too many to draw one by one; its last statement is listed."),
    h("pre", { class: "ir" }, ...(box.group === undefined ? box.ids : box.ids.slice(-1)).map((id) => `${code(id)}\n`)),
    span === undefined ? null : h("p", { class: "src" }, h("span", { class: "loc" }, where), ...(own ? [" ", h("code", {}, a.source.lineText(span.line).trim())] : [" (the standard library)"])),
    isBackward && fwd !== undefined ? h("p", {}, "Differentiates the forward node ", h("code", {}, code(fwd.id))) : null,
    rules.length === 0 ? h("p", { class: "hint" }, isBackward ? "" : "No backward rule: this value does not lie on a path to the differentiated value (or it is a source).") : h("div", {}, h("h4", {}, isBackward ? "Rule" : "Its Jacobian-transpose (VJP) rules"), ruleList(rules, names)),
  ];
  for (const p of parts) if (p !== null) container.append(p);
  if (fwd === undefined) return;
  const numbers = nodeNumbers(a.forward, fwd.id, seed);
  if ("reason" in numbers) container.append(h("p", { class: "hint" }, `Numbers: ${withNames(numbers.reason, names)}.`));
  else container.append(numbersView(numbers, fwd.inputs, a.explained.filter((s) => s.forward === fwd.id), names));
}
