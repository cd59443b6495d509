/**
 * generateModel: the plain-data CodegenInput (optimized graph, outputs, loss, gradients, optimizer
 * settings, explanation) → the source of one class implementing the runtime's CompiledModel, with no
 * imports. The forward pass is emitted once: evalLoss and trainStep run it, then the loss tail, then
 * the backward pass.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimSymbols, isFloat, printNodeCode, reachingTo, type Graph, type Node } from "@nnc/ir";
import { emitProgram, type EmitEnv } from "./emit-program.ts";
import { HELPER_CALLS, HELPERS, type HelperName } from "./helpers/table.ts";
import type { CodegenInput, GeneratedModel } from "./input.ts";
import { memoryPlan } from "./memory.ts";
import { assembleClass, type CheckEntry } from "./model-class.ts";
import { NameTable } from "./names.ts";
import { bufferUpdates } from "./buffer-code.ts";
import { kernelOf } from "./kernels/table.ts";
import { kernelFor, planModes } from "./plan.ts";
import { pruneDeadLocals } from "./prune.ts";
import { planStorage } from "./storage.ts";

/** The one symbolic dim of the graph (the batch), or null; more than one is not supported. */
function batchDimOf(g: Graph): string | null {
  const syms = new Set<string>(g.dims);
  for (const n of g.nodes) for (const d of n.type.shape) for (const s of dimSymbols(d)) syms.add(s);
  const used = [...syms].filter((s) => g.nodes.some((n) => n.type.shape.some((d) => dimSymbols(d).includes(s))));
  if (used.length > 1) throw new InternalCompilerError(`codegen: the graph uses ${used.length} symbolic dims (${used.join(", ")}); generated code supports one, the batch`);
  return used[0] ?? null;
}

/**
 * The three phases a method runs: forward (what the outputs need), the loss tail (what the loss needs
 * beyond that), backward (what the gradients need beyond both). Each phase's dependencies lie in it or
 * an earlier one, so nodes sorted stably by phase stay topological, and that order is the order the
 * storage plan reuses arrays in.
 */
function phases(g: Graph, outputs: readonly string[], loss: string | null, grads: readonly string[], updates: readonly string[]): { forward: Set<string>; tail: Set<string>; backward: Set<string>; graph: Graph } {
  const forward = reachingTo(g, outputs);
  const tail = new Set([...reachingTo(g, [...forward, ...(loss === null ? [] : [loss])])].filter((id) => !forward.has(id)));
  // Buffer updates (`next` values) are computed with the gradients: only trainStep runs this phase.
  const backward = new Set([...reachingTo(g, [...forward, ...tail, ...grads, ...updates])].filter((id) => !forward.has(id) && !tail.has(id)));
  const rank = (id: string): number => (forward.has(id) ? 0 : tail.has(id) ? 1 : backward.has(id) ? 2 : 3);
  const nodes = g.nodes.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n.id) - rank(b.n.id) || a.i - b.i).map((e) => e.n);
  return { forward, tail, backward, graph: { ...g, nodes } };
}

export function generateModel(input: CodegenInput): GeneratedModel {
  const byIdIn = new Map(input.graph.nodes.map((n) => [n.id, n]));
  const lossId = input.loss !== null && byIdIn.has(input.loss) ? input.loss : null;
  const grads = Object.entries(input.grads);
  const outputs = input.outputs;
  const updates = bufferUpdates(input.graph, lossId !== null && grads.length > 0);
  const ph = phases(input.graph, outputs.map((o) => o.id), lossId, grads.map(([, id]) => id), updates.map((u) => u.value));
  const g = ph.graph;
  const batchDim = batchDimOf(g);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const pinned = new Set<string>([...outputs.map((o) => o.id), ...(lossId === null ? [] : [lossId]), ...grads.map(([, id]) => id), ...updates.map((u) => u.value)]);
  const sources = g.nodes.filter((n) => kernelOf(n.op)?.kind === "source").map((n) => n.id);
  const live = new Set([...ph.forward, ...ph.tail, ...ph.backward, ...sources]);

  const className = new NameTable([input.name], input.reserved ?? []).get(input.name);
  const names = new NameTable(g.nodes.map((n) => n.id), [className]);
  const plan = planModes(g, live, pinned);
  const storage = planStorage(plan, input.dtype, (id) => {
    const n = byId.get(id)!;
    const k = kernelFor(n);
    return k.kind === "call" && k.scratch !== undefined ? k.scratch(n, n.inputs.map((i) => byId.get(i)!)) : [];
  });

  const explained = new Map(input.explanation.map((e) => [e.id, e]));
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
  // Scalars without an array (mode "uniform") are locals of the method that computes them: a later
  // phase re-declares the ones it reads (pruneDeadLocals drops the rest).
  const scalars = (set: ReadonlySet<string>): string[] => [...set].filter((id) => plan.values.get(id)?.mode === "uniform");
  const programs = {
    forward: pruneDeadLocals(emitProgram(env, ph.forward)),
    loss: lossId === null ? null : pruneDeadLocals(emitProgram(env, ph.tail, scalars(ph.forward))),
    backward: lossId === null || grads.length === 0 ? null : pruneDeadLocals(emitProgram(env, ph.backward, [...scalars(ph.forward), ...scalars(ph.tail)])),
  };
  // f32 models using a matmul with a SIMD kernel keep their buffers in one WebAssembly memory.
  const simd = input.dtype === "f32" && (used.has("mmNN") || used.has("mmTN") || used.has("mmNT"));
  if (simd) used.add("simd");
  const target = { ts: input.target === "ts", F: input.dtype === "f32" ? "Float32Array" : "Float64Array" };
  // A helper brings the helpers its body calls; a Set's iteration visits what it adds, so this closes
  // over calls of calls.
  for (const h of used) for (const callee of HELPER_CALLS[h]?.(target) ?? []) used.add(callee);
  const helperText = [...used].sort().map((h) => HELPERS[h](target));
  const code = assembleClass({ input, g, className, names, plan, storage, batchDim, lossId, grads, checks, programs, helperText, simd, updates });
  const memory = memoryPlan({ g, storage, grads, optimizer: input.train?.update ?? null, dtype: input.dtype });
  return { code, className, memory };
}
