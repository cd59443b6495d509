/**
 * generateModel: the plain-data CodegenInput (optimized graph, outputs, loss, gradients, optimizer
 * settings, explanation) → the source of one class implementing the runtime's CompiledModel, with no
 * imports. The forward pass is emitted once: evalLoss and trainStep run it, then the loss tail, then
 * the backward pass.
 */
import { isFloat, printNodeCode, type Node } from "@nnc/ir";
import { emitProgram, type EmitEnv } from "./emit-program.ts";
import { HELPER_CALLS, HELPERS, RELAXED_HELPERS, type HelperName } from "./helpers/table.ts";
import type { CodegenInput, GeneratedModel } from "./input.ts";
import { assembleClass, classUpdate, type CheckEntry } from "./model-class.ts";
import { planModel } from "./model-plan.ts";
import { NameTable } from "./names.ts";
import { pruneDeadLocals } from "./prune.ts";
import { simdHelper } from "./helpers/simd.ts";
import { DEFAULT_SPLIT_WORK } from "./threads/split-work.ts";
import type { WasmFunction } from "./wasm/encode.ts";
import { fusedLaneKernel } from "./wasm/fused-lanes.ts";
import { rowReduceLaneKernel } from "./wasm/row-reduce-lanes.ts";

export interface GenerateOptions {
  /**
   * Threads the class's large SIMD kernel calls are split over: 1 = one thread (no shared memory, no
   * workers); N > 1 = N; 0 or absent = the machine's cores at run time, at most 4.
   */
  readonly threads?: number;
}

export function generateModel(input: CodegenInput, options: GenerateOptions = {}): GeneratedModel {
  const { ph, g, batchDim, lossId, grads, updates, plan, storage, memory } = planModel(input);
  const className = new NameTable([input.name], input.reserved ?? []).get(input.name);
  const names = new NameTable(g.nodes.map((n) => n.id), [className]);

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
  // The fused groups' WebAssembly functions (./wasm/fused-lanes.ts), one per distinct function body.
  const fused: WasmFunction[] = [];
  const fusedByBody = new Map<string, string>();
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
    fusedKernel: (spec) => {
      used.add("simd");
      const fn = spec.combineRow === undefined ? fusedLaneKernel(`fused${fused.length}`, spec) : rowReduceLaneKernel(`fused${fused.length}`, { ...spec, combineRow: spec.combineRow });
      const key = `${fn.params.join(",")}|${fn.locals.join(",")}|${fn.body.join(",")}`;
      let name = fusedByBody.get(key);
      if (name === undefined) {
        fused.push(fn);
        fusedByBody.set(key, (name = fn.name));
      }
      return { name, registry: `${className}.SIMD_KERNELS` };
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
  const target = { ts: input.target === "ts", F: input.dtype === "f32" ? "Float32Array" : "Float64Array" };
  // A helper brings the helpers its body calls; a Set's iteration visits what it adds, so this closes
  // over calls of calls.
  for (const h of used) for (const callee of HELPER_CALLS[h]?.(target) ?? []) used.add(callee);
  // f32 models using a SIMD kernel (a matmul, or a helper that calls "simd", such as max-pool's) keep
  // their buffers in one WebAssembly memory.
  const matmuls = used.has("mmNN") || used.has("mmTN") || used.has("mmNT");
  const simd = input.dtype === "f32" && (matmuls || used.has("simd"));
  if (simd) used.add("simd");
  // Threads come with the matmuls: a class without them runs on one (its other kernel calls are not cut either).
  const threads = matmuls ? (options.threads ?? 0) : 1;
  const threadSettings = { threads, splitWork: DEFAULT_SPLIT_WORK };
  const threaded = simd && threads !== 1;
  const update = classUpdate({ input, g, names, grads, backward: programs.backward !== null }, simd ? { className, ts: target.ts, cut: threaded } : undefined);
  // simdCall comes with the simd helper, in its threaded form where the class has threads.
  const calls = used.delete("simdCall") || update?.usesCall === true;
  // The relaxed-SIMD module comes with a call of a kernel it has: a matmul's or a convolution's.
  const relaxed = simd && RELAXED_HELPERS.some((h) => used.has(h));
  const helperText = [...used].sort().map((h) => (h === "simd" ? simdHelper(target, threadSettings, fused, matmuls, calls, relaxed) : HELPERS[h](target)));
  const code = assembleClass({ input, g, className, names, plan, storage, batchDim, lossId, grads, checks, programs, helperText, simd, threaded, updates, update });
  return { code, className, memory };
}
