import { describe, expect, it } from "vitest";
import { checkText, codes, lowerText, node, typeOf } from "./test-helpers.ts";

const MODEL = `dim B
model M(x: f32[B, 2]) -> (logits: f32[B, 3]) {
  param W: f32[2, 3]
  logits = x @ W
}
`;

function train(settings: string): string {
  return `${MODEL}train M {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n${settings}\n}\n`;
}

describe("train sections", () => {
  it("a train section without data is valid; sgd defaults momentum and weight decay to 0", () => {
    const m = lowerText(train("  optimizer = sgd(0.1)"));
    expect(m.train?.optimizer).toMatchObject({ kind: "sgd", lr: 0.1, momentum: 0, weightDecay: 0 });
    expect(m.train?.data).toBeUndefined();
    expect(m.train?.batch).toBeUndefined();
  });

  it("adam keeps L2-style decay as adam; adamw is decoupled with its own default", () => {
    expect(lowerText(train("  optimizer = adam(weight_decay = 0.1)")).train?.optimizer).toMatchObject({ kind: "adam", lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 });
    expect(lowerText(train("  optimizer = adamw(lr = 0.01)")).train?.optimizer).toMatchObject({ kind: "adamw", lr: 0.01, weightDecay: 0.01 });
  });

  it("records the data source's constant arguments (positional keyed by index) and a file name", () => {
    const m = lowerText(train('  optimizer = adam()\n  data = csv("train.csv", label = "y", skip = 1)'));
    expect(m.train?.data).toMatchObject({ source: "csv", args: { "0": "train.csv", label: "y", skip: 1 } });
    expect(lowerText(train('  optimizer = adam()\n  data = "points.json"')).train?.data).toMatchObject({ source: "file", args: { path: "points.json" } });
  });

  it("puts train inputs (role train) and the loss in the model's graph", () => {
    const m = lowerText(train("  optimizer = adam()"));
    expect(node(m, "label").attrs).toMatchObject({ role: "train", dtype: "i32" });
    expect(m.train?.loss).toBe("loss");
    expect(typeOf(m, "loss")).toBe("f32[]");
    expect(m.graph.outputs).toEqual([{ name: "logits", id: "logits" }]);
  });

  it("the loss node is named loss_1 when the model has a binding named loss", () => {
    const src = `dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  loss = relu(x)\n  y = loss\n}\ntrain M {\n  loss = sum(y)\n  optimizer = adam()\n}\n`;
    const m = lowerText(src);
    expect(m.train?.loss).toBe("loss_1");
    expect(node(m, "loss_1").op).toBe("reduce_sum");
  });

  it("a loss that is not a scalar states its shape and hints mean(...)", () => {
    const r = checkText(`${MODEL}train M {\n  input label: i32[B]\n  loss = cross_entropy(logits, label)\n  optimizer = adam()\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([
      ["E0404", "the loss must be a floating-point scalar, but it has shape [B] (f32[B])", "reduce it to a scalar, e.g. `mean(cross_entropy(logits, label))`"],
    ]);
  });

  it("float labels get a hint to declare them i32", () => {
    const r = checkText(`${MODEL}train M {\n  input label: f32[B]\n  loss = mean(cross_entropy(logits, label))\n  optimizer = adam()\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.help])).toEqual([["E0202", "declare the labels as integers: `input label: i32[B]`"]]);
  });

  it("rejects settings of the wrong kind", () => {
    expect(codes(train("  optimizer = adam()\n  epochs = -1\n  seed = 1.5"))).toEqual(["E0407 10:12", "E0407 11:10"]);
    expect(codes(train("  optimizer = adam(lr = x)"))).toEqual(["E0101 9:25"]);
    expect(codes(train("  optimizer = adam(beta1 = 1)"))).toEqual(["E0406 9:28"]);
    expect(codes(train("  optimizer = adam()\n  data = mnist(n = [1, 2])"))).toEqual(["E0407 10:20"]);
  });

  it("a train input may not reuse a model name", () => {
    expect(codes(`${MODEL}train M {\n  input x: i32[B]\n  loss = mean(logits)\n  optimizer = adam()\n}\n`)).toEqual(["E0102 7:9"]);
  });
});
