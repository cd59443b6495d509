/**
 * The learn views' Worker requests, answered by the very code the Worker runs (page-inspect.ts on a
 * PageTrainer) for the digits MLP, the CNN and the char transformer: the keys, shapes and values the
 * views read.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { packDigits } from "../../build/digits-plugin.ts";
import { packNames } from "../../build/names-pack.ts";
import { analyze } from "../analyze.ts";
import { trainable, type Trainable } from "../binding.ts";
import { digitsSplit, NAMES, namesSplit } from "../page-data.ts";
import { answerInspect } from "../page-inspect.ts";
import { pagePlan } from "../program-trainer.ts";
import { startTrainer, type PageTrainer } from "../page-trainer.ts";
import { defaultSettings } from "../settings.ts";
import { confusion } from "./confusion.ts";
import { inspectedValues } from "./inspect-types.ts";
import { attentionNodes, kernelParams, layerNodes } from "./model-nodes.ts";
import type { DataSplit } from "@nnc/runtime/core";

function buffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return copy;
}

async function trainer(file: string, split: (t: Trainable) => DataSplit, data?: string): Promise<{ t: PageTrainer; target: Trainable; a: ReturnType<typeof analyze> }> {
  const a = analyze(file, readFileSync(new URL(`../../../../examples/${file}`, import.meta.url), "utf8"));
  const target = trainable(a.model!);
  if ("reason" in target) throw new Error(target.reason);
  const s = defaultSettings(a.model);
  const plan = pagePlan(a, data === undefined ? s : { ...s, data }, target);
  if ("message" in plan) throw new Error(plan.message);
  return { t: await startTrainer(plan, split(target)), target, a };
}

test("digits MLP: test rows with labels and inputs, logits for the confusion matrix, layers of one digit", async () => {
  const { t, target, a } = await trainer("mnist-mlp.nn", () => digitsSplit(buffer(packDigits(40)), 0.2, 1));
  for (let i = 0; i < 5; i++) t.step();
  const r = inspectedValues(answerInspect(t, { type: "inspect", id: 1, rows: { kind: "test", limit: 2000 }, nodes: [target.bind.output], params: [] }));
  expect(r.count).toBe(80);
  expect(r.labels?.length).toBe(80);
  expect(r.inputs?.["x"]?.length).toBe(80 * 784);
  expect(Math.max(...r.inputs!["x"]!)).toBeLessThanOrEqual(1);
  expect(r.values["logits"]?.shape).toEqual([80, 10]);
  expect(confusion(r.labels!, r.values["logits"]!.data, 10).total).toBe(80);
  const one = r.inputs!["x"]!.slice(0, 784);
  const layers = layerNodes(a.model!);
  const l = inspectedValues(answerInspect(t, { type: "inspect", id: 2, rows: { kind: "inputs", count: 1, inputs: { x: one } }, nodes: layers, params: [] }));
  expect(l.values["h"]?.shape).toEqual([1, 128]);
  expect(l.values["logits"]?.shape).toEqual([1, 10]);
  // The interpreted logits of row 0 are the compiled ones (f32 rounding on both sides).
  for (let j = 0; j < 10; j++) expect(l.values["logits"]!.data[j]).toBeCloseTo(r.values["logits"]!.data[j]!, 4);
});

test("CNN: the kernel parameter and the conv activations of one digit", async () => {
  const { t, a } = await trainer("cnn.nn", () => digitsSplit(buffer(packDigits(10)), 0.2, 1));
  t.step();
  const one = new Float32Array(784).fill(0.5);
  const r = inspectedValues(answerInspect(t, { type: "inspect", id: 3, rows: { kind: "inputs", count: 1, inputs: { x: one } }, nodes: layerNodes(a.model!), params: kernelParams(a.model!) }));
  expect(r.params["K"]?.shape).toEqual([8, 1, 3, 3]);
  expect(r.values["conv"]?.shape).toEqual([1, 8, 26, 26]);
  expect(r.values["pooled"]?.shape).toEqual([1, 8, 13, 13]);
});

test("char transformer on names(): attention weights per head, each row a distribution over earlier positions", async () => {
  const { t, target, a } = await trainer("char-transformer.nn", () => namesSplit(buffer(packNames())), NAMES);
  t.step();
  const maps = attentionNodes(a.model!);
  const x = new Int32Array(16);
  x.set([0, 5, 13, 13, 1]); // · e m m a
  const r = inspectedValues(answerInspect(t, { type: "inspect", id: 4, rows: { kind: "inputs", count: 1, inputs: { [target.bind.input]: x } }, nodes: maps.map((m) => m.id), params: [] }));
  const p = r.values["h.0.attn.p"]!;
  expect(p.shape).toEqual([1, 4, 16, 16]);
  for (let head = 0; head < 4; head++) {
    for (let q = 0; q < 16; q++) {
      let sum = 0;
      for (let k = 0; k < 16; k++) {
        const w = p.data[head * 256 + q * 16 + k]!;
        if (k > q) expect(w).toBe(0); // causal: no weight on later positions
        sum += w;
      }
      expect(sum).toBeCloseTo(1, 5);
    }
  }
});
