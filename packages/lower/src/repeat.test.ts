import { describe, expect, it } from "vitest";
import { graphBuffers } from "@nnc/ir";
import { checkText, lowerText, node, typeOf } from "./test-helpers.ts";

const LAYER = `dim B
block lin(x: f32[N, D], k: dim) -> f32[N, k] {
  param W: f32[D, k]
  return x @ W
}
block layer(x: f32[N, D], scale: float = 1) -> f32[N, D] {
  param b: f32[D]
  attn = lin(x, D)
  return relu(attn + b) * scale + x
}
`;

function diag(text: string): string[] {
  return checkText(text).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
}

describe("repeat", () => {
  it("applies the block N times, each with its own params y.<i>.<param>, nested calls y.<i>.<call>.<param>", () => {
    const m = lowerText(`${LAYER}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x |> repeat(layer, times = 3)\n}\n`);
    const params = m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id);
    expect(params).toEqual(["y.0.b", "y.0.attn.W", "y.1.b", "y.1.attn.W", "y.2.b", "y.2.attn.W"]);
    expect(typeOf(m, "y")).toBe("f32[B, 4]");
    // application i+1 takes application i's output
    expect(node(m, "y.0").op).toBe("add");
    expect(node(m, "y.1").inputs).toContain("y.0");
    expect(node(m, "y").inputs).toContain("y.1");
    expect(node(m, "y.1.attn.W").step).toEqual({ group: "y", index: 1, count: 3 });
    expect(node(m, "y").step).toEqual({ group: "y", index: 2, count: 3 });
    expect(node(m, "x").step).toBeUndefined();
  });

  it("forwards other named arguments, and takes the input positionally without a pipe", () => {
    const m = lowerText(`${LAYER}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = repeat(layer, x, times = 2, scale = 0.5)\n}\n`);
    const muls = m.graph.nodes.filter((n) => n.op === "mul");
    expect(muls.map((n) => n.step?.index)).toEqual([0, 1]);
    const halves = m.graph.nodes.filter((n) => n.op === "const" && n.attrs["value"] === 0.5);
    expect(halves.length).toBeGreaterThan(0);
  });

  it("times = 1 is one application", () => {
    const m = lowerText(`${LAYER}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x |> repeat(layer, times = 1)\n}\n`);
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id)).toEqual(["y.0.b", "y.0.attn.W"]);
  });

  it("repeats inside a block under the block's call name", () => {
    const m = lowerText(`${LAYER}block stack(x: f32[N, D]) -> f32[N, D] {\n  h = x |> repeat(layer, times = 2)\n  return h\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = stack(x)\n}\n`);
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id)).toEqual(["y.h.0.b", "y.h.0.attn.W", "y.h.1.b", "y.h.1.attn.W"]);
    expect(node(m, "y.h.0.b").step).toEqual({ group: "y.h", index: 0, count: 2 });
  });
});

describe("repeat errors", () => {
  const model = (call: string): string => `${LAYER}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = ${call}\n}\n`;

  it("E0338: times below 1; E0203: times not whole", () => {
    expect(diag(model("x |> repeat(layer, times = 0)"))).toEqual(["E0338 12:34 `times = 0` is out of range: `repeat` applies the block 1 to 4096 times"]);
    expect(diag(model("x |> repeat(layer, times = 1.5)")).map((d) => d.slice(0, 11))).toEqual(["E0203 12:34"]);
  });

  it("E0105: missing times", () => {
    expect(diag(model("x |> repeat(layer)"))).toEqual(["E0105 12:7 missing argument `times` in the call of `repeat`"]);
  });

  it("E0339: a block whose output type differs from its input, stating both", () => {
    const src = `dim B\nblock grow(x: f32[N, D]) -> f32[N, 2 * D] {\n  return concat([x, x], axis = 1)\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x |> repeat(grow, times = 2)\n  z = y\n}\n`;
    expect(diag(src)).toEqual(["E0339 6:19 `grow` returns f32[B, 8], but `repeat` feeds its output back as `x`, which is f32[B, 4]"]);
  });

  it("E0122: a block without a tensor parameter; E0120 unknown block", () => {
    const src = `dim B\nblock k(n: int = 2) -> f32[4] {\n  param W: f32[4]\n  return W\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x |> repeat(k, times = 2)\n}\n`;
    expect(diag(src).map((d) => d.slice(0, 10))).toEqual(["E0122 7:19"]);
    expect(diag(model("x |> repeat(layr, times = 2)"))).toEqual(["E0120 12:19 `repeat` names no block `layr`"]);
  });
});

describe("repeat and scan nested", () => {
  const CELL = `dim B
block cell(x: f32[N, D], h: f32[N, D]) -> f32[N, D] {
  param W: f32[D, D]
  return tanh(x @ W + h)
}
`;

  it("a scan inside a repeated block: per-application shared params y.<i>.hs.W, step groups y.<i>.hs", () => {
    const m = lowerText(`${CELL}block enc(x: f32[N, T, D]) -> f32[N, T, D] {
  h0 = 0 * x[:, 0]
  hs = scan(cell, x, init = h0)
  return hs + x
}
model M(x: f32[B, 3, 2]) -> (y: f32[B, 3, 2]) {
  y = x |> repeat(enc, times = 2)
}
`);
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id)).toEqual(["y.0.hs.W", "y.1.hs.W"]);
    const tanhs = m.graph.nodes.filter((n) => n.op === "tanh").map((n) => n.step);
    expect(tanhs).toEqual([0, 1].flatMap((i) => [0, 1, 2].map((t) => ({ group: `y.${i}.hs`, index: t, count: 3 }))));
    expect(typeOf(m, "y.1.hs[2].x")).toBe("f32[B, 2]");
  });

  it("a repeat inside a scan cell: its params are shared by every step (hs.r.<i>.W)", () => {
    const m = lowerText(`${CELL}block step(h: f32[N, D], x: f32[N, D]) -> f32[N, D] {
  param W: f32[D, D]
  return tanh(x @ W + h)
}
block deep(x: f32[N, D], h: f32[N, D]) -> f32[N, D] {
  r = h |> repeat(step, x = x, times = 2)
  return r
}
model M(xs: f32[B, 4, 2], h0: f32[B, 2]) -> (hs: f32[B, 4, 2]) {
  hs = scan(deep, xs, init = h0)
}
`);
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id)).toEqual(["hs.r.0.W", "hs.r.1.W"]);
    expect(m.graph.nodes.filter((n) => n.op === "tanh")).toHaveLength(8);
  });
});

describe("repeat with state", () => {
  it("gives each application its own buffers and `next` updates (y.<i>.<buffer>)", () => {
    const m = lowerText(`dim B
block norm(x: f32[N, C]) -> f32[N, C] {
  buffer mean_run: f32[C] = zeros()
  m = mean(x, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  return x - where(training, m, mean_run)
}
model M(x: f32[B, 3]) -> (y: f32[B, 3]) {
  y = x |> repeat(norm, times = 2)
}
`);
    expect(graphBuffers(m.graph).map((n) => n.id)).toEqual(["y.0.mean_run", "y.1.mean_run"]);
    expect((m.graph.updates ?? []).map((u) => u.buffer)).toEqual(["y.0.mean_run", "y.1.mean_run"]);
  });
});
