import { describe, expect, it } from "vitest";
import { dimToString, type Dim } from "@nnc/ir";
import { codes, listing, lowerText, node, typeOf } from "./test-helpers.ts";

const shape = (v: unknown): string[] => (v as readonly Dim[]).map(dimToString);

function model(sig: string, body: string, outs = "y: f32[B, 4]"): string {
  return `dim B, T\nmodel M(${sig}) -> (${outs}) {\n${body}\n}\n`;
}

describe("elementwise operators", () => {
  it("broadcasts a bias explicitly and makes a number a const of the tensor's type", () => {
    const m = lowerText(model("x: f32[B, 4], b: f32[4]", "  y = (x + b) * 2"));
    expect(listing(m).slice(2)).toEqual([
      "%0 = broadcast(b) : f32[B, 4]",
      "%1 = add(x, %0) : f32[B, 4]",
      "%2 = const() : f32[B, 4]",
      "y = mul(%1, %2) : f32[B, 4]",
    ]);
    expect(node(m, "%2").attrs).toMatchObject({ value: 2, dtype: "f32" });
    expect(shape(node(m, "%0").attrs.shape)).toEqual(["B", "4"]);
  });

  it("broadcasts both operands to the NumPy result shape ([B,1] with [4] → [B,4])", () => {
    const m = lowerText(model("x: f32[B, 1], b: f32[4]", "  y = x - b"));
    expect(listing(m).slice(2)).toEqual(["%0 = broadcast(x) : f32[B, 4]", "%1 = broadcast(b) : f32[B, 4]", "y = sub(%0, %1) : f32[B, 4]"]);
  });

  it("folds constant arithmetic and maps ^ to pow, unary minus to neg, comparisons to bool", () => {
    const m = lowerText(model("x: f32[B, 4]", "  c = x >= 2 * 3 - 1\n  y = -(x ^ 2) + where(c, x, 0)"));
    expect(node(m, "%0").attrs.value).toBe(5);
    expect(node(m, "c").op).toBe("ge");
    expect(typeOf(m, "c")).toBe("bool[B, 4]");
    expect(m.graph.nodes.map((n) => n.op)).toContain("pow");
    expect(m.graph.nodes.map((n) => n.op)).toContain("neg");
    expect(node(m, "y").op).toBe("add");
  });

  it("a symbolic dim in an expression is its run-time size (dimsize)", () => {
    const m = lowerText(model("x: f32[B, 4]", "  y = x / B"));
    const d = m.graph.nodes.find((n) => n.op === "dimsize")!;
    expect(shape(d.attrs.dims)).toEqual(["B"]);
    expect(typeOf(m, d.id)).toBe("f32[]");
  });

  it("integer tensors accept whole numbers only; arithmetic on bool is an error", () => {
    expect(codes(model("n: i32[B]", "  y = n + 1", "y: i32[B]"))).toEqual([]);
    expect(codes(model("n: i32[B]", "  y = n + 0.5", "y: i32[B]"))).toEqual(["E0201 3:11"]);
    expect(codes(model("x: f32[B, 4]", "  c = x > 0\n  y = x\n  z = c + c"))).toEqual(["E0201 5:9"]);
  });
});

describe("matmul forms", () => {
  const sig = "v: f32[4], w: f32[4], m: f32[4, 3], x: f32[B, 4], s: f32[T, B, 4]";
  it("vector·vector → scalar, matrix·vector → vector, vector·matrix → vector", () => {
    const m = lowerText(model(sig, "  vv = v @ w\n  mv = x @ v\n  vm = v @ m\n  y = x", "y: f32[B, 4]"));
    expect(typeOf(m, "vv")).toBe("f32[]");
    expect(typeOf(m, "mv")).toBe("f32[B]");
    expect(typeOf(m, "vm")).toBe("f32[3]");
  });

  it("batched: a rank-2 operand is broadcast to the batch dims", () => {
    const m = lowerText(model(sig, "  y = s @ m", "y: f32[T, B, 3]"));
    expect(listing(m).slice(5)).toEqual(["%0 = broadcast(m) : f32[T, 4, 3]", "y = matmul(s, %0) : f32[T, B, 3]"]);
  });

  it("batch dims broadcast against each other ([2,1,3,4] @ [5,4,2] → [2,5,3,2])", () => {
    const m = lowerText("model M(a: f32[2, 1, 3, 4], b: f32[5, 4, 2]) -> (y: f32[2, 5, 3, 2]) {\n  y = a @ b\n}\n");
    expect(listing(m)).toEqual([
      "a = input() : f32[2, 1, 3, 4]",
      "b = input() : f32[5, 4, 2]",
      "%0 = broadcast(a) : f32[2, 5, 3, 4]",
      "%1 = broadcast(b) : f32[2, 5, 4, 2]",
      "y = matmul(%0, %1) : f32[2, 5, 3, 2]",
    ]);
  });

  it("names the inner dims and suggests a transpose when it would fit", () => {
    const r = codes(model("x: f32[B, 4], W: f32[3, 4]", "  y = x @ W", "y: f32[B, 3]"));
    expect(r).toEqual(["E0302 3:9"]);
  });
});

describe("built-ins", () => {
  it("reductions normalise axes (−1 → rank−1), default to all axes and keep dims on request", () => {
    const m = lowerText(model("x: f32[B, T, 4]", "  a = sum(x, axis = -1)\n  b = mean(x)\n  c = max(x, axis = [2, 0], keepdims = true)\n  y = x", "y: f32[B, T, 4]"));
    expect(node(m, "a").attrs).toEqual({ axes: [2], keepdims: false });
    expect(typeOf(m, "a")).toBe("f32[B, T]");
    expect(node(m, "b").attrs).toEqual({ axes: [0, 1, 2], keepdims: false });
    expect(typeOf(m, "b")).toBe("f32[]");
    expect(node(m, "c")).toMatchObject({ op: "reduce_max", attrs: { axes: [0, 2], keepdims: true } });
    expect(typeOf(m, "c")).toBe("f32[1, T, 1]");
  });

  it("softmax and log_softmax take axis = -1 by default, normalised", () => {
    const m = lowerText(model("x: f32[B, 4]", "  a = softmax(x)\n  y = log_softmax(x, axis = 0)"));
    expect(node(m, "a").attrs).toEqual({ axis: 1 });
    expect(node(m, "y").attrs).toEqual({ axis: 0 });
  });

  it("reshape solves -1 symbolically (B·784 / 784 = B); flatten keeps axis 0; a no-op reshape adds no node", () => {
    const m = lowerText(model("x: f32[B, 784]", "  i = reshape(x, [-1, 1, 28, 28])\n  f = flatten(i)\n  y = reshape(f, [B, 784])", "y: f32[B, 784]"));
    expect(typeOf(m, "i")).toBe("f32[B, 1, 28, 28]");
    expect(typeOf(m, "f")).toBe("f32[B, 784]");
    expect(node(m, "f").op).toBe("reshape");
    expect(m.graph.outputs[0]?.id).toBe("f");
  });

  it("transpose reverses the axes by default; concat joins along a normalised axis", () => {
    const m = lowerText(model("x: f32[B, T, 4]", "  t = transpose(x)\n  y = concat([x, x, x], axis = -1)", "y: f32[B, T, 12]"));
    expect(node(m, "t").attrs).toEqual({ perm: [2, 1, 0] });
    expect(typeOf(m, "t")).toBe("f32[4, T, B]");
    expect(node(m, "y")).toMatchObject({ op: "concat", inputs: ["x", "x", "x"], attrs: { axis: 2 } });
  });

  it("dropout multiplies by a dropout_mask; leaky_relu takes alpha; pipes pass the first argument", () => {
    const m = lowerText(model("x: f32[B, 4]", "  y = x |> leaky_relu(alpha = 0.2) |> dropout(p = 0.25)"));
    const mask = m.graph.nodes.find((n) => n.op === "dropout_mask")!;
    expect(mask.attrs).toMatchObject({ p: 0.25, dtype: "f32", seed: 0 });
    expect(node(m, "y")).toMatchObject({ op: "mul", inputs: ["%0", mask.id] });
    expect(node(m, "%0")).toMatchObject({ op: "leaky_relu", attrs: { alpha: 0.2 } });
  });

  it("conv2d and pools take stride/pad/size, with the pool stride defaulting to its size", () => {
    const m = lowerText(model("x: f32[B, 3, 8, 8], k: f32[4, 3, 3, 3]", "  c = conv2d(x, k, stride = 2, pad = 1)\n  y = avgpool2d(c, 2, 1)", "y: f32[B, 4, 3, 3]"));
    expect(node(m, "c").attrs).toEqual({ stride: 2, pad: 1 });
    expect(typeOf(m, "c")).toBe("f32[B, 4, 4, 4]");
    expect(node(m, "y").attrs).toEqual({ size: 2, stride: 1 });
  });

  it("cross_entropy wants labels shaped like the logits without the class axis", () => {
    const m = lowerText(model("x: f32[B, 4], l: i32[B]", "  e = cross_entropy(x, l)\n  y = x"));
    expect(typeOf(m, "e")).toBe("f32[B]");
  });
});

describe("initializers", () => {
  it("defaults by rank and reads the listed initializers", () => {
    const m = lowerText(
      model(
        "x: f32[B, 2]",
        "  param A: f32[2, 2]\n  param b: f32[2]\n  param C: f32[2, 2] = values([[1, 2], [3, 4]])\n  param d: f32[2] = uniform(-1, 1)\n  param e: f32[2] = constant(0.5)\n  y = x @ A @ C + b + d + e",
        "y: f32[B, 2]",
      ),
    );
    expect(m.graph.inits).toEqual({
      A: { kind: "glorot_uniform" },
      b: { kind: "zeros" },
      C: { kind: "values", values: [1, 2, 3, 4] },
      d: { kind: "uniform", low: -1, high: 1 },
      e: { kind: "constant", value: 0.5 },
    });
  });
});

describe("name resolution and order", () => {
  it("bindings may be used before they are written; nodes stay in dependency order", () => {
    const m = lowerText(model("x: f32[B, 4]", "  y = relu(h)\n  h = x * x"));
    expect(listing(m)).toEqual(["x = input() : f32[B, 4]", "h = mul(x, x) : f32[B, 4]", "y = relu(h) : f32[B, 4]"]);
  });

  it("an alias binds no node of its own; the output points at the aliased value", () => {
    const m = lowerText(model("x: f32[B, 4]", "  h = relu(x)\n  y = h"));
    expect(m.graph.outputs).toEqual([{ name: "y", id: "h" }]);
  });

  it("a long chain of bindings written in reverse order lowers without exhausting the stack", () => {
    const n = 3000;
    const lines = ["  y = a0"];
    for (let i = 0; i < n; i++) lines.push(`  a${i} = a${i + 1} + 1`);
    lines.push(`  a${n} = x`);
    const m = lowerText(model("x: f32[B, 4]", lines.join("\n")));
    expect(m.graph.nodes.length).toBeGreaterThan(n);
  });

  it("a 20,000-term sum lowers without exhausting the stack", () => {
    const m = lowerText(model("x: f32[B, 4]", `  y = x${" + x".repeat(20000)}`));
    expect(m.graph.nodes.filter((n) => n.op === "add").length).toBe(20000);
  });
});
