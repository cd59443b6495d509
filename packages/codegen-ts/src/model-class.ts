/** Assembles the generated class: fields, constructor, the CompiledModel methods, helpers. */
import { dimToString, graphBuffers, graphInputs, graphParams, type DType, type Graph, type GraphUpdate, type Node } from "@nnc/ir";
import { updateLines } from "./buffer-code.ts";
import { dimCode, sizeDim } from "./dims.ts";
import { initStatements, uniformsHelper } from "./init-code.ts";
import type { CodegenInput } from "./input.ts";
import { commentText, jsString, jsValue, numLit, propertyKey, type NameTable } from "./names.ts";
import { updateCode, type UpdateCode, type UpdateSimd } from "./optimizer.ts";
import { zeroSumBody } from "./update-simd.ts";
import { phaseMethod, readsTrainingFlag, runAllMethod, type PhaseMethod } from "./phase-methods.ts";
import type { ModePlan } from "./plan.ts";
import type { StoragePlan } from "./storage.ts";

export interface ClassParts {
  readonly input: CodegenInput;
  readonly g: Graph;
  readonly className: string;
  readonly names: NameTable;
  readonly plan: ModePlan;
  readonly storage: StoragePlan;
  readonly batchDim: string | null;
  readonly lossId: string | null;
  readonly grads: readonly (readonly [string, string])[];
  readonly checks: readonly CheckEntry[];
  /** Method bodies of the three phases: forward, the loss tail (null: no loss), backward (null: no gradients). */
  readonly programs: { readonly forward: string[]; readonly loss: string[] | null; readonly backward: string[] | null };
  readonly helperText: readonly string[];
  /** Place the planned buffers in one WebAssembly memory for the SIMD kernels (helper "simd"). */
  readonly simd?: boolean;
  /** The SIMD kernels may run on worker threads: the class has close(), which stops them. */
  readonly threaded?: boolean;
  /** Buffer updates trainStep applies after the optimizer's (buffer-code.ts). */
  readonly updates?: readonly GraphUpdate[];
  /** The optimizer's update (classUpdate), made before the helpers are chosen: it may call simdCall. */
  readonly update: UpdateCode | null;
}

/**
 * The optimizer's update of a class (null without a train section or gradients): its state arrays
 * and the lines of update(). `simd`: the class keeps its arrays in the kernels' memory (with `cut`,
 * its large update calls go through simdCall, cut over the threads).
 */
export function classUpdate(p: { readonly input: CodegenInput; readonly g: Graph; readonly names: NameTable; readonly grads: readonly (readonly [string, string])[]; readonly backward: boolean }, simd?: UpdateSimd): UpdateCode | null {
  const train = p.input.train;
  if (train === null || !p.backward) return null;
  const byId = new Map(p.g.nodes.map((n) => [n.id, n]));
  const paramIds = new Set(graphParams(p.g).map((n) => n.id));
  const paramGrads = p.grads.filter(([w]) => paramIds.has(w));
  return updateCode(
    train.update,
    paramGrads.map(([w, gid]) => ({ id: w, w: p.names.get(w), g: p.names.get(gid), size: sizeNumber(byId.get(w)!), rank: byId.get(w)!.type.shape.length })),
    simd,
  );
}

/** A value checked for finiteness: its id and `.nn` line; a backward value adds its rule and the forward value it differentiates. */
export interface CheckEntry {
  readonly value: string;
  readonly line: number;
  readonly rule?: string;
  readonly of?: string;
}

const ARRAY: Record<DType, string> = { f32: "Float32Array", f64: "Float64Array", i32: "Int32Array", bool: "Uint8Array" };

function indent(lines: readonly string[], by = "  "): string[] {
  return lines.map((l) => (l === "" ? l : by + l));
}

/** `items` as a comma list in lines of eight, between `open` and `close` (an array pattern over lines). */
function rows(items: readonly string[], open: string, close: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 8) lines.push(`${i === 0 ? open : " "}${items.slice(i, i + 8).join(", ")}${i + 8 < items.length ? "," : close}`);
  return lines;
}

export function assembleClass(p: ClassParts): string {
  const ts = p.input.target === "ts";
  const T = (s: string): string => (ts ? s : "");
  const priv = T("private ");
  const ro = T("readonly ");
  const { g, names, storage, className } = p;
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const local = (id: string): string => names.get(id);
  const buf = (id: string): string => `this.buf${storage.storageOf.get(id)!}`;
  const tensorMeta = (name: string, n: Node): object => ({
    name,
    dtype: n.type.dtype === "f32" || n.type.dtype === "f64" ? p.input.dtype : n.type.dtype,
    shape: n.type.shape.map((d) => (typeof d === "number" ? d : dimToString(d))),
  });
  const inputs = graphInputs(g);
  const role = (r: string): Node[] => inputs.filter((n) => n.attrs["role"] === r);
  const params = graphParams(g);
  const paramIds = new Set(params.map((n) => n.id));
  // Buffers add members only when the graph has some: a model without them generates what it always did.
  // In the optimized graph's order (declaration order), not the phase order of `g`: meta and checkpoints list them so.
  const buffers = graphBuffers(p.input.graph);
  const updated = new Set((p.updates ?? []).map((u) => u.buffer));
  const meta = {
    model: p.input.name,
    inputs: role("model").map((n) => tensorMeta(n.id, n)),
    trainInputs: role("train").map((n) => tensorMeta(n.id, n)),
    outputs: p.input.outputs.map((o) => tensorMeta(o.name, byId.get(o.id)!)),
    params: params.map((n) => tensorMeta(n.id, n)),
    batchDim: p.batchDim,
    dtype: p.input.dtype,
    hasLoss: p.lossId !== null,
    ...(buffers.length === 0 ? {} : { buffers: buffers.map((n) => ({ ...tensorMeta(n.id, n), updated: updated.has(n.id) })) }),
  };
  /** A record keyed by user names: no prototype, own properties only (see propertyKey). */
  const record = (entries: readonly (readonly [string, string])[]): string =>
    `Object.assign(Object.create(null), { ${entries.map(([k, v]) => `${propertyKey(k)}: ${v}`).join(", ")} })`;
  const train = p.input.train;
  const paramGrads = p.grads.filter(([w]) => paramIds.has(w));
  const update = p.update;
  const floatArray = ARRAY[p.input.dtype];
  const sizeCode = (size: Parameters<typeof dimCode>[0]): string => dimCode(size, "maxBatch");
  const rowsCheck = p.batchDim === null
    ? []
    : [`if (!(rows >= 1 && rows <= this.maxBatch && Math.floor(rows) === rows)) throw new RangeError("rows must be a whole number in [1, " + this.maxBatch + "], got " + rows);`];
  const method = (sig: string, body: readonly string[]): string[] => [`${sig} {`, ...indent(body), `}`, ``];
  const lossRead = p.lossId === null ? "NaN" : `${buf(p.lossId)}[0]`;
  const noLoss = `throw new Error(${jsString(`model ${p.input.name} has no loss (no train section)`)});`;
  const noStep = `throw new Error(${jsString(`model ${p.input.name} was compiled without gradients`)});`;
  const phases: PhaseMethod[] = [
    phaseMethod("runForward", p.programs.forward, ts, priv),
    ...(p.programs.loss === null ? [] : [phaseMethod("runLoss", p.programs.loss, ts, priv)]),
    ...(p.programs.loss === null || p.programs.backward === null ? [] : [phaseMethod("runBackward", p.programs.backward, ts, priv)]),
  ];
  const hasStep = phases.length === 3;
  const reads = (name: string): boolean => phases.some((ph) => ph.lines.some((l) => l.includes(name)));
  const initLines = initStatements(g, [...params, ...buffers], names, className);
  const bufferSteps = updateLines(p.updates ?? [], g, storage);
  // Private members nothing reads would fail tsc --noUnusedLocals: emit the helpers only when used.
  const usesRandom = reads("this.random()");
  const usesUniforms = initLines.some((l) => l.includes(`${className}.uniforms(`));
  const usesNonFinite = reads("this.nonFinite(");
  const usesTraining = readsTrainingFlag(phases);

  const fields = storage.storages.map((s, i) => `${priv}${ro}buf${i}${T(`: ${ARRAY[s.dtype]}`)}; // ${commentText(s.values.join(", "))}`);
  // With the SIMD kernels, the float optimizer state lives in their memory too (the update kernels read it there).
  const simdState = p.simd === true ? (update?.state ?? []).filter((s) => s.float) : [];
  const ctor = [
    `if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) throw new RangeError("maxBatch must be a whole number ≥ 1, got " + maxBatch);`,
    `this.maxBatch = maxBatch;`,
    ...(p.simd === true
      ? [
          ...rows([...storage.storages.map((_s, i) => `this.buf${i}`), ...simdState.map((st) => `this.${st.field}`)], "[", "] ="),
          `  ${className}.simdArrays([${[...storage.storages.map((s) => `[${ARRAY[s.dtype]}, ${sizeCode(s.size)}]`), ...simdState.map((st) => `[${floatArray}, ${st.size}]`)].join(", ")}])${ts ? ` as [${[...storage.storages.map((s) => ARRAY[s.dtype]), ...simdState.map(() => floatArray)].join(", ")}]` : ""};`,
        ]
      : storage.storages.map((s, i) => `this.buf${i} = new ${ARRAY[s.dtype]}(${sizeCode(s.size)});`)),
    ...storage.storages.flatMap((s, i) => (s.fill === undefined || s.fill === 0 ? [] : [`this.buf${i}.fill(${numLit(s.fill)});`])),
    `// Records by name have no prototype: no name (\`__proto__\`, \`toString\`) reaches Object.prototype.`,
    `this.params = ${record(params.map((n) => [n.id, buf(n.id)]))};`,
    ...(buffers.length === 0 ? [] : [`this.buffers = ${record(buffers.map((n) => [n.id, buf(n.id)]))};`]),
    `this.inputs = ${record(inputs.map((n) => [n.id, buf(n.id)]))};`,
    `this.outputs = ${record(p.input.outputs.map((o) => [o.name, buf(o.id)]))};`,
    `this.grads = ${record(p.grads.map(([w, gid]) => [w, buf(gid)]))};`,
    `this.optimizerState = ${record((update?.state ?? []).map((s) => [s.key, `this.${s.field}`]))};`,
  ];
  const FR = T("Readonly<Record<string, FloatArray>>");
  const lines = [
    `/** Generated by nnc from ${commentText(p.input.source.file)}: model ${commentText(p.input.name)}. */`,
    `class ${className}${T(" implements CompiledModel")} {`,
    ...indent([
      `${ro}meta${T(": ModelMeta")} = ${jsValue(meta)};`,
      `${ro}maxBatch${T(": number")};`,
      `${ro}params${ts ? `: ${FR}` : ""};`,
      ...(buffers.length === 0 ? [] : [`/** Non-trainable state by name: initialized with the params, given its \`next\` values after each training step. */`, `${ro}buffers${T(": Readonly<Record<string, AnyArray>>")};`]),
      `${ro}inputs${T(": Readonly<Record<string, AnyArray>>")};`,
      `${ro}outputs${ts ? `: ${FR}` : ""};`,
      `/** Gradients by parameter (or wrt value) name, valid after trainStep. */`,
      `${ro}grads${ts ? `: ${FR}` : ""};`,
      `${ro}optimizerState${ts ? `: ${FR}` : ""};`,
      ...(update === null ? [] : [`${priv}lr = ${numLit(train?.lr ?? 0)};`]),
      `/** Whether trainStep applies dropout masks (off: gradients of the inference-mode function). */`,
      `${usesTraining ? priv : ""}training = true;`,
      `${priv}rngState = 0x9e3779b9;`,
      `${priv}rngStart = 0;`,
      `${priv}lastRows = 0;`,
      `${priv}lastRun = 0;`,
      `${priv}found = -1;`,
      `${priv}gradFault = false;`,
      ...fields,
      // Optimizer state has the params' sizes, whatever maxBatch is.
      ...(update?.state ?? []).map((s) => (simdState.includes(s) ? `${priv}${ro}${s.field}${T(`: ${floatArray}`)};` : `${priv}${ro}${s.field} = new ${s.float ? floatArray : "Float64Array"}(${s.size});`)),
      `${priv}static ${ro}CHECKS${T(": readonly (readonly [string, number, string?, string?])[]")} = ${jsValue(p.checks.map((c) => (c.rule === undefined ? [c.value, c.line] : [c.value, c.line, c.rule, c.of ?? ""])))};`,
      ``,
      ...method(`constructor(maxBatch${T(": number")})`, ctor),
      ...method(`initParams(${initLines.some((l) => /\bseed\b/.test(l)) ? "seed" : "_seed"}${T(": number")})${T(": void")}`, [
        ...[...params, ...buffers].map((n) => `const ${local(n.id)} = ${buf(n.id)};`),
        ...initLines,
        ...((update?.state ?? []).length === 0 ? [] : [`for (const s of [${(update?.state ?? []).map((s) => `this.${s.field}`).join(", ")}]) s.fill(0);`]),
      ]),
      ...method(`setTraining(on${T(": boolean")})${T(": void")}`, [`this.training = on;`]),
      ...method(`forward(rows${T(": number")})${T(": void")}`, [...rowsCheck, `this.begin(rows, 1);`, `this.run(rows, false, 1);`]),
      ...method(`trainStep(${hasStep ? "rows" : "_rows"}${T(": number")})${T(": number")}`, !hasStep ? [p.lossId === null ? noLoss : noStep] : [
        ...rowsCheck,
        `this.begin(rows, 3);`,
        `this.run(rows, false, 3);`,
        `const loss = ${lossRead};`,
        ...(update === null ? [] : [
          `// A non-finite loss or gradient skips the update: the parameters keep their values, so firstNonFinite() can replay the step.`,
          `this.gradFault = false;`,
          `if (!Number.isFinite(loss)) return loss;`,
          `if (!this.gradsFinite()) {`,
          `  this.gradFault = true;`,
          `  return NaN;`,
          `}`,
          // The optimizer never reads buffers, so writing them first is the same as after the update, and a
          // `next` value that is a parameter itself is still this step's value.
          ...(bufferSteps.length === 0 ? [] : [`// Buffers take their \`next\` values only in training mode, when the update is applied.`, `if (this.training) {`, ...indent(bufferSteps), `}`]),
          `this.update();`,
        ]),
        `return loss;`,
      ]),
      ...method(`evalLoss(${p.programs.loss === null ? "_rows" : "rows"}${T(": number")})${T(": number")}`, p.programs.loss === null ? [noLoss] : [...rowsCheck, `this.begin(rows, 2);`, `this.run(rows, false, 2);`, `return ${lossRead};`]),
      ...(update === null
        ? [`/** No optimizer: the learning rate has nothing to act on. */`, ...method(`setLearningRate(_lr${T(": number")})${T(": void")}`, [])]
        : method(`setLearningRate(lr${T(": number")})${T(": void")}`, [`this.lr = lr;`])),
      ...(p.threaded === true && storage.storages.length > 0
        ? [`/** Stops the worker threads the kernels run on (they also end with the process); the model stays usable on one thread. */`, ...method(`close()${T(": void")}`, [`${className}.simdClose(this.buf0.buffer);`])]
        : []),
      `/** Reseeds the dropout masks' PRNG. */`,
      ...method(`seedDropout(seed${T(": number")})${T(": void")}`, [`this.rngState = seed >>> 0;`]),
      `/** Replays the last forward/evalLoss/trainStep on the same rows, checking every stored value in program order. */`,
      ...method(`firstNonFinite()${T(`: { readonly value: string; readonly line: number; readonly rule?: string; readonly of?: string; readonly gradient?: boolean } | null`)}`, [
        `if (this.lastRun === 0) return null;`,
        `const saved = this.rngState;`,
        `this.rngState = this.rngStart;`,
        `this.found = -1;`,
        `this.run(this.lastRows, true, this.lastRun);`,
        `this.rngState = saved;`,
        `if (this.found < 0) return null;`,
        `const hit = ${className}.CHECKS[this.found]${T("!")};`,
        `const gradient = this.lastRun === 3 && this.gradFault;`,
        `const at = { value: hit[0], line: hit[1], ...(gradient ? { gradient } : {}) };`,
        `return hit[2] === undefined ? at : { ...at, rule: hit[2], of: hit[3] };`,
      ]),
      ...method(`${priv}begin(rows${T(": number")}, run${T(": number")})${T(": void")}`, [`this.lastRows = rows;`, `this.lastRun = run;`, `this.rngStart = this.rngState;`]),
      ...runAllMethod(phases, ts, priv),
      ...phases.flatMap((ph) => ph.lines),
      ...(update === null ? [] : [
        `/** True when every parameter's gradient is finite (see zeroSum). */`,
        ...method(`${priv}gradsFinite()${T(": boolean")}`, [`return ${paramGrads.map(([w, gid]) => `this.zeroSum(${buf(gid)}, ${sizeNumber(byId.get(w)!)})`).join(" + ") || "0"} === 0;`]),
        `/** Σ g[i]·0: each term is ±0 for finite g[i] and NaN for ±Infinity or NaN, so the sum is 0 exactly when all n are finite. Four sums hide the latency of the additions. */`,
        ...method(`${priv}zeroSum(g${T(`: ${floatArray}`)}, n${T(": number")})${T(": number")}`, zeroSumBody(ts, p.simd === true ? { className } : undefined)),
      ]),
      ...(update === null ? [] : method(`${priv}update()${T(": void")}`, [...paramGrads.flatMap(([w, gid]) => [`const ${local(w)} = ${buf(w)}, ${local(gid)} = ${buf(gid)};`]), ...update.lines])),
      ...(!usesNonFinite ? [] : method(`${priv}nonFinite(a${T(": ArrayLike<number>")}, n${T(": number")}, k${T(": number")})${T(": boolean")}`, [
        `for (let i = 0; i < n; i++) {`,
        `  const v = a[i]${T("!")};`,
        `  if (v - v !== 0) {`,
        `    this.found = k;`,
        `    return true;`,
        `  }`,
        `}`,
        `return false;`,
      ])),
      ...(!usesRandom ? [] : [`/** mulberry32 on the class's state: the dropout masks' uniforms in [0, 1). */`]),
      ...(!usesRandom ? [] : method(`${priv}random()${T(": number")}`, [
        `this.rngState = (this.rngState + 0x6d2b79f5) >>> 0;`,
        `let t = this.rngState;`,
        `t = Math.imul(t ^ (t >>> 15), t | 1);`,
        `t ^= t + Math.imul(t ^ (t >>> 7), t | 61);`,
        `return ((t ^ (t >>> 14)) >>> 0) / 4294967296;`,
      ])),
      ...(usesUniforms ? uniformsHelper(ts) : []),
      ...p.helperText.flatMap((h) => ["", ...h.split("\n")]),
    ]),
    `}`,
    ``,
  ];
  return lines.join("\n");
}

function sizeNumber(n: Node): number {
  const s = sizeDim(n.type.shape);
  if (typeof s !== "number") throw new Error(`codegen: parameter ${n.id} has a symbolic size`);
  return s;
}
