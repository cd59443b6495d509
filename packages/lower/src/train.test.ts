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
    expect(m.train?.optimizer).toMatchObject({ kind: "sgd", args: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 }, decayAll: false });
    expect(m.train?.schedule).toEqual({ kind: "constant", args: {} });
    expect(m.train?.clip).toBeNull();
    expect(m.train?.metrics).toBeNull();
    expect(m.train?.data).toBeUndefined();
    expect(m.train?.batch).toBeUndefined();
  });

  it("adam keeps L2-style decay as adam; adamw is decoupled with its own default", () => {
    expect(lowerText(train("  optimizer = adam(weight_decay = 0.1)")).train?.optimizer.args).toEqual({ lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1 });
    expect(lowerText(train("  optimizer = adamw(lr = 0.01)")).train?.optimizer).toMatchObject({ kind: "adamw", args: { lr: 0.01, weight_decay: 0.01 } });
  });

  it("records the data source's constant arguments (positional keyed by index) and a file name", () => {
    const m = lowerText(train('  optimizer = adam()\n  data = csv("train.csv", label = "y", val = 0)'));
    expect(m.train?.data).toMatchObject({ source: "csv", args: { "0": "train.csv", label: "y", val: 0 } });
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
    expect(codes(train("  optimizer = adam()\n  data = spirals(n = [1, 2])"))).toEqual(["E0407 10:22"]);
  });

  it("a train input may not reuse a model name", () => {
    expect(codes(`${MODEL}train M {\n  input x: i32[B]\n  loss = mean(logits)\n  optimizer = adam()\n}\n`)).toEqual(["E0102 7:9"]);
  });
});

/** [code, message, help] of every diagnostic of a train section with these settings. */
function problems(settings: string): (string | undefined)[][] {
  return checkText(train(settings)).diagnostics.map((d) => [d.code, d.message, d.help]);
}

describe("everything knowable before training is a check error", () => {
  it("an i32 or bool parameter is E0409 at its element type, before any train section needs it", () => {
    const src = `dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  param k: i32[2] = zeros()\n  param m: bool[2]\n  y = x\n}\n`;
    const r = checkText(src);
    expect(r.diagnostics.map((d) => [d.code, `${d.span.line}:${d.span.column}`, d.message])).toEqual([
      ["E0409", "3:12", "parameter `k` is i32[2], but parameters are trained by their gradients and must be f32 or f64"],
      ["E0409", "4:12", "parameter `m` is bool[2], but parameters are trained by their gradients and must be f32 or f64"],
    ]);
  });

  it("a misspelt data source is E0410 with the nearest source; a bare source name asks for the call", () => {
    expect(problems("  optimizer = adam()\n  data = mnsit()")).toEqual([["E0410", "unknown data source `mnsit`", "did you mean `mnist()`?"]]);
    expect(problems("  optimizer = adam()\n  data = spirls(n = 100)")).toEqual([["E0410", "unknown data source `spirls`", "did you mean `spirals()`?"]]);
    expect(problems("  optimizer = adam()\n  data = imagenet()")).toEqual([["E0410", "unknown data source `imagenet`", undefined]]);
    expect(problems("  optimizer = adam()\n  data = mnist")).toEqual([["E0407", "`mnist` is a data source: call it", "write `mnist()`"]]);
  });

  it("data source arguments are checked by name, position, kind and range (E0411)", () => {
    const cases: [string, string, string | undefined][] = [
      ["spirals(n = 100, nosie = 0.1)", "`spirals` has no argument `nosie`", "did you mean `noise`?"],
      ["mnist(n = 10)", "`mnist` has no argument `n`", undefined],
      ["spirals(100)", "`spirals` takes no positional arguments, but 1 were given", "name the argument: `name = value`"],
      ['csv("a.csv", "b.csv")', "`csv` takes at most 1 positional argument (path), but 2 were given", "name the argument: `name = value`"],
      ["spirals(n = 1.5)", "argument `n` of `spirals` must be a whole number, but this is the number 1.5", undefined],
      ['moons(noise = "big")', 'argument `noise` of `moons` must be a number, but this is the string "big"', undefined],
      ["csv(1)", "argument `path` of `csv` must be a string in quotes, but this is the number 1", undefined],
      ["spirals(n = 1)", "argument `n` of `spirals` must be in [2, 10000000], got 1", undefined],
      ["blobs(val = 1)", "argument `val` of `blobs` must be in [0, 1), got 1", undefined],
      ['idx(x = "a", scale = 0)', "argument `scale` of `idx` must be greater than 0, got 0", undefined],
      ['csv(label = "y")', "`csv` needs `path`", 'e.g. `csv("data.csv", label = "y")`'],
      ["npy(scale = 2)", "`npy` needs one of `x`, `label`", 'e.g. `npy(x = "x.npy", label = "y.npy")`'],
    ];
    for (const [call, message, help] of cases) expect(problems(`  optimizer = adam()\n  data = ${call}`), call).toEqual([["E0411", message, help]]);
    expect(problems('  optimizer = adam()\n  data = csv("a.csv", path = "b.csv")')).toEqual([["E0107", "argument `path` of `csv` is given twice", undefined]]);
  });

  it("accepts every documented form, keeping positional arguments by index", () => {
    const ok = ["spirals(n = 500, noise = 0.2, classes = 3, seed = 1, val = 0)", "xor()", 'idx("x.gz", "y.gz", scale = 1)', 'npy(label = "y.npy")', 'json("d.json", val = 0.5)', 'csv("d.csv", columns = "a,b", sep = ";")'];
    for (const call of ok) expect(codes(train(`  optimizer = adam()\n  data = ${call}`)), call).toEqual([]);
    expect(lowerText(train('  optimizer = adam()\n  data = idx("x.gz", label = "y.gz")')).train?.data).toMatchObject({ source: "idx", args: { "0": "x.gz", label: "y.gz" } });
  });

  it("a built-in set's fields must fit the model's inputs and its labels the output's classes (E0412)", () => {
    const at = (settings: string): string[] => checkText(train(settings)).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
    expect(at("  optimizer = adam()\n  data = spirals(n = 100, noise = 0.1)")).toEqual([]);
    expect(at("  optimizer = adam()\n  data = mnist()")).toEqual([
      "E0412 2:9 the field `x` of `mnist()` has examples of shape [784], but the input `x: f32[B, 2]` needs [2] per example",
      "E0412 4:12 the labels of `mnist()` are 0…9, but the output `logits: f32[B, 3]` has 3 classes",
    ]);
    expect(at("  optimizer = adam()\n  data = spirals(classes = 4)")).toEqual(["E0412 4:12 the labels of `spirals(classes = 4)` are 0…3, but the output `logits: f32[B, 3]` has 3 classes"]);
    expect(at("  optimizer = adam()\n  data = spirals(n = 3, classes = 4)")).toEqual([]);
    const renamed = `dim B\nmodel M(image: f32[B, 784]) -> (logits: f32[B, 10]) {\n  param W: f32[784, 10]\n  logits = image @ W\n}\ntrain M {\n  input digit: i32[B]\n  loss = mean(cross_entropy(logits, digit))\n  optimizer = adam()\n  data = mnist()\n}\n`;
    expect(checkText(renamed).diagnostics.map((d) => [d.code, `${d.span.line}:${d.span.column}`, d.message, d.help])).toEqual([
      ["E0412", "2:9", "the data `mnist()` has no field `image` for the input `image: f32[B, 784]`", "data fields bind to inputs by name: name the input after one of `x`, `label`"],
      ["E0412", "7:3", "the data `mnist()` has no field `digit` for the train input `digit: i32[B]`", "data fields bind to inputs by name: name the input after one of `x`, `label`"],
    ]);
  });

  it("a bare optimizer name asks for the call instead of suggesting another optimizer", () => {
    expect(problems("  optimizer = adam")).toEqual([["E0406", "`adam` is an optimizer: call it", "write `adam()` (or set its arguments: `adam(lr = 0.001)`)"]]);
    expect(problems("  optimizer = sgd")).toEqual([["E0406", "`sgd` is an optimizer: call it", "write `sgd(lr = 0.1, momentum = 0.9)`: sgd needs `lr`"]]);
    expect(problems("  optimizer = adma()")).toEqual([["E0406", "unknown optimizer `adma`", "did you mean `adam`?"]]);
  });
});
