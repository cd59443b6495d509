import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointOf, decodeCheckpoint, encodeCheckpoint, loadCheckpoint, restoreCheckpoint, saveCheckpoint, type Checkpoint } from "./checkpoint.ts";
import type { AnyArray, BufferMeta, CompiledModel } from "./compiled-model.ts";
import { thrownDataError as refusal } from "./test-errors.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-ckpt-buf-"));
const RUN = { source: "bn.nn", epoch: 2, seed: 4, rng: [1, 2, 3, 4], lr: 0.01 };

/** TestMlp with buffers beside its params (generated classes have both; the checkpoint code reads meta and the records). */
function withBuffers(base: TestMlp, buffers: readonly (BufferMeta & { readonly data: AnyArray })[]): CompiledModel {
  const records = Object.create(null) as Record<string, AnyArray>;
  for (const b of buffers) records[b.name] = b.data;
  return {
    meta: { ...base.meta, buffers: buffers.map(({ name, dtype, shape, updated }) => ({ name, dtype, shape, updated })) },
    maxBatch: base.maxBatch,
    params: base.params,
    buffers: records,
    inputs: base.inputs,
    outputs: base.outputs,
    optimizerState: base.optimizerState,
    initParams: (seed) => {
      base.initParams(seed);
    },
    forward: (rows) => {
      base.forward(rows);
    },
    trainStep: (rows) => base.trainStep(rows),
    evalLoss: (rows) => base.evalLoss(rows),
    setLearningRate: (lr) => {
      base.setLearningRate(lr);
    },
    firstNonFinite: () => base.firstNonFinite(),
  };
}

/** A model with a float running mean, an i32 counter and a bool mask. */
function model(mean = [0.5, -1.25, 3], count = 7, mask = [1, 0, 1, 1]): CompiledModel {
  const base = new TestMlp(4);
  base.initParams(3);
  return withBuffers(base, [
    { name: "bn.mean_run", dtype: "f64", shape: [3], updated: true, data: Float64Array.from(mean) },
    { name: "count", dtype: "i32", shape: [], updated: true, data: Int32Array.from([count]) },
    { name: "mask", dtype: "bool", shape: [4], updated: false, data: Uint8Array.from(mask) },
  ]);
}

describe("checkpoints with buffers", () => {
  it("save every buffer (float, i32, bool) beside the params and restore them exactly, for predict too", () => {
    const a = model([0.1, Number.NEGATIVE_INFINITY, 2.75], 41, [0, 1, 1, 0]);
    const path = join(dir, "bn.ckpt");
    saveCheckpoint(path, checkpointOf(a, RUN));
    const c = loadCheckpoint(path);
    expect(c.tensors.filter((t) => t.group === "buffer").map((t) => [t.name, t.dtype, t.shape])).toEqual([["bn.mean_run", "f64", [3]], ["count", "i32", []], ["mask", "bool", [4]]]);
    const b = model();
    restoreCheckpoint(b, c, path, false);
    expect(Array.from(b.buffers!["bn.mean_run"]!)).toEqual([0.1, Number.NEGATIVE_INFINITY, 2.75]);
    expect(Array.from(b.buffers!["count"]!)).toEqual([41]);
    expect(Array.from(b.buffers!["mask"]!)).toEqual([0, 1, 1, 0]);
    for (const [k, v] of Object.entries(a.params)) expect(Array.from(b.params[k]!)).toEqual(Array.from(v));
  });

  it("a model without buffers writes no buffer group, and its checkpoints load as before", () => {
    const plain = new TestMlp(4);
    plain.initParams(2);
    const c = decodeCheckpoint(Buffer.concat(encodeCheckpoint(checkpointOf(plain, RUN))), "plain.ckpt");
    expect(c.tensors.some((t) => t.group === "buffer")).toBe(false);
    const other = new TestMlp(4);
    restoreCheckpoint(other, c, "plain.ckpt", true);
    expect(Array.from(other.params["W1"]!)).toEqual(Array.from(plain.params["W1"]!));
  });

  it("refuses a checkpoint lacking a buffer of the model with E0607, loading nothing", () => {
    const plain = new TestMlp(4);
    plain.initParams(9);
    const old = checkpointOf(plain, RUN);
    const m = model();
    const before = Array.from(m.params["W1"]!);
    const e = refusal(() => { restoreCheckpoint(m, old, "old.ckpt", false); });
    expect(e.code).toBe("E0607");
    expect(e.message).toBe("the checkpoint `old.ckpt` has no value for buffers `bn.mean_run`, `count`, `mask` of model `TestMlp` (saved before the model had them?)");
    expect(e.help).toContain("train again with --save");
    expect(Array.from(m.params["W1"]!)).toEqual(before);
  });

  it("lists extra buffers, other shapes and other integer dtypes with the other mismatches (E0641)", () => {
    const saved = checkpointOf(model(), RUN);
    const plain = new TestMlp(4);
    const extra = refusal(() => { restoreCheckpoint(plain, saved, "bn.ckpt", false); });
    expect(extra.code).toBe("E0641");
    expect(extra.message).toBe("the checkpoint `bn.ckpt` does not fit model `TestMlp`: the checkpoint has buffer `bn.mean_run`, which the model lacks; the checkpoint has buffer `count`, which the model lacks; the checkpoint has buffer `mask`, which the model lacks");
    const base = new TestMlp(4);
    const reshaped = withBuffers(base, [
      { name: "bn.mean_run", dtype: "f64", shape: [4], updated: true, data: new Float64Array(4) },
      { name: "count", dtype: "bool", shape: [], updated: true, data: new Uint8Array(1) },
      { name: "mask", dtype: "bool", shape: [4], updated: false, data: new Uint8Array(4) },
    ]);
    expect(refusal(() => { restoreCheckpoint(reshaped, saved, "bn.ckpt", false); }).message).toBe(
      "the checkpoint `bn.ckpt` does not fit model `TestMlp`: buffer `bn.mean_run` has shape [3] in the checkpoint, but [4] in the model; buffer `count` is i32 in the checkpoint, but bool in the model",
    );
  });

  it("verifies buffer tensors like the others: a NaN or a bool other than 0/1 is refused (E0640)", () => {
    const good = checkpointOf(model(), RUN);
    const edit = (name: string, v: number): Checkpoint => ({
      ...good,
      tensors: good.tensors.map((t) => {
        if (t.name !== name) return t;
        const data = t.data.slice();
        data[1] = v;
        return { ...t, data };
      }),
    });
    const decode = (c: Checkpoint): unknown => decodeCheckpoint(Buffer.concat(encodeCheckpoint(c)), "x.ckpt");
    expect(refusal(() => decode(edit("bn.mean_run", Number.NaN))).message).toContain("buffer `bn.mean_run` holds NaN at element 1");
    expect(refusal(() => decode(edit("mask", 2))).message).toContain("buffer `mask` holds 2; a bool buffer holds 0 or 1 at element 1");
    const intParam: Checkpoint = { ...good, tensors: good.tensors.map((t) => (t.name === "W1" ? { ...t, dtype: "i32", data: Int32Array.from(t.data) } : t)) };
    expect(refusal(() => decode(intParam)).message).toContain('tensor 0 (`W1`): its `dtype` is "i32"; it must be "f32" or "f64"');
  });
});
