/**
 * IR graph → ONNX graph. Walks the nodes the requested outputs need, in the graph's (topological)
 * order, binding sources itself (`input` → graph input, `param`/`buffer` → initializer from `values`,
 * optionally also a graph input) and every other node through its rule in ONNX_OPS. Every op without
 * a rule is collected; the walk never stops at the first.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { reachingTo, type Graph, type Node } from "@nnc/ir";
import type { OnnxDType, UnsupportedOp } from "./contract.ts";
import type { ExportTensor, OrtFloatOnly } from "./api.ts";
import { DimUnavailable, OnnxBuilder } from "./emit.ts";
import { onnxRuleOf } from "./ops/table.ts";

export interface GraphExportOptions {
  /** `OnnxEmit.training`: the `training` op's value and whether dropout masks are drawn. */
  readonly training: boolean;
  /** How nnc's floats are stored. */
  readonly dtype: "f32" | "f64";
  /** Param and buffer values by node id; each becomes an initializer named by the id. */
  readonly values: ReadonlyMap<string, ExportTensor>;
  /** Graph outputs in order: ONNX name → IR node id. */
  readonly outputs: readonly { readonly name: string; readonly id: string }[];
  /** Param/buffer ids that are graph inputs too (their initializer is the default value). */
  readonly stateInputs?: readonly string[];
  /** IR ids translated even when no output needs them (a caller wires them up itself). */
  readonly keep?: readonly string[];
}

/** A translated graph before encoding: a caller may add nodes and outputs through `e`. */
export interface OnnxDraft {
  readonly e: OnnxBuilder;
  /** IR node id → the ONNX value holding it (translated nodes only). */
  readonly names: ReadonlyMap<string, string>;
  readonly unsupported: UnsupportedOp[];
  /** In an f64 export: the nnc ops used whose ONNX op ORT has no double kernel for (each once). */
  readonly ortFloatOnly: readonly OrtFloatOnly[];
}

const STATE_OPS = new Set(["param", "buffer"]);

export function translateGraph(graph: Graph, opts: GraphExportOptions): OnnxDraft {
  const e = new OnnxBuilder(opts.dtype, opts.training);
  const names = new Map<string, string>();
  const unsupported: UnsupportedOp[] = [];
  const floatOnly = new Map<string, OrtFloatOnly>();
  const types = new Map(graph.nodes.map((n) => [n.id, n.type]));
  for (const o of opts.outputs) if (!types.has(o.id)) throw new InternalCompilerError(`ONNX export: output '${o.name}' names no node ('${o.id}')`);
  const live = reachingTo(graph, [...opts.outputs.map((o) => o.id), ...(opts.keep ?? [])]);
  const stateInputs = new Set(opts.stateInputs ?? []);
  // Every model input may supply a symbol's run-time size, even one no output needs.
  for (const n of graph.nodes) if (n.op === "input") e.offerSymbols({ name: n.id, dtype: e.dtypeOf(n.type), shape: n.type.shape });
  for (const n of graph.nodes) {
    if (!live.has(n.id)) continue;
    if (n.inputs.some((i) => !names.has(i))) continue; // an operand was unsupported: reported once, there
    e.scope = n.id;
    const bound = bindSource(e, n, opts, stateInputs);
    if (bound !== undefined) {
      names.set(n.id, bound);
      continue;
    }
    const rule = onnxRuleOf(n.op);
    if (rule === undefined || "unsupported" in rule) {
      unsupported.push({ kind: "op", op: n.op, node: n, reason: rule === undefined ? `'${n.op}' is not in the op table` : rule.unsupported });
      continue;
    }
    try {
      const inputTypes = n.inputs.map((i) => types.get(i)!);
      names.set(n.id, rule.emit({ node: n, inputs: n.inputs.map((i) => names.get(i)!), inputTypes, e }));
      if (rule.ortFloatOnly !== undefined && e.float === "f64") floatOnly.set(n.op, { op: n.op, onnxOp: rule.ortFloatOnly });
    } catch (err) {
      if (!(err instanceof DimUnavailable)) throw err;
      unsupported.push({ kind: "dim", op: n.op, node: n, reason: err.message });
    }
  }
  e.scope = "";
  for (const o of opts.outputs) {
    const value = names.get(o.id);
    const t = types.get(o.id);
    if (value !== undefined && t !== undefined) e.output(o.name, value, e.dtypeOf(t), t.shape);
  }
  return { e, names, unsupported, ortFloatOnly: [...floatOnly.values()] };
}

/**
 * Sources the driver binds itself; undefined for every other op (its rule emits it). Every param and
 * buffer has a value of its static shape (the compiler's initial values or a fitted checkpoint), so a
 * missing one is a bug of the caller.
 */
function bindSource(e: OnnxBuilder, n: Node, opts: GraphExportOptions, stateInputs: ReadonlySet<string>): string | undefined {
  const dtype: OnnxDType = e.dtypeOf(n.type);
  if (n.op === "input") return e.input(n.id, dtype, n.type.shape);
  if (!STATE_OPS.has(n.op)) return undefined;
  const value = opts.values.get(n.id);
  const dims = n.type.shape.map((d) => (typeof d === "number" ? d : -1));
  if (value === undefined || dims.includes(-1) || value.data.length !== dims.reduce((a, b) => a * b, 1)) {
    throw new InternalCompilerError(`ONNX export: no value of shape [${dims.join(", ")}] was given for ${n.op} '${n.id}'`);
  }
  e.initializer(n.id, dtype, dims, value.data);
  if (stateInputs.has(n.id)) e.input(n.id, dtype, n.type.shape);
  return n.id;
}
