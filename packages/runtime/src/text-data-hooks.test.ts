import { describe, expect, it } from "vitest";
import type { ModelMeta, TensorMeta } from "./compiled-model.ts";
import { charModel } from "./sample-contract.ts";
import { textRunHooks } from "./text-data-hooks.ts";
import { logitsCandidates, textOutput, type TextInfo } from "./text-data-report.ts";
import { thrownDataError } from "./test-errors.ts";

const text: TextInfo = { file: "abc.txt", unit: "lines", context: 4, trainLines: 9, validationLines: 1, dropped: 0, vocab: ["a", "b", "c"], bigram: null };

describe("resuming on text data", () => {
  const hooks = textRunHooks(text);
  it("accepts the data's own vocabulary", () => {
    expect(() => { hooks.checkResume(["a", "b", "c"], "a.ckpt"); }).not.toThrow();
  });
  it("refuses a checkpoint without a vocabulary (E0641): it was trained on other data", () => {
    const e = thrownDataError(() => { hooks.checkResume(undefined, "mlp.ckpt"); });
    expect([e.code, e.message]).toEqual(["E0641", "the checkpoint `mlp.ckpt` has no vocabulary: it was not trained on text data, so its ids stand for none of `abc.txt`'s characters"]);
    expect(e.help).toContain("train afresh without --resume");
  });
  it("refuses another vocabulary (E0641)", () => {
    expect(thrownDataError(() => { hooks.checkResume(["a", "b", "d"], "x.ckpt"); }).message).toBe(
      'the checkpoint `x.ckpt` was trained with a vocabulary of 3 characters ("abd"), but `abc.txt` gives 3 ("abc")',
    );
  });
});

const x: TensorMeta = { name: "x", dtype: "i32", shape: ["B", 4] };
function meta(outputs: TensorMeta[]): ModelMeta {
  return { model: "M", inputs: [x], trainInputs: [], outputs, params: [], batchDim: "B", dtype: "f32", hasLoss: true };
}

describe("the logits output of a character model: one rule for nats and `nnc sample`", () => {
  const logits: TensorMeta = { name: "logits", dtype: "f32", shape: ["B", 4, 5] };
  it("is the only float [B, T, C] output", () => {
    const m = meta([{ name: "ids", dtype: "i32", shape: ["B", 4, 5] }, logits, { name: "h", dtype: "f32", shape: ["B", 4] }]);
    expect(logitsCandidates(m).map((o) => o.name)).toEqual(["logits"]);
    expect(textOutput(m)).toEqual({ name: "logits", classes: 5 });
    expect(charModel(m)).toMatchObject({ output: "logits", classes: 5, context: 4 });
  });
  it("is none when two outputs qualify: no nats metric, and sampling refuses (E0652)", () => {
    const m = meta([logits, { name: "other", dtype: "f32", shape: ["B", 4, 7] }]);
    expect(textOutput(m)).toBeNull();
    const e = thrownDataError(() => charModel(m));
    expect([e.code, e.message]).toEqual(["E0652", expect.stringContaining("2 outputs have that form, so which holds the logits is ambiguous") as string]);
  });
});
