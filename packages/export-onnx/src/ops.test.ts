/**
 * The generic per-op ONNX test: for every op of the op table and every one of its samples (backward
 * ops included), a one-node graph is exported at f32 (the default) and at f64 (where ORT has double
 * kernels), run in onnxruntime-node with its default graph optimizations, and compared with the op
 * record's float64 `evaluate` on the same (stored) operands to 1e-5 relative to max(|v|, 1). Samples
 * with a symbolic dim run the same model at two sizes. A new op record is tested without a new test.
 */
import { describe, expect, it } from "vitest";
import type { Attrs, TensorType } from "@nnc/ir";
import { allOps, lookupOp, mulberry32, type OpDef, type OpSample, type Tensor } from "@nnc/ops";
import type { OnnxRule } from "./contract.ts";
import { ONNX_OPS, onnxRuleOf } from "./ops/table.ts";
import { concrete, exportOne, firstMismatch, oneNodeGraph, randomTensor, runOrt, stored, storedAs, symbolsOf, type OrtFeed } from "./test-ort.ts";

const TOL = 1e-5;

/** Ops with no ONNX rule and the reason their rule gives (adding a rule must update this list). */
const UNSUPPORTED: Readonly<Record<string, string>> = {};

/**
 * Ops whose ONNX Runtime CPU kernels exist for float only (the rules' `ortFloatOnly`: the ONNX op
 * lacking a double kernel): their graphs are exported at f32 and the reference is evaluated on the
 * f32-rounded operands, so only ORT's f32 arithmetic differs.
 */
const F32_ONLY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ONNX_OPS as Readonly<Record<string, OnnxRule>>).flatMap(([op, rule]) => ("emit" in rule && rule.ortFloatOnly !== undefined ? [[op, rule.ortFloatOnly]] : [])),
);

/** Sources the driver binds itself (graph inputs, initializers): no rule, no per-op test here. */
const DRIVER_BOUND = new Set(["input", "param", "buffer"]);

/** Sizes a sample's symbolic dims take: the same exported model runs at both. */
const SYMBOL_SIZES = [3, 5] as const;

/** f32 (the default export) always; f64 too where ORT has double kernels. */
function dtypesFor(op: string): readonly ("f32" | "f64")[] {
  return Object.hasOwn(F32_ONLY, op) ? ["f32"] : ["f32", "f64"];
}

/** Runs the exported model at each binding of the symbols and compares with `def.evaluate`. */
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

describe("ortFloatOnly stays true", () => {

  it.each(Object.entries(F32_ONLY))("%s: ORT has no double %s kernel", async (op, onnxOp) => {
    const def = lookupOp(op)!;
    const s = def.samples[0]!;
    const result = exportOne(oneNodeGraph(op, s.inputs, s.attrs), "f64", false);
    if (!result.ok) throw new Error(result.unsupported.map((u) => u.reason).join("; "));
    // The export names the op so `nnc export --dtype f64` can say ORT will not load it.
    expect(result.ortFloatOnly).toEqual([{ op, onnxOp }]);
    const at32 = exportOne(oneNodeGraph(op, s.inputs, s.attrs), "f32", false);
    expect(at32.ok && at32.ortFloatOnly).toEqual([]);
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
