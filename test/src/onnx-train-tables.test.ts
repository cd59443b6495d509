/**
 * The training-step tables of the ONNX export (ONNX_OPTIMIZERS, ONNX_SCHEDULES, ONNX_CLIPS) at f64 in
 * onnxruntime-node against nnc's float64 references: `referenceUpdate` (packages/ops/src/train) for
 * clipping and every optimizer, `learningRate` (packages/runtime/src/schedules.ts) for every schedule
 * at every step of a run. Agreement to 1e-12 relative to max(|v|, 1).
 */
import { emitUpdate, encodeModel, ONNX_SCHEDULES, OnnxBuilder, settingArgs } from "@nnc/export-onnx";
import { initialState, OPTIMIZERS, referenceUpdate, type OptimizerChoice } from "@nnc/ops";
import { learningRate, type ClipSetting, type OptimizerKind, type ScheduleSetting, type SettingValue } from "@nnc/runtime/core";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { worstRel } from "./onnx-train-support.ts";
import { values } from "./v02-state-run-support.ts";

const TOL = 1e-12;
const meta = { modelName: "tables", producerVersion: "test" };
const PARAMS = [
  { id: "W", shape: [2, 3] },
  { id: "b", shape: [3] },
] as const;
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const f64 = (data: ArrayLike<number>, shape: readonly number[]): ort.Tensor => new ort.Tensor("float64", Float64Array.from(data), [...shape]);

async function session(e: OnnxBuilder): Promise<ort.InferenceSession> {
  const r = encodeModel({ e, names: new Map(), unsupported: [], ortFloatOnly: [] }, meta);
  if (!r.ok) throw new Error("encoding failed");
  return ort.InferenceSession.create(r.bytes, { logSeverityLevel: 3, intraOpNumThreads: 1 });
}

/** Every argument of the optimizer at its default (sgd's lr 0.1), `over` on top. */
function choice(kind: OptimizerKind, over: Record<string, SettingValue>, decayAll = false): OptimizerChoice {
  const args = Object.fromEntries(OPTIMIZERS[kind].args.map((a) => [a.name, a.default ?? 0.1]));
  return { kind, args: { ...args, ...over }, decayAll };
}

/** `steps` updates of W (rank 2) and b (rank 1) in ONNX (state fed back) and in the reference; the worst difference. */
async function compareUpdates(optimizer: OptimizerChoice, clip: ClipSetting | null, schedule: ScheduleSetting, steps: number): Promise<number> {
  const totalSteps = steps;
  const e = new OnnxBuilder("f64", true);
  const step = e.input("step", "i64", []);
  const ups = PARAMS.map((p) => ({ id: p.id, w: e.input(p.id, "f64", p.shape), g: e.input(`grad_${p.id}`, "f64", p.shape), shape: p.shape }));
  const results = emitUpdate(e, { optimizer, schedule, clip, totalSteps }, step, ups);
  results.forEach((r, i) => {
    e.output(`${PARAMS[i]!.id}.new`, r.w, "f64", PARAMS[i]!.shape);
    for (const s of r.state) e.output(`${s.name}.new`, s.value, "f64", PARAMS[i]!.shape);
  });
  const sess = await session(e);
  const ref = PARAMS.map((p, i) => ({ w: Float64Array.from(values(size(p.shape), 10 + i)), rank: p.shape.length, state: initialState(optimizer.kind, optimizer.args, size(p.shape)) }));
  const onnx = new Map<string, Float64Array>();
  PARAMS.forEach((p, i) => {
    onnx.set(p.id, Float64Array.from(ref[i]!.w));
    for (const s of Object.keys(ref[i]!.state)) onnx.set(`${p.id}.${s}`, new Float64Array(size(p.shape)));
  });
  const base = optimizer.args.lr;
  let worst = 0;
  for (let t = 0; t < steps; t++) {
    const grads = PARAMS.map((p, i) => Float64Array.from(values(size(p.shape), 100 * t + i).map((v) => v * 0.3)));
    const feeds: Record<string, ort.Tensor> = { step: new ort.Tensor("int64", BigInt64Array.from([BigInt(t)]), []) };
    PARAMS.forEach((p, i) => (feeds[`grad_${p.id}`] = f64(grads[i]!, p.shape)));
    for (const [name, data] of onnx) feeds[name] = f64(data, PARAMS.find((p) => name === p.id || name.startsWith(`${p.id}.`))!.shape);
    const out = await sess.run(feeds);
    for (const name of onnx.keys()) onnx.set(name, Float64Array.from(out[`${name}.new`]!.data as Float64Array));
    const lr = learningRate(schedule, typeof base === "number" ? base : Number.NaN, t, totalSteps);
    referenceUpdate({ optimizer, clip }, lr, t + 1, ref.map((r, i) => ({ ...r, g: grads[i]! })));
    PARAMS.forEach((p, i) => {
      worst = Math.max(worst, worstRel(onnx.get(p.id)!, ref[i]!.w));
      for (const [s, data] of Object.entries(ref[i]!.state)) worst = Math.max(worst, worstRel(onnx.get(`${p.id}.${s}`)!, data));
    });
  }
  return worst;
}

const CONSTANT: ScheduleSetting = { kind: "constant", args: {} };

describe("ONNX_OPTIMIZERS equal the optimizers' float64 reference (four steps, W rank 2 and b rank 1)", () => {
  const cases: [string, OptimizerChoice][] = [
    ["sgd", choice("sgd", { lr: 0.1 })],
    ["sgd momentum + L2 (rank ≥ 2 only)", choice("sgd", { lr: 0.1, momentum: 0.9, weight_decay: 0.2 })],
    ["sgd nesterov + decay_all", choice("sgd", { lr: 0.1, momentum: 0.7, nesterov: true, weight_decay: 0.2 }, true)],
    ["adam", choice("adam", { lr: 0.01 })],
    ["adam + L2", choice("adam", { lr: 0.01, beta1: 0.8, beta2: 0.95, weight_decay: 0.3 })],
    ["adamw", choice("adamw", { lr: 0.01, weight_decay: 0.3 })],
    ["adamw decay_all", choice("adamw", { lr: 0.01, weight_decay: 0.3 }, true)],
    ["rmsprop", choice("rmsprop", { lr: 0.01, rho: 0.8 })],
    ["rmsprop momentum", choice("rmsprop", { lr: 0.01, momentum: 0.6, eps: 1e-6 })],
    ["adagrad", choice("adagrad", { lr: 0.1 })],
    ["lion", choice("lion", { lr: 0.01, weight_decay: 0.5 })],
    ["lion decay_all", choice("lion", { lr: 0.01, beta1: 0.8, beta2: 0.9, weight_decay: 0.5 }, true)],
  ];
  for (const [name, opt] of cases) {
    it(name, async () => {
      expect(await compareUpdates(opt, null, CONSTANT, 4)).toBeLessThan(TOL);
    });
  }

  it("clipping: global_norm (scaling every gradient together) and value, before the optimizer", async () => {
    expect(await compareUpdates(choice("sgd", { lr: 0.1, momentum: 0.5 }), { kind: "global_norm", args: { max_norm: 0.2 } }, CONSTANT, 3)).toBeLessThan(TOL);
    expect(await compareUpdates(choice("adam", { lr: 0.01 }), { kind: "global_norm", args: { max_norm: 100 } }, CONSTANT, 3)).toBeLessThan(TOL);
    expect(await compareUpdates(choice("adam", { lr: 0.01 }), { kind: "value", args: { limit: 0.1 } }, CONSTANT, 3)).toBeLessThan(TOL);
  });

  it("the schedule's lr reaches the update (t = step) and the optimizer's t = step + 1", async () => {
    expect(await compareUpdates(choice("adam", { lr: 0.01 }), null, { kind: "one_cycle", args: { max_lr: 0.05 } }, 6)).toBeLessThan(TOL);
  });
});

describe("ONNX_SCHEDULES equal learningRate at every step of a run", () => {
  const S = 23;
  const cases: ScheduleSetting[] = [
    { kind: "constant", args: {} },
    { kind: "step", args: { every: 4, gamma: 0.5 } },
    { kind: "exponential", args: { gamma: 0.9 } },
    { kind: "cosine", args: { warmup: 0, min_lr: 0 } },
    { kind: "cosine", args: { warmup: 5, min_lr: 0.001 } },
    { kind: "one_cycle", args: { max_lr: 0.3 } },
  ];
  for (const s of cases) {
    it(`${s.kind}(${JSON.stringify(s.args)})`, async () => {
      const e = new OnnxBuilder("f64", true);
      const t = e.input("t", "f64", [S]);
      const lr = ONNX_SCHEDULES[s.kind].lr({ e, t, baseLr: 0.1, totalSteps: S, ...settingArgs(s.args, s.kind) });
      e.output("lr", e.op("Expand", [lr, e.ints([S])]), "f64", [S]);
      const out = await (await session(e)).run({ t: f64(Array.from({ length: S }, (_, i) => i), [S]) });
      const want = Array.from({ length: S }, (_, i) => learningRate(s, 0.1, i, S));
      expect(worstRel(out.lr!.data as Float64Array, want)).toBeLessThan(TOL);
    });
  }
});
