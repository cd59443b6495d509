import { describe, expect, it } from "vitest";
import { checkText, LSTM_CELL, lowerText, node, typeOf } from "./test-helpers.ts";

const RNN = `dim B
block rnn_step(x: f32[N, I], h: f32[N, H]) -> f32[N, H] {
  param Wx: f32[I, H]
  param Wh: f32[H, H]
  param b: f32[H]
  return tanh(x @ Wx + h @ Wh + b)
}
`;

// Named lstm_step (as long as lstm_cell, so columns match the cell of LANGUAGE-V2.md) so that it does not shadow the library's lstm_cell.
const LSTM = LSTM_CELL.replaceAll("lstm_cell", "lstm_step");

function diag(text: string): string[] {
  return checkText(text).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
}

describe("scan", () => {
  it("unrolls the cell over the axis with shared params and stacks the states", () => {
    const m = lowerText(`${RNN}model M(xs: f32[B, 4, 3], h0: f32[B, 5]) -> (hs: f32[B, 4, 5]) {\n  hs = scan(rnn_step, xs, init = h0, axis = 1)\n}\n`);
    const params = m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id);
    expect(params).toEqual(["hs.Wx", "hs.Wh", "hs.b"]);
    expect(m.graph.nodes.filter((n) => n.op === "matmul" && n.inputs[1] === "hs.Wx")).toHaveLength(4);
    expect(node(m, "hs").op).toBe("concat");
    expect(node(m, "hs").inputs).toHaveLength(4);
    expect(typeOf(m, "hs")).toBe("f32[B, 4, 5]");
    expect(typeOf(m, "hs[2].x")).toBe("f32[B, 3]");
    expect(node(m, "hs[2].x").op).toBe("reshape");
    // step t's first matmul takes step t's slice; step t+1's recurrent matmul takes step t's state
    const tanhs = m.graph.nodes.filter((n) => n.op === "tanh");
    expect(tanhs.map((n) => n.step)).toEqual([0, 1, 2, 3].map((index) => ({ group: "hs", index, count: 4 })));
    const rec = m.graph.nodes.filter((n) => n.op === "matmul" && n.inputs[1] === "hs.Wh").map((n) => n.inputs[0]);
    expect(rec).toEqual(["h0", ...tanhs.slice(0, 3).map((n) => n.id)]);
  });

  it("annotates every node of a step (slice to stacking reshape) and nothing outside", () => {
    const m = lowerText(`${RNN}model M(xs: f32[B, 3, 2], h0: f32[B, 4]) -> (y: f32[B, 4]) {\n  hs = scan(rnn_step, xs, init = h0)\n  y = relu(h0)\n  z = hs\n}\n`);
    const inSteps = m.graph.nodes.filter((n) => n.step !== undefined);
    const outside = m.graph.nodes.filter((n) => n.step === undefined).map((n) => n.id);
    // the shared params belong to no single step
    expect(outside).toEqual(["xs", "h0", "hs.Wx", "hs.Wh", "hs.b", "hs", "y"]);
    for (const t of [0, 1, 2]) {
      const ops = inSteps.filter((n) => n.step!.index === t && n.op !== "param").map((n) => n.op);
      expect(ops).toEqual(["slice", "reshape", "matmul", "matmul", "add", "broadcast", "add", "tanh", "reshape"]);
    }
  });

  it("scans a tuple state into a tuple of stacks (LSTM), params named after the first target", () => {
    const m = lowerText(`${LSTM}model M(xs: f32[B, 6, 3], h0: f32[B, 5], c0: f32[B, 5]) -> (hs: f32[B, 6, 5], cs: f32[B, 6, 5]) {
  (hs, cs) = scan(lstm_step, xs, init = (h0, c0), axis = 1)
}
`);
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id)).toEqual(["hs.Wx", "hs.Wh", "hs.b"]);
    expect(typeOf(m, "hs")).toBe("f32[B, 6, 5]");
    expect(typeOf(m, "cs")).toBe("f32[B, 6, 5]");
    expect(node(m, "cs").op).toBe("concat");
    expect(node(m, "hs[5].c2").step).toEqual({ group: "hs", index: 5, count: 6 });
  });

  it("scans time-major sequences (axis 0), negative axes and piped sequences", () => {
    const tm = lowerText(`${RNN}model M(xs: f32[7, B, 3], h0: f32[B, 5]) -> (hs: f32[7, B, 5]) {\n  hs = scan(rnn_step, xs, init = h0, axis = 0)\n}\n`);
    expect(typeOf(tm, "hs")).toBe("f32[7, B, 5]");
    expect(typeOf(tm, "hs[0].x")).toBe("f32[B, 3]");
    const neg = lowerText(`${RNN}model M(xs: f32[B, 3, 2], h0: f32[B, 5]) -> (hs: f32[B, 5, 2]) {\n  hs = scan(rnn_step, xs, init = h0, axis = -1)\n}\n`);
    expect(typeOf(neg, "hs")).toBe("f32[B, 5, 2]");
    expect(typeOf(neg, "hs[1].x")).toBe("f32[B, 3]");
    const piped = lowerText(`${RNN}model M(xs: f32[B, 2, 3], h0: f32[B, 5]) -> (hs: f32[B, 2, 5]) {\n  hs = xs |> scan(rnn_step, init = h0)\n}\n`);
    expect(typeOf(piped, "hs")).toBe("f32[B, 2, 5]");
  });

  it("forwards other named arguments to the cell, and shares params of blocks called inside it", () => {
    const m = lowerText(`dim B
block lin(x: f32[N, I], k: dim) -> f32[N, k] {
  param W: f32[I, k]
  return x @ W
}
block cell(x: f32[N, I], h: f32[N, H], bias: f32[H], scale: float = 1) -> f32[N, H] {
  return tanh(lin(x, H) + lin(h, H) + bias) * scale
}
model M(xs: f32[B, 3, 2], h0: f32[B, 4], b0: f32[4]) -> (hs: f32[B, 3, 4]) {
  hs = scan(cell, xs, init = h0, bias = b0, scale = 0.5)
}
`);
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id)).toEqual(["hs.lin_1.W", "hs.lin_2.W"]);
    expect(m.graph.nodes.filter((n) => n.op === "mul").map((n) => n.step?.index)).toEqual([0, 1, 2]);
  });

  it("lowers an LSTM over 32 steps quickly", () => {
    const src = `${LSTM}model M(xs: f32[B, 32, 16], h0: f32[B, 32], c0: f32[B, 32]) -> (h: f32[B, 32]) {
  (hs, cs) = scan(lstm_step, xs, init = (h0, c0), axis = 1)
  h = hs[:, -1]
}
`;
    const start = performance.now();
    const m = lowerText(src);
    const ms = performance.now() - start;
    expect(m.graph.nodes.filter((n) => n.step?.index === 31).length).toBeGreaterThan(10);
    expect(ms).toBeLessThan(2000);
  });
});

describe("scan errors", () => {
  const model = (call: string, sig = "xs: f32[B, 4, 3], h0: f32[B, 5]"): string => `${RNN}model M(${sig}) -> (y: f32[B, 5]) {\n  hs = ${call}\n  y = h0\n}\n`;

  it("E0120: an unknown cell, with did-you-mean over blocks", () => {
    const r = checkText(model("scan(rnn_ste, xs, init = h0)"));
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0120 9:13"]);
    expect(r.diagnostics[0]!.help).toBe("did you mean `rnn_step`?");
  });

  it("E0121: a built-in, a value or an expression where the cell goes", () => {
    expect(diag(model("scan(tanh, xs, init = h0)"))).toEqual(["E0121 9:13 the first argument of `scan` must name a block, but `tanh` is a built-in function"]);
    expect(diag(model("scan(xs, init = h0)"))).toEqual(["E0121 9:13 the first argument of `scan` must name a block, but `xs` is a value"]);
    expect(diag(model("scan(h0 + 1, xs, init = h0)"))).toEqual(["E0121 9:13 the first argument of `scan` must name a block, but this is an expression"]);
  });

  it("E0105: missing init", () => {
    expect(diag(model("scan(rnn_step, xs)"))).toEqual(["E0105 9:8 missing argument `init` in the call of `scan`"]);
  });

  it("E0332: a symbolic sequence length", () => {
    expect(diag(model("scan(rnn_step, xs, init = h0, axis = 0)"))).toEqual([
      "E0332 9:23 `scan` needs a fixed length, but axis 0 of `xs` is B (f32[B, 4, 3])",
    ]);
  });

  it("E0333: an axis out of range", () => {
    expect(diag(model("scan(rnn_step, xs, init = h0, axis = 3)"))).toEqual(["E0333 9:45 `axis = 3` is out of range for `xs` of type f32[B, 4, 3]"]);
    expect(diag(model("scan(rnn_step, xs, init = h0, axis = -4)"))).toEqual(["E0333 9:45 `axis = -4` is out of range for `xs` of type f32[B, 4, 3]"]);
  });

  it("E0334: more steps than the unrolling limit", () => {
    expect(diag(model("scan(rnn_step, xs, init = h0)", "xs: f32[B, 5000, 3], h0: f32[B, 5]"))).toEqual([
      "E0334 9:23 `scan` over 5000 steps: the length along axis 1 must be 1 to 4096",
    ]);
  });

  it("E0335: a cell whose state changes type, stating both", () => {
    const src = `dim B
block grow(x: f32[N, I], h: f32[N, H]) -> f32[N, 2 * H] {
  param W: f32[I, 2 * H]
  return x @ W
}
model M(xs: f32[B, 4, 3], h0: f32[B, 5]) -> (y: f32[B, 5]) {
  hs = scan(grow, xs, init = h0)
  y = h0
}
`;
    const r = checkText(src);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([
      "E0335 7:30 `grow` changes the scan state `h`: it starts as f32[B, 5] but step 0 returns f32[B, 10]",
    ]);
    expect(r.diagnostics[0]!.labels.map((l) => l.message)).toContain("declared result type: step 0 gives f32[B, 10]");
  });

  it("E0336: init arity differs from the cell's results", () => {
    const src = `${LSTM}model M(xs: f32[B, 4, 3], h0: f32[B, 5]) -> (y: f32[B, 5]) {\n  hs = scan(lstm_step, xs, init = h0)\n  y = h0\n}\n`;
    expect(diag(src)).toEqual(["E0336 11:35 `init` gives one value, but `lstm_step` returns 2 results: the state is what the cell returns"]);
    expect(diag(model("scan(rnn_step, xs, init = (h0, h0))"))).toEqual([
      "E0336 9:34 `init` gives 2 values, but `rnn_step` returns one result: the state is what the cell returns",
    ]);
  });

  it("E0337: a cell with the wrong number of state parameters", () => {
    const src = `dim B
block two(x: f32[N, I], h: f32[N, H], extra: f32[N, H]) -> f32[N, H] {
  return h + extra
}
model M(xs: f32[B, 4, 3], h0: f32[B, 5]) -> (y: f32[B, 5]) {
  hs = scan(two, xs, init = h0)
  y = h0
}
`;
    expect(diag(src)).toEqual(["E0337 6:13 `two` takes 2 state arguments after its input `x`, but `init` gives one value"]);
  });

  it("E0111: a cell that scans itself is recursive", () => {
    const src = `dim B
block loop(x: f32[N, I], h: f32[N, I]) -> f32[N, I] {
  hs = scan(loop, h, init = x)
  return x
}
model M(x: f32[B, 3]) -> (y: f32[B, 3]) {
  y = loop(x, x)
}
`;
    expect(checkText(src).diagnostics.map((d) => d.code)).toEqual(["E0111"]);
  });

  it("reports an error inside the cell once, not once per step", () => {
    const src = `${RNN.replace("tanh(x @ Wx", "tanh(x @ Wq")}model M(xs: f32[B, 4, 3], h0: f32[B, 5]) -> (hs: f32[B, 4, 5]) {\n  hs = scan(rnn_step, xs, init = h0)\n}\n`;
    expect(checkText(src).diagnostics.map((d) => d.code)).toEqual(["E0101"]);
  });
});

describe("the names scan and repeat", () => {
  it("are not available to blocks (E0110)", () => {
    const r = checkText(`block scan(x: f32[N]) -> f32[N] {\n  return x\n}\n`);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual(["E0110 1:7 block `scan` has the name of a built-in form (`scan`, `repeat`)"]);
  });
});

describe("scan in blocks never called", () => {
  it("reports name-level mistakes but not the symbolic length of a generic argument", () => {
    const enc = (cell: string): string => `block rnn_step(x: f32[N, I], h: f32[N, H]) -> f32[N, H] {
  param Wx: f32[I, H]
  return tanh(x @ Wx + h)
}
block enc(xs: f32[N, T, I], h0: f32[N, H]) -> f32[N, T, H] {
  return scan(${cell}, xs, init = h0)
}
`;
    expect(checkText(enc("rnn_step")).diagnostics).toEqual([]);
    expect(checkText(enc("rnn_ste")).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0120 6:15"]);
  });
});

describe("paths to scan and repeat params", () => {
  it("name the shared cell params (hs.Wx) and per-application params (y.1.b) in a loss", () => {
    const m = lowerText(`${RNN}block layer(x: f32[N, T, D]) -> f32[N, T, D] {
  param b: f32[D]
  return x + b
}
model M(xs: f32[B, 3, 2], h0: f32[B, 4]) -> (y: f32[B, 3, 4]) {
  hs = scan(rnn_step, xs, init = h0)
  y = hs |> repeat(layer, times = 2)
}
train M {
  input t: f32[B, 3, 4]
  loss = mean((y - t) ^ 2) + sum(hs.Wx ^ 2) + sum(y.1.b ^ 2)
  optimizer = sgd(lr = 0.1)
}
`);
    const pows = m.graph.nodes.filter((n) => n.op === "pow" || n.op === "square");
    expect(pows.flatMap((n) => n.inputs)).toEqual(expect.arrayContaining(["hs.Wx", "y.1.b"]));
  });
});
