import { readFileSync } from "node:fs";
import { expect, test, vi } from "vitest";
import { analyze } from "../analyze.ts";
import { trainable } from "../binding.ts";
import { frameName } from "./char-views.ts";
import { attentionNodes, kernelParams, layerNodes } from "./model-nodes.ts";
import { Throttle } from "./throttle.ts";

const model = (file: string) => {
  const a = analyze(file, readFileSync(new URL(`../../../../examples/${file}`, import.meta.url), "utf8"));
  if (a.model === undefined) throw new Error(a.failure ?? "no model");
  return a.model;
};

test("the examples bind as digits, points or chars, with the nodes the views show", () => {
  const mlp = model("mnist-mlp.nn");
  expect(trainable(mlp)).toMatchObject({ kind: "digits", width: 784, classes: 10 });
  expect(layerNodes(mlp)).toEqual(["h", "logits"]);
  expect(kernelParams(mlp)).toEqual([]);
  const cnn = model("cnn.nn");
  expect(layerNodes(cnn)).toEqual(["img", "conv", "pooled", "logits"]);
  expect(kernelParams(cnn)).toEqual(["K"]);
  expect(trainable(model("spirals.nn"))).toMatchObject({ kind: "points", width: 2 });
  const gpt = model("char-transformer.nn");
  expect(trainable(gpt)).toEqual({ kind: "chars", bind: { input: "x", label: "y", output: "logits" }, width: 16, classes: 27 });
  expect(attentionNodes(gpt)).toEqual([
    { id: "h.0.attn.p", heads: 4, T: 16 },
    { id: "h.1.attn.p", heads: 4, T: 16 },
  ]);
  const lstm = model("lstm-names.nn");
  expect(trainable(lstm)).toMatchObject({ kind: "chars", width: 16, classes: 27 });
  expect(attentionNodes(lstm)).toEqual([]);
});

test("a name is framed as names() frames it: the boundary 0, then vocabulary index + 1", () => {
  const vocab = Array.from("abcdefghijklmnopqrstuvwxyz");
  const f = frameName("emma", vocab, 16);
  expect("ids" in f && Array.from(f.ids.slice(0, 6))).toEqual([0, 5, 13, 13, 1, 0]);
  expect("chars" in f && f.chars).toEqual(["", "e", "m", "m", "a"]);
  expect(frameName("zoë", vocab, 16)).toEqual({ unknown: "ë" });
});

test("the throttle runs one refresh at a time and at most once per gap, serving every request", async () => {
  vi.useFakeTimers();
  let now = 0;
  let runs = 0;
  let release: (() => void) | null = null;
  const t = new Throttle(
    () =>
      new Promise<void>((r) => {
        runs++;
        release = r;
      }),
    500,
    () => now,
  );
  t.request();
  t.request();
  expect(runs).toBe(1); // the second waits for the first
  now = 100;
  release!();
  await vi.advanceTimersByTimeAsync(0);
  expect(runs).toBe(1); // within the gap
  now = 500;
  await vi.advanceTimersByTimeAsync(400);
  expect(runs).toBe(2);
  release!();
  await vi.advanceTimersByTimeAsync(1000);
  expect(runs).toBe(2); // nothing pending
  t.dispose();
  vi.useRealTimers();
});
