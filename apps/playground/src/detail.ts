/**
 * The panel under the graphs: the selected node's IR statement and `.nn` line, the Jacobian-transpose
 * rules tied to it (formula and local Jacobian, from explainBackward), and for small tensors the
 * numbers: the full Jacobian next to what backprop computes instead. The analysis Worker computes it
 * (detail-data.ts); this file only renders it, as text nodes.
 */
import type { BoxDetail, NumbersView, RuleView } from "./detail-data.ts";
import { fmt, h } from "./dom.ts";
import type { Matrix } from "./numbers.ts";

/** A matrix as a table a screen reader can walk: a caption with its title and size, a header per row. */
function matrixTable(m: Matrix): HTMLElement {
  const rows: HTMLElement[] = [];
  for (let r = 0; r < m.rows; r++) {
    const cells: HTMLElement[] = [h("th", { scope: "row", class: "sr-only" }, `row ${r}`)];
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[r * m.cols + c] ?? 0;
      cells.push(h("td", v === 0 ? { class: "zero" } : {}, fmt(v)));
    }
    rows.push(h("tr", {}, ...cells));
  }
  return h("figure", { class: "matrix" }, h("figcaption", { "aria-hidden": "true" }, m.title), h("table", {}, h("caption", { class: "sr-only" }, `${m.title}: ${m.rows} × ${m.cols}`), h("tbody", {}, ...rows)));
}

function ruleList(rules: readonly RuleView[]): HTMLElement {
  return h(
    "ul",
    { class: "rules" },
    ...rules.map((s) => h("li", { "data-testid": "rule" }, h("code", { class: "rule-name" }, s.rule), " ", h("span", { class: "formula" }, s.formula), s.why === "" ? null : h("div", { class: "why" }, "local Jacobian: ", h("span", { class: "formula" }, s.why)))),
  );
}

function numbersView(r: NumbersView): HTMLElement {
  const parts: HTMLElement[] = [h("div", { class: "matrices" }, ...r.samples.map(matrixTable))];
  for (const o of r.operands) {
    parts.push(
      h(
        "div",
        { class: "operand", "data-testid": `jacobian-${o.id}` },
        h("h4", {}, `Jacobian ∂${r.node}/∂${o.name}: shape (${o.jacobianShape.join(", ")})`, o.jacobian.length > 1 ? ` — ${o.jacobian.length} slices, one per element of ${r.node}` : ""),
        h("div", { class: "matrices" }, ...o.jacobian.map(matrixTable)),
        h("h4", {}, "What backprop computes instead (the VJP rule, never building the Jacobian): ", h("span", { class: "formula" }, o.formula)),
        h("div", { class: "matrices" }, matrixTable(o.vjp)),
      ),
    );
  }
  return h("div", { class: "numbers" }, ...parts);
}

const HINT = "Click a node in either graph to see its source, its Jacobian-transpose rule and — for small tensors — the numbers. Hover to see a forward node and the backward rules tied to it.";

/** Renders the detail of the selected box, or (null) the hint. */
export function renderDetail(container: HTMLElement, d: BoxDetail | null): void {
  container.replaceChildren();
  // A new selection starts at its heading, not at the old one's scroll position.
  container.scrollTop = 0;
  if (d === null) {
    container.append(h("p", { class: "hint" }, HINT));
    return;
  }
  const parts: (HTMLElement | null)[] = [
    h("h3", {}, d.backward ? `Backward: ${d.title}` : `Forward: ${d.title}`, h("small", {}, ` ${d.detail}`)),
    d.group === undefined ? null : h("p", { class: "hint" }, `A group of ${d.group.count.toLocaleString("en-US")} boxes`, d.group.expandable ? " (Enter or a click opens it)." : ", too many to draw one by one; its last statement is listed."),
    h("pre", { class: "ir" }, ...d.ir.map((line) => `${line}\n`)),
    d.source === null ? null : h("p", { class: "src" }, h("span", { class: "loc" }, d.source.where), ...(d.source.line !== null ? [" ", h("code", {}, d.source.line)] : [" (the standard library)"])),
    d.differentiates === null ? null : h("p", {}, "Differentiates the forward node ", h("code", {}, d.differentiates)),
    d.rulesFailure !== undefined ? h("p", { class: "error-box", "data-testid": "rules-failure" }, d.rulesFailure) : d.rules.length === 0 ? h("p", { class: "hint" }, d.backward ? "" : "No backward rule: this value does not lie on a path to the differentiated value (or it is a source).") : h("div", {}, h("h4", {}, d.backward ? "Rule" : "Its Jacobian-transpose (VJP) rules"), ruleList(d.rules)),
  ];
  for (const p of parts) if (p !== null) container.append(p);
  if (d.numbers === null) return;
  if ("reason" in d.numbers) container.append(h("p", { class: "hint" }, `Numbers: ${d.numbers.reason}.`));
  else container.append(numbersView(d.numbers));
}
