import { describe, expect, it } from "vitest";
import { checkText, codes, lowerText, node } from "./test-helpers.ts";

const BLOCKS = `dim B
block fc(x: f32[B, I], O: dim) -> f32[B, O] {
  param W: f32[I, O]
  param b: f32[O]
  return x @ W + b
}
block mlp(x: f32[B, I], O: dim) -> f32[B, O] {
  hidden = fc(x, 3)
  return fc(relu(hidden), O)
}
`;

function program(body: string, train = ""): string {
  return `${BLOCKS}model M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n${body}\n}\n${train}`;
}

describe("parameter paths", () => {
  it("resolve to the param nodes `nnc check` names, in the model and in the train section's loss", () => {
    const train = "train M {\n  input t: f32[B, 2]\n  loss = mean((y - t) ^ 2) + 1e-4 * sum(h1.W ^ 2)\n  optimizer = sgd(0.1)\n}\n";
    const m = lowerText(program("  h1 = fc(x, 2)\n  y = h1 * sum(h1.b)", train));
    const uses = (id: string): string[] => m.graph.nodes.filter((n) => n.inputs.includes(id)).map((n) => n.op);
    expect(uses("h1.W")).toEqual(["matmul", "pow"]);
    expect(uses("h1.b")).toEqual(["broadcast", "reduce_sum"]);
    expect(m.train?.loss).toBe("loss");
  });

  it("a path used before its call in source order forces the call; nested calls add their binding's name", () => {
    const m = lowerText(program("  y = h * sum(h.hidden.W) + sum(h.fc_1.b)\n  h = mlp(x, 2)"));
    expect(node(m, "h.hidden.W").op).toBe("param");
    expect(m.graph.nodes.filter((n) => n.op === "reduce_sum").map((n) => n.inputs[0])).toEqual(["h.hidden.W", "h.fc_1.b"]);
  });

  it("paths into `repeat` applications and `scan` cells (named after the first destructured target)", () => {
    const src = `dim B
block lin(x: f32[B, D], k: dim) -> f32[B, k] {
  param W: f32[D, k]
  return x @ W
}
block layer(x: f32[B, D]) -> f32[B, D] {
  attn = lin(x, D)
  return tanh(attn) + x
}
block cell(x: f32[B, I], h: f32[B, H], c: f32[B, H]) -> (h: f32[B, H], c: f32[B, H]) {
  param Wx: f32[I, H]
  return (tanh(x @ Wx) + h, c)
}
model M(x: f32[B, 3], xs: f32[B, 4, 2]) -> (y: f32[B, 3]) {
  y = (x |> repeat(layer, times = 2)) * sum(y2.1.attn.W) + hs[:, -1] * sum(hs.Wx) + cs[:, 0]
  y2 = x |> repeat(layer, times = 2)
  (hs, cs) = scan(cell, xs, init = (x, x), axis = 1)
}
`;
    const m = lowerText(src);
    const summed = m.graph.nodes.filter((n) => n.op === "reduce_sum").map((n) => n.inputs[0]);
    expect(summed).toEqual(["y2.1.attn.W", "hs.Wx"]);
  });

  it("a path may name a buffer of the call", () => {
    const m = lowerText(`dim B\nblock bn(x: f32[B, C]) -> f32[B, C] {\n  buffer mean_run: f32[C] = zeros()\n  return x - mean_run\n}\nmodel M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n  h = bn(x)\n  y = h * sum(h.mean_run)\n}\n`);
    expect(node(m, "h.mean_run").op).toBe("buffer");
    expect(m.graph.nodes.find((n) => n.op === "reduce_sum")?.inputs).toEqual(["h.mean_run"]);
  });

  it("a path can be indexed", () => {
    const m = lowerText(program("  h1 = fc(x, 2)\n  y = h1 + h1.W[0]"));
    expect(m.graph.nodes.find((n) => n.op === "slice")?.inputs).toEqual(["h1.W"]);
  });
});

describe("parameter path errors", () => {
  it("an unknown path lists the params under the head and suggests the nearest", () => {
    const r = checkText(program("  h1 = fc(x, 2)\n  y = h1 * sum(h1.Wt)"));
    const d = r.diagnostics[0]!;
    expect([d.code, `${d.span.line}:${d.span.column}-${d.span.endColumn}`, d.message]).toEqual(["E0116", "13:16-21", "`h1.Wt` is not a parameter of the block call `h1`"]);
    expect(d.notes).toEqual(["the parameters under `h1` are `h1.W`, `h1.b`"]);
    expect(d.help).toBe("did you mean `h1.W`?");
    expect(r.diagnostics).toHaveLength(1);
  });

  it("a repetition number that `repeat` does not have is named in a note", () => {
    const src = "dim B\nblock layer(x: f32[B, D]) -> f32[B, D] {\n  param W: f32[D, D]\n  return relu(x @ W)\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  h = x |> repeat(layer, times = 2)\n  y = h * sum(h.2.W)\n}\n";
    const d = checkText(src).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["E0116"]);
    expect(d[0]!.notes).toEqual(["the parameters under `h` are `h.0.W`, `h.1.W`", "`h` has 2 repetitions, numbered 0 to 1"]);
  });

  it("a head that is not a block call, and a head that is not defined", () => {
    const r = checkText(program("  h = relu(x)\n  y = h * sum(h.W)"));
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0117 13:15"]);
    expect(r.diagnostics[0]!.message).toBe("`h` has no parameters: it is a tensor f32[B, 2], not the result of a block call");
    expect(codes(program("  y = x * sum(x.W)"))).toEqual(["E0117 12:15"]);
    expect(codes(program("  h1 = fc(x, 2)\n  y = h1 * sum(h2.W)"))).toEqual(["E0101 13:16"]);
  });

  it("a path into a call with errors is not reported again", () => {
    expect(codes(program("  h1 = fc(zz, 2)\n  y = x * sum(h1.W)"))).toEqual(["E0101 12:11"]);
  });
});

describe("the built-in name `training`", () => {
  it("is one bool scalar `training` node, however often it is used; a value named `training` shadows it", () => {
    const m = lowerText(program("  y = where(training, x, 2 * x) + where(training, 1, 0)"));
    expect(m.graph.nodes.filter((n) => n.op === "training").map((n) => `${n.id}: ${n.type.dtype}[${n.type.shape.length}]`)).toEqual(["training: bool[0]"]);
    const s = lowerText(program("  training = x * 3\n  y = training"));
    expect(s.graph.nodes.some((n) => n.op === "training")).toBe(false);
  });
});

describe("unknown functions", () => {
  it("suggest the special forms too (`scna` → `scan`)", () => {
    const d = checkText("dim B\nmodel M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n  y = scna(x)\n}\n").diagnostics;
    expect(d.map((x) => [x.code, x.help])).toEqual([["E0104", "did you mean `scan`?"]]);
  });
});
