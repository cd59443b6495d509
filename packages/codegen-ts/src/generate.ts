/**
 * generateModel: a LoweredModel (and its differentiated graph and optimizer) → the source of one
 * class implementing the runtime's CompiledModel, with no imports.
 */
import { explainBackward, type GradResult } from "@nnc/autodiff";
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimSymbols, isFloat, printNodeCode, reachingTo, type Graph, type Node } from "@nnc/ir";
import type { LoweredModel, OptimizerSpec } from "@nnc/lower";
import type { MemoryTensor } from "@nnc/runtime";
import { emitProgram, type EmitEnv } from "./emit-program.ts";
import { HELPERS, type HelperName } from "./helpers/table.ts";
import { memoryPlan } from "./memory.ts";
import { assembleClass, type CheckEntry } from "./model-class.ts";
import { NameTable } from "./names.ts";
import { planModes } from "./plan.ts";
import { planStorage } from "./storage.ts";
import { kernelFor } from "./plan.ts";

export interface GenerateInput {
  readonly model: LoweredModel;
  /** The differentiated graph (forward + backward), or null for a prediction-only class. */
  readonly grad: GradResult | null;
  /** Null: trainStep computes loss and gradients (see `grads`) without updating. */
  readonly optimizer: OptimizerSpec | null;
  readonly dtype: "f32" | "f64";
  readonly target: "ts" | "js";
  readonly source: { readonly file: string };
  /**
   * Top-level names of the program the class is placed in (the runtime's, its imports): the class
   * takes none of them (`model DataError` becomes class `DataError_2`).
   */
  readonly reserved?: readonly string[];
}

export interface GeneratedModel {
  readonly code: string;
  readonly className: string;
  /** The arrays the class allocates, as polynomials in the batch size (memory.ts). */
  readonly memory: readonly MemoryTensor[];
}

/** The one symbolic dim of the graph (the batch), or null; more than one is not supported. */
function batchDimOf(g: Graph): string | null {
  const syms = new Set<string>(g.dims);
  for (const n of g.nodes) for (const d of n.type.shape) for (const s of dimSymbols(d)) syms.add(s);
  const used = [...syms].filter((s) => g.nodes.some((n) => n.type.shape.some((d) => dimSymbols(d).includes(s))));
  if (used.length > 1) throw new InternalCompilerError(`codegen: the graph uses ${used.length} symbolic dims (${used.join(", ")}); generated code supports one, the batch`);
  return used[0] ?? null;
}

export function generateModel(input: GenerateInput): GeneratedModel {
  const { model, grad } = input;
  const g = grad?.graph ?? model.graph;
  const batchDim = batchDimOf(g);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const lossId = model.train !== undefined && byId.has(model.train.loss) ? model.train.loss : null;
  const outputs = model.graph.outputs;
  const grads = grad === null ? [] : Object.entries(grad.grads);
  const pinned = new Set<string>([...outputs.map((o) => o.id), ...(lossId === null ? [] : [lossId]), ...grads.map(([, id]) => id)]);
  const sources = g.nodes.filter((n) => n.op === "input" || n.op === "param").map((n) => n.id);
  const forward = reachingTo(g, outputs.map((o) => o.id));
  const loss = reachingTo(g, [...forward, ...(lossId === null ? [] : [lossId])]);
  const step = reachingTo(g, [...loss, ...grads.map(([, id]) => id)]);
  const live = new Set([...step, ...sources]);

  const className = new NameTable([model.name], input.reserved ?? []).get(model.name);
  const names = new NameTable(g.nodes.map((n) => n.id), [className]);
  const plan = planModes(g, live, pinned);
  const storage = planStorage(plan, input.dtype, (id) => {
    const n = byId.get(id)!;
    const k = kernelFor(n);
    return k.kind === "call" && k.scratch !== undefined ? k.scratch(n, n.inputs.map((i) => byId.get(i)!)) : [];
  });

  const explained = new Map((grad === null ? [] : explainBackward(grad)).map((e) => [e.id, e]));
  const describe = (n: Node): string => {
    const e = explained.get(n.id);
    const where = n.span === undefined ? "" : `  (${input.source.file}:${n.span.line})`;
    return e === undefined ? `${printNodeCode(n)}${where}` : `${printNodeCode(n)}  — ${e.rule}: ${e.formula}${where}`;
  };
  const checks: CheckEntry[] = [];
  const checkIndex = new Map<string, number>();
  for (const n of plan.order) {
    const v = plan.values.get(n.id)!;
    if (!isFloat(n.type.dtype) || v.mode === "view" || v.mode === "alias") continue;
    if (v.mode === "uniform" && v.kernel.kind !== "map") continue;
    checkIndex.set(n.id, checks.length);
    const e = explained.get(n.id);
    checks.push(e === undefined ? { value: n.id, line: n.span?.line ?? 0 } : { value: n.id, line: e.line ?? 0, rule: e.rule, of: e.forward });
  }
  const used = new Set<HelperName>();
  const env: EmitEnv = {
    plan,
    storage,
    names,
    describe,
    checkIndex,
    helper: (h) => {
      used.add(h);
      return `${className}.${h}`;
    },
  };
  const programs = {
    forward: emitProgram(env, forward),
    loss: lossId === null ? null : emitProgram(env, loss),
    step: lossId === null || grad === null ? null : emitProgram(env, step),
  };
  // f32 models using a matmul with a SIMD kernel keep their buffers in one WebAssembly memory.
  const simd = input.dtype === "f32" && (used.has("mmNN") || used.has("mmTN") || used.has("mmNT"));
  if (simd) used.add("simd");
  const helperText = [...used].sort().map((h) => HELPERS[h]({ ts: input.target === "ts", F: input.dtype === "f32" ? "Float32Array" : "Float64Array" }));
  const code = assembleClass({ input, g, className, names, plan, storage, batchDim, lossId, grads, checks, programs, helperText, simd });
  const memory = memoryPlan({ g, storage, grads, optimizer: input.optimizer, dtype: input.dtype });
  return { code, className, memory };
}

/** A prediction-only class: forward(rows) and the loss when the model has one, no training. */
export function generateForward(input: Omit<GenerateInput, "grad" | "optimizer">): GeneratedModel {
  return generateModel({ ...input, grad: null, optimizer: null });
}
