/**
 * The generic per-op ONNX test: for every op of the op table and every one of its samples (backward
 * ops included), a one-node graph is exported at f32 (the default) and at f64 (where ORT has double
 * kernels), run in onnxruntime-node with its default graph optimizations, and compared with the op
 * record's float64 `evaluate` on the same (stored) operands to 1e-5 relative to max(|v|, 1). Samples
 * with a symbolic dim run the same model at two sizes. A new op record is tested without a new test.
 */
import { describe, expect, it } from "vitest";
import { isFloat, type Attrs, type Graph, type TensorType } from "@nnc/ir";
import { allOps, GraphBuilder, lookupOp, mulberry32, type OpDef, type OpSample, type Tensor } from "@nnc/ops";
import type { OnnxDType } from "./contract.ts";
import { translateGraph } from "./graph.ts";
import { encodeModel } from "./model.ts";
import { onnxRuleOf } from "./ops/table.ts";
import { concrete, evaluateGraph, firstMismatch, randomTensor, runOrt, stored, symbolsOf, type OrtFeed } from "./test-ort.ts";

const TOL = 1e-5;

/** Ops with no ONNX rule and the reason their rule gives (adding a rule must update this list). */
const UNSUPPORTED: Readonly<Record<string, string>> = {};

/**
 * Ops whose ONNX Runtime CPU kernels exist for float only (no double; ORT: "Could not find an
 * implementation for Conv(11)"): their graphs are exported at f32 and the reference is evaluated on
 * the f32-rounded operands, so only ORT's f32 arithmetic differs. Values name the ONNX op lacking it.
 */
const F32_ONLY: Readonly<Record<string, string>> = {
  conv2d: "Conv",
  conv2d_input_grad: "ConvTranspose",
  conv2d_weight_grad: "Conv",
  avgpool2d: "AveragePool",
  avgpool2d_grad: "ConvTranspose",
  erf: "Erf",
  elu: "Elu",
};

/** Sources the driver binds itself (graph inputs, initializers): no rule, no per-op test here. */
const DRIVER_BOUND = new Set(["input", "param", "buffer"]);

/** Sizes a sample's symbolic dims take: the same exported model runs at both. */
const SYMBOL_SIZES = [3, 5] as const;

interface OneNode {
  readonly graph: Graph;
  readonly inputs: readonly { readonly id: string; readonly type: TensorType }[];
  readonly out: TensorType;
}

function oneNodeGraph(op: string, inputs: readonly TensorType[], attrs: Attrs, carrier?: TensorType): OneNode {
  const b = new GraphBuilder(lookupOp);
  const ids = inputs.map((t, i) => b.add("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, { name: `x${i}` }));
  // An input that only carries a symbol's run-time size (for ops without operands, e.g. dimsize).
  const extra = carrier === undefined ? [] : [b.add("input", [], { role: "model", dtype: carrier.dtype, shape: carrier.shape }, { name: "carrier" })];
  const z = b.add(op, ids, attrs, { name: "z" });
  const all = [...ids, ...extra];
  return { graph: b.finish([{ name: "y", id: z }]), inputs: all.map((id) => ({ id, type: b.type(id) })), out: b.type(z) };
}

function exportOne(g: OneNode, dtype: "f32" | "f64", training: boolean) {
  const keep = g.inputs.map((i) => i.id);
  const draft = translateGraph(g.graph, { training, dtype, values: new Map(), outputs: [{ name: "y", id: "z" }], keep });
  return encodeModel(draft, { modelName: "op", producerVersion: "test" });
}

function storedAs(t: TensorType, dtype: "f32" | "f64"): OnnxDType {
  return isFloat(t.dtype) ? dtype : t.dtype;
}

/** Runs the exported model at each binding of the symbols and compares with `def.evaluate`. */
/** f32 (the default export) always; f64 too where ORT has double kernels. */
function dtypesFor(op: string): readonly ("f32" | "f64")[] {
  return Object.hasOwn(F32_ONLY, op) ? ["f32"] : ["f32", "f64"];
}

async function checkAgainstEvaluate(def: OpDef, s: OpSample, dtype: "f32" | "f64", seed: number, carrier?: TensorType, training = false): Promise<void> {
  const g = oneNodeGraph(def.name, s.inputs, s.attrs, carrier);
  const result = exportOne(g, dtype, training);
  if (Object.hasOwn(UNSUPPORTED, def.name)) {
    expect(result.ok ? [] : result.unsupported.map((u) => [u.op, u.reason])).toEqual([[def.name, UNSUPPORTED[def.name]]]);
    return;
  }
  if (!result.ok) throw new Error(`not exported: ${result.unsupported.map((u) => `${u.op}: ${u.reason}`).join("; ")}`);
  const symbols = symbolsOf([...g.inputs.map((i) => i.type), g.out]);
  const bindings = symbols.length === 0 ? [{}] : SYMBOL_SIZES.map((n) => Object.fromEntries(symbols.map((sym) => [sym, n])));
  const rand = mulberry32(seed);
  for (const env of bindings) {
    const feeds: Record<string, OrtFeed> = {};
    const operands: Tensor[] = [];
    g.inputs.forEach((inp, i) => {
      const stype = storedAs(inp.type, dtype);
      const t = stored(randomTensor(concrete(inp.type.shape, env), s.domain?.[i] ?? "any", rand, s.classes), stype);
      feeds[inp.id] = { tensor: t, dtype: stype };
      if (i < s.inputs.length) operands.push(t);
    });
    const want = def.evaluate(operands, { attrs: s.attrs, outShape: concrete(g.out.shape, env), dims: env, training });
    const got = (await runOrt(result.bytes, feeds)).y!;
    const at = firstMismatch(got, want, TOL);
    expect(at, `${def.name} at ${JSON.stringify(env)}: element ${at}: ORT ${got.data[at]} vs evaluate ${want.data[at]} (shapes [${got.shape.join(",")}] vs [${want.shape.join(",")}])`).toBe(-1);
  }
}

describe("F32_ONLY stays true", () => {
  it.each(Object.entries(F32_ONLY))("%s: ORT has no double %s kernel", async (op, onnxOp) => {
    const def = lookupOp(op)!;
    const s = def.samples[0]!;
    const result = exportOne(oneNodeGraph(op, s.inputs, s.attrs), "f64", false);
    if (!result.ok) throw new Error(result.unsupported.map((u) => u.reason).join("; "));
    const feeds = Object.fromEntries(s.inputs.map((t, i) => [`x${i}`, { tensor: randomTensor(concrete(t.shape, { B: 3, N: 3 }), "any", mulberry32(1)), dtype: "f64" as const }]));
    await expect(runOrt(result.bytes, feeds)).rejects.toThrow(`Could not find an implementation for ${onnxOp}(`);
  });
});

const sampled = allOps().filter((d) => !DRIVER_BOUND.has(d.name) && d.samples.length > 0);

describe.each(sampled.map((d) => [d.name, d] as const))("ONNX %s", (_name, def) => {
  const cases = def.samples.flatMap((s, i) => dtypesFor(def.name).map((dt) => [s.label, dt, s, i] as const));
  it.each(cases)("sample %s at %s equals evaluate", async (_label, dt, s, i) => {
    await checkAgainstEvaluate(def, s, dt, 4000 + 31 * i + def.name.length);
  });
});

const f64 = (shape: TensorType["shape"]): TensorType => ({ dtype: "f64", shape });
const B = { terms: [{ coef: 1, syms: ["B"] }] };

interface HandCase {
  readonly op: string;
  readonly sample: OpSample;
  /** An extra graph input whose shape carries the sample's symbols (ops without operands). */
  readonly carrier?: TensorType;
  readonly training?: boolean;
}

interface HandMore {
  readonly inputs?: readonly TensorType[];
  readonly domain?: OpSample["domain"];
  readonly classes?: number;
  readonly carrier?: TensorType;
  readonly training?: boolean;
}

const hand = (op: string, label: string, attrs: Attrs, more: HandMore = {}): HandCase => ({
  op,
  sample: { label, inputs: more.inputs ?? [], attrs, ...(more.domain === undefined ? {} : { domain: more.domain }), ...(more.classes === undefined ? {} : { classes: more.classes }) },
  ...(more.carrier === undefined ? {} : { carrier: more.carrier }),
  ...(more.training === undefined ? {} : { training: more.training }),
});

/** Ops without samples (no operands, or attributes only the lowering chooses), symbolic sizes and ties the samples lack. */
const HAND_CASES: readonly HandCase[] = [
  hand("training", "inference: false", {}),
  hand("training", "training step: true", {}, { training: true }),
  hand("const", "f64 [2, 3]", { value: 2.5, dtype: "f64", shape: [2, 3] }),
  hand("const", "i32 [B]", { value: 7, dtype: "i32", shape: [B] }, { carrier: f64([B, 2]) }),
  hand("dimsize", "B", { dims: [B], dtype: "f64" }, { carrier: f64([B, 2]) }),
  hand("dimsize", "B·4 as f32", { dims: [B, 4], dtype: "f32" }, { carrier: f64([B]) }),
  hand("dropout_mask", "inference: ones", { p: 0.5, dtype: "f64", shape: [3, 4], seed: 1 }),
  hand("arange", "n = B", { n: B }, { carrier: f64([B]) }),
  hand("tril", "n = B, k = 1", { n: B, k: 1 }, { carrier: f64([B]) }),
  hand("triu", "n = B, k = −1", { n: B, k: -1 }, { carrier: f64([B]) }),
  hand("one_hot", "classes = B", { classes: B, dtype: "f32" }, { inputs: [{ dtype: "i32", shape: [4] }], domain: ["label"], classes: 3, carrier: f64([B]) }),
  // x of 0s and 1s: most windows tie, and ORT's Indices must pick the first maximum as nnc does.
  hand("maxpool2d_grad", "ties, overlapping windows", { size: 3, stride: 1 }, { inputs: [f64([2, 2, 5, 5]), f64([2, 2, 3, 3])], domain: ["bool", "any"] }),
  hand("maxpool2d_gather", "ties", { size: 2, stride: 2 }, { inputs: [f64([2, 2, 4, 4]), f64([2, 2, 4, 4])], domain: ["bool", "any"] }),
  hand("scatter_add", "rows = B", { rows: B }, { inputs: [{ dtype: "i32", shape: [4] }, f64([4, 2])], domain: ["label", "any"], classes: 3, carrier: f64([B]) }),
];

describe("ONNX ops without samples, and symbolic sizes", () => {
  it.each(HAND_CASES.map((c) => [c.op, c.sample.label, c] as const))("%s: %s", async (_op, _label, c) => {
    for (const dt of dtypesFor(c.op)) await checkAgainstEvaluate(lookupOp(c.op)!, c.sample, dt, 77, c.carrier, c.training ?? false);
  });

  it("every op is covered: driver-bound, sampled or hand-written", () => {
    const handOps = new Set(HAND_CASES.map((c) => c.op));
    const uncovered = allOps().filter((d) => !DRIVER_BOUND.has(d.name) && d.samples.length === 0 && !handOps.has(d.name));
    expect(uncovered.map((d) => d.name)).toEqual([]);
  });
});

describe("the ONNX op table", () => {
  it("lists exactly the ops without a rule in UNSUPPORTED, with their reasons", () => {
    const missing = allOps()
      .filter((d) => !DRIVER_BOUND.has(d.name))
      .flatMap((d) => {
        const rule = onnxRuleOf(d.name);
        return rule === undefined ? [[d.name, "no rule"]] : "unsupported" in rule ? [[d.name, rule.unsupported]] : [];
      });
    expect(Object.fromEntries(missing)).toEqual(UNSUPPORTED);
  });
});

/**
 * A CNN step with the batch dim N symbolic — conv, max pool, the loss, and the backward ops the
 * MNIST CNN's training step uses — exported once and run at N = 1 and N = 4, every output compared
 * with the op records' evaluation (f32: Conv has no double kernel in ORT).
 */
describe("a graph with a symbolic batch", () => {
  const N = { terms: [{ coef: 1, syms: ["N"] }] };
  const b = new GraphBuilder(lookupOp);
  const input = (name: string, dtype: "f64" | "i32", shape: TensorType["shape"]) => b.add("input", [], { role: "model", dtype, shape }, { name });
  const x = input("x", "f64", [N, 2, 6, 6]);
  const k = input("k", "f64", [3, 2, 3, 3]);
  const labels = input("labels", "i32", [N]);
  const dp = input("dp", "f64", [N, 3, 3, 3]);
  const y = b.add("conv2d", [x, k], { stride: 1, pad: 1 });
  const p = b.add("maxpool2d", [y], { size: 2 });
  const loss = b.add("cross_entropy", [b.add("reshape", [p], { shape: [N, 27] }), labels]);
  const dy = b.add("maxpool2d_grad", [y, dp], { size: 2 });
  const dx = b.add("conv2d_input_grad", [dy, k], { stride: 1, pad: 1, inputShape: [N, 2, 6, 6] });
  const dk = b.add("conv2d_weight_grad", [x, dy], { stride: 1, pad: 1, kernelShape: [3, 2, 3, 3] });
  const outputs = [
    { name: "pooled", id: p },
    { name: "loss", id: loss },
    { name: "dx", id: dx },
    { name: "dk", id: dk },
  ];
  const graph = b.finish(outputs);

  it("runs at two batch sizes with the interpreter's values", async () => {
    const result = encodeModel(translateGraph(graph, { training: false, dtype: "f32", values: new Map(), outputs }), { modelName: "cnn", producerVersion: "test" });
    if (!result.ok) throw new Error(result.unsupported.map((u) => `${u.op}: ${u.reason}`).join("; "));
    expect(result.inputs.find((i) => i.name === "x")?.shape).toEqual(["N", 2, 6, 6]);
    const rand = mulberry32(99);
    for (const n of [1, 4]) {
      const env = { N: n };
      const feeds: Record<string, OrtFeed> = {};
      for (const id of [x, k, labels, dp]) {
        const t = b.type(id);
        const dtype = t.dtype === "i32" ? "i32" : "f32";
        feeds[id] = { tensor: stored(randomTensor(concrete(t.shape, env), dtype === "i32" ? "label" : "any", rand, 27), dtype), dtype };
      }
      const want = evaluateGraph(graph, Object.fromEntries(Object.entries(feeds).map(([id, f]) => [id, f.tensor])), env);
      const got = await runOrt(result.bytes, feeds);
      for (const o of outputs) {
        const at = firstMismatch(got[o.name]!, want.get(o.id)!, TOL);
        expect(at, `${o.name} at N = ${n}: element ${at}: ORT ${got[o.name]?.data[at]} vs ${want.get(o.id)?.data[at]}`).toBe(-1);
      }
      expect(got.loss!.shape).toEqual([n]);
    }
  });
});

/**
 * Repeated indices on a session with many intra-op threads: the sums must not race (ONNX Runtime's
 * ScatterND "add" does, which is why scatter_add and maxpool2d_grad use ScatterElements). Large
 * enough that ORT splits the work; a race shows only in some runs (ScatterND failed 1 run in 20 at
 * 8 threads here), so this guards a regression probabilistically, never passes a wrong rule by luck
 * of the data.
 */
describe("accumulating ops on a multi-threaded session", () => {
  const cases = [
    { op: "scatter_add", inputs: [{ dtype: "i32", shape: [4096] }, f64([4096, 64])], attrs: { rows: 27 }, domain: ["label", "any"], classes: 27 },
    { op: "maxpool2d_grad", inputs: [f64([8, 16, 32, 32]), f64([8, 16, 30, 30])], attrs: { size: 3, stride: 1 }, domain: ["any", "any"] },
  ] as const;
  it.each(cases.map((c) => [c.op, c] as const))("%s sums repeated indices", async (_op, c) => {
    const g = oneNodeGraph(c.op, c.inputs, c.attrs);
    const result = exportOne(g, "f32", false);
    if (!result.ok) throw new Error(result.unsupported.map((u) => u.reason).join("; "));
    const rand = mulberry32(5);
    const feeds: Record<string, OrtFeed> = {};
    g.inputs.forEach((inp, i) => {
      const dtype = storedAs(inp.type, "f32");
      feeds[inp.id] = { tensor: stored(randomTensor(concrete(inp.type.shape, {}), c.domain[i]!, rand, "classes" in c ? c.classes : undefined), dtype), dtype };
    });
    const want = lookupOp(c.op)!.evaluate(g.inputs.map((i) => feeds[i.id]!.tensor), { attrs: c.attrs, outShape: concrete(g.out.shape, {}), dims: {}, training: false });
    for (let run = 0; run < 3; run++) {
      const got = (await runOrt(result.bytes, feeds, 4)).y!;
      const at = firstMismatch(got, want, TOL);
      expect(at, `run ${run}: element ${at}: ORT ${got.data[at]} vs evaluate ${want.data[at]}`).toBe(-1);
    }
  });
});
