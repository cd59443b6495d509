/** Helpers for this package's tests: parse + check a source text, look up nodes. */
import { SourceFile, type Diagnostic } from "@nnc/diagnostics";
import { typeToString, type Node } from "@nnc/ir";
import { parse } from "@nnc/syntax";
import type { CheckOptions, LoweredModel } from "./api.ts";
import { checkProgram } from "./check-program.ts";

export function checkText(text: string, opts: CheckOptions = {}): { diagnostics: Diagnostic[]; models: LoweredModel[]; syntax: Diagnostic[] } {
  const source = new SourceFile("test.nn", text);
  const parsed = parse(source);
  return { ...checkProgram(parsed.program, source, opts), syntax: [...parsed.diagnostics] };
}

/** Errors and warnings: notes (E0124, a block used instead of the library's) are not problems. */
export function problemsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity !== "note");
}

/** The single model of an error-free program (notes allowed). */
export function lowerText(text: string, opts: CheckOptions = {}): LoweredModel {
  const r = checkText(text, opts);
  const problems = problemsOf([...r.syntax, ...r.diagnostics]).map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
  if (problems.length > 0) throw new Error(`unexpected diagnostics:\n${problems.join("\n")}`);
  const m = r.models[0];
  if (m === undefined) throw new Error("no model lowered");
  return m;
}

export function node(m: LoweredModel, id: string): Node {
  const n = m.graph.nodes.find((x) => x.id === id);
  if (n === undefined) throw new Error(`no node ${id} in ${m.graph.nodes.map((x) => x.id).join(", ")}`);
  return n;
}

export function typeOf(m: LoweredModel, id: string): string {
  return typeToString(node(m, id).type);
}

/** `id = op(inputs)` lines of the graph, for compact structural assertions. */
export function listing(m: LoweredModel): string[] {
  return m.graph.nodes.map((n) => `${n.id} = ${n.op}(${n.inputs.join(", ")}) : ${typeToString(n.type)}`);
}

/** `CODE line:col` of every error and warning (syntax first, then checker); notes are left out. */
export function codes(text: string, opts: CheckOptions = {}): string[] {
  const r = checkText(text, opts);
  return problemsOf([...r.syntax, ...r.diagnostics]).map((d) => `${d.code} ${d.span.line}:${d.span.column}`);
}

/** LANGUAGE-V2.md's `lstm_cell` (generic in N, I, H) after `dim B`; programs append their model. Lines 1–9. */
export const LSTM_CELL = `dim B
block lstm_cell(x: f32[N, I], h: f32[N, H], c: f32[N, H]) -> (h: f32[N, H], c: f32[N, H]) {
  param Wx: f32[I, 4 * H]
  param Wh: f32[H, 4 * H]
  param b:  f32[4 * H]
  (i, f, g, o) = split(x @ Wx + h @ Wh + b, 4, axis = -1)
  c2 = sigmoid(f) * c + sigmoid(i) * tanh(g)
  return (sigmoid(o) * tanh(c2), c2)
}
`;
