/**
 * What the detail pane shows for a selected box, computed where the analysis lives (the analysis
 * Worker): the node's IR statement and `.nn` line, the Jacobian-transpose rules tied to it (formula
 * and local Jacobian, from explainBackward), and for small tensors the numbers. Every anonymous id
 * (`%12`) is already written by its display name, so the page only renders text and numbers.
 */
import { displayNames, nodeMap, printNodeCode, renameForDisplay, type ExplainedStmt, type Graph } from "@nnc/compiler";
import { SEED_KEY } from "@nnc/graph-view";
import type { Analysis } from "./analyze.ts";
import type { Box } from "./graph-model.ts";
import { nodeNumbers, type Matrix } from "./numbers.ts";

export interface RuleView {
  readonly rule: string;
  readonly formula: string;
  /** The local Jacobian, or "" when the rule has none to state. */
  readonly why: string;
}

export interface OperandView {
  /** The operand's IR id (the test id of its section). */
  readonly id: string;
  /** Its display name. */
  readonly name: string;
  readonly jacobianShape: readonly number[];
  readonly jacobian: readonly Matrix[];
  /** The VJP rule backprop uses for it (or the generic dx = (∂y/∂x)ᵀ·dy). */
  readonly formula: string;
  readonly vjp: Matrix;
}

export interface NumbersView {
  readonly node: string;
  readonly samples: readonly Matrix[];
  readonly operands: readonly OperandView[];
}

export interface BoxDetail {
  readonly backward: boolean;
  readonly title: string;
  readonly detail: string;
  /** Present for a grouped box: how many boxes it stands for, and whether a click opens it. */
  readonly group?: { readonly count: number; readonly expandable: boolean };
  /** The IR statements shown (a group: its last one). */
  readonly ir: readonly string[];
  /** `file:line:column` of the node's span, and its line of the editor's text (null: a standard-library file). */
  readonly source: { readonly where: string; readonly line: string | null } | null;
  /** The forward node a backward box differentiates, as IR. */
  readonly differentiates: string | null;
  readonly rules: readonly RuleView[];
  /** Why no rule can be shown: the explanation failed (an internal compiler error). */
  readonly rulesFailure?: string;
  readonly numbers: NumbersView | { readonly reason: string } | null;
  /** The span to mark in the editor (only spans in the editor's file). */
  readonly highlight: { readonly from: number; readonly to: number } | null;
}

/** No detail: no box is selected, or the program has no graphs. */
export type DetailData = BoxDetail | null;

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

function ruleViews(stmts: readonly ExplainedStmt[], names: ReadonlyMap<string, string>): RuleView[] {
  const seen = new Set<string>();
  const out: RuleView[] = [];
  for (const s of stmts) {
    const key = `${s.rule}|${s.formula}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: s.rule, formula: withNames(s.formula, names), why: withNames(s.why, names) });
  }
  return out;
}

const renamed = (m: Matrix, names: ReadonlyMap<string, string>): Matrix => ({ ...m, title: withNames(m.title, names) });

function numbersOf(a: Analysis, forward: Graph, fwdId: string, operands: readonly string[], seed: number, names: ReadonlyMap<string, string>): NumbersView | { reason: string } {
  const r = nodeNumbers(forward, fwdId, seed);
  if ("reason" in r) return { reason: withNames(r.reason, names) };
  const rules = a.explained().stmts.filter((s) => s.forward === fwdId);
  const node = withNames(r.node, names);
  return {
    node,
    samples: r.samples.map((m) => renamed(m, names)),
    operands: r.operands.map((o) => {
      const rule = rules.find((s) => s.operand === operands.indexOf(o.operand));
      return {
        id: o.operand,
        name: withNames(o.operand, names),
        jacobianShape: o.jacobianShape,
        jacobian: o.jacobian.map((m) => renamed(m, names)),
        formula: withNames(rule?.formula ?? `d${o.operand} = (∂${r.node}/∂${o.operand})ᵀ·d${r.node}`, names),
        vjp: renamed(o.vjp, names),
      };
    }),
  };
}

/** The seed box (no IR node is left of it: the optimizer folded the constant 1 into what it feeds). */
const seedLine = (of: string): string => `d${of} = ∂${of}/∂${of} = 1 (the seed: the optimizer folded this constant into the boxes it feeds)`;

/** The detail of `box` in `a`'s graphs; null when `a` has no graphs. `seed` seeds the params of the numbers. */
export function detailOf(a: Analysis, box: Box, seed: number): DetailData {
  if (a.forward === undefined || a.grad === undefined) return null;
  const g = a.grad.graph;
  const { names, shown: display } = named(g);
  const byId = nodeMap(g);
  const displayed = nodeMap(display);
  const code = (id: string): string => printNodeCode(displayed.get(names.get(id) ?? id)!, display);
  const last = byId.get(box.ids[box.ids.length - 1]!);
  if (last === undefined) return null;
  const fwd = byId.get(box.tie);
  const backward = box.kind === "backward" || box.kind === "gradient";
  const ids = new Set(box.ids);
  const explained = a.explained();
  const rules = backward ? explained.stmts.filter((s) => ids.has(s.id)) : explained.stmts.filter((s) => s.forward === box.tie);
  const span = last.span ?? fwd?.span;
  // A node inlined from a standard-library block has its span in that file (`nnc:std/norm.nn`): named, not quoted from the editor's text.
  const own = span !== undefined && span.file === a.source.name;
  // The editor marks the shown value's own span only.
  const mark = last.span !== undefined && last.span.file === a.source.name ? { from: last.span.start, to: last.span.end } : null;
  return {
    backward,
    title: box.title,
    detail: box.detail,
    ...(box.group === undefined ? {} : { group: { count: box.group.count, expandable: box.group.expandable } }),
    ir: box.key === SEED_KEY ? [seedLine(names.get(last.id) ?? last.id)] : (box.group === undefined ? box.ids : box.ids.slice(-1)).map((id) => code(id)),
    source: span === undefined ? null : { where: `${span.file}:${span.line}:${span.column}`, line: own ? a.source.lineText(span.line).trim() : null },
    differentiates: backward && fwd !== undefined ? code(fwd.id) : null,
    rules: ruleViews(rules, names),
    ...(explained.failure === undefined ? {} : { rulesFailure: explained.failure }),
    numbers: fwd === undefined ? null : numbersOf(a, a.forward, fwd.id, fwd.inputs, seed, names),
    highlight: mark,
  };
}
