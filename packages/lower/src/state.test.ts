/** `buffer`, `next` and `training`: the nodes, initializers and updates lowering makes, and every error. */
import { describe, expect, it } from "vitest";
import { graphBuffers, typeToString } from "@nnc/ir";
import { checkText, codes, lowerText, node } from "./test-helpers.ts";

function model(body: string, sig = "x: f32[B, 4]", outs = "y: f32[B, 4]"): string {
  return `dim B\nmodel M(${sig}) -> (${outs}) {\n${body}\n}\n`;
}

/** Every update as `buffer <- op(inputs) : type` of its value node. */
function updates(text: string): string[] {
  const m = lowerText(text);
  return (m.graph.updates ?? []).map((u) => {
    const v = node(m, u.value);
    expect(v.type).toEqual(node(m, u.buffer).type);
    return `${u.buffer} <- ${v.op}(${v.inputs.join(", ")}) : ${typeToString(v.type)}`;
  });
}

/** The one diagnostic of `text` as `CODE line:col message`, plus its help and notes. */
function only(text: string): { where: string; message: string; help?: string; notes: readonly string[]; labels: readonly string[] } {
  const r = checkText(text);
  expect(r.syntax).toEqual([]);
  expect(r.diagnostics.length, r.diagnostics.map((d) => d.message).join("\n")).toBe(1);
  const d = r.diagnostics[0]!;
  return { where: `${d.code} ${d.span.line}:${d.span.column}`, message: d.message, ...(d.help === undefined ? {} : { help: d.help }), notes: d.notes, labels: d.labels.map((l) => l.message) };
}

const BN_BLOCK = `block stat(x: f32[B, C]) -> f32[B, C] {
  buffer mean_run: f32[C] = zeros()
  buffer scale: f32[C] = constant(2)
  m = mean(x, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * m
  return (x - mean_run) * scale
}
`;

describe("buffer declarations", () => {
  it("a buffer is a `buffer` node with dtype/shape attrs and its initializer; zeros by default at any rank", () => {
    const m = lowerText(model("  buffer mask: f32[4, 4]\n  buffer s: f32[4] = ones()\n  y = x @ mask + s"));
    expect(node(m, "mask").op).toBe("buffer");
    expect(node(m, "mask").attrs).toMatchObject({ dtype: "f32", shape: [4, 4] });
    expect(m.graph.inits["mask"]).toEqual({ kind: "zeros" });
    expect(m.graph.inits["s"]).toEqual({ kind: "ones" });
    expect(m.graph.nodes.filter((n) => n.op === "param")).toEqual([]);
    expect(m.graph.updates).toBeUndefined();
  });

  it("i32 and bool buffers take whole-number initializers; --dtype f64 turns an f32 buffer into f64", () => {
    const m = lowerText(model("  buffer steps: i32 = constant(3)\n  buffer keep: bool[4] = values([1, 0, 1, 1])\n  y = where(keep, x, 0)"));
    expect(typeToString(node(m, "steps").type)).toBe("i32[]");
    expect(m.graph.inits["keep"]).toEqual({ kind: "values", values: [1, 0, 1, 1] });
    const f64 = lowerText(model("  buffer s: f32[4]\n  y = x + s", "x: f32[B, 4]", "y: f32[B, 4]"), { dtype: "f64" });
    expect(typeToString(node(f64, "s").type)).toBe("f64[4]");
  });

  it("a block's buffers are per call site, named like its params", () => {
    const text = `dim B\n${BN_BLOCK}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  h1 = stat(x)\n  y = stat(h1)\n}\n`;
    const m = lowerText(text);
    for (const id of ["h1.mean_run", "h1.scale", "y.mean_run", "y.scale"]) expect(node(m, id).op).toBe("buffer");
    expect(m.graph.inits["h1.scale"]).toEqual({ kind: "constant", value: 2 });
    expect(updates(text).map((u) => u.replace(/%\d+/g, "%"))).toEqual(["h1.mean_run <- add(%, %) : f32[4]", "y.mean_run <- add(%, %) : f32[4]"]);
    // Each call site's update is 0.9·(its own buffer) + 0.1·(its own batch mean).
    const operands = (id: string): string[] => node(m, id).inputs.flatMap((i) => node(m, i).inputs).filter((i) => !i.startsWith("%"));
    expect(m.graph.updates!.map((u) => operands(u.value))).toEqual([["h1.mean_run", "h1.m"], ["y.mean_run", "y.m"]]);
  });
});

describe("next", () => {
  it("records an update whose value has the buffer's type, lowered after the bindings it uses", () => {
    const text = model("  buffer s: f32[4] = zeros()\n  next s = s + m\n  m = mean(x, axis = 0)\n  y = x + s");
    expect(updates(text)).toEqual(["s <- add(s, m) : f32[4]"]);
  });

  it("a number is a constant of the buffer's type; a buffer without `next` has no update", () => {
    const text = model("  buffer steps: i32 = zeros()\n  buffer c: f32[4] = ones()\n  next steps = 7\n  y = x * c");
    expect(updates(text)).toEqual(["steps <- const() : i32[]"]);
    expect(node(lowerText(text), lowerText(text).graph.updates![0]!.value).attrs).toMatchObject({ value: 7 });
  });

  it("an update may use the train section's view of the model and survives the loss's lowering", () => {
    const text = `dim B\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  buffer s: f32[4]\n  next s = mean(y, axis = 0)\n  y = x * 2\n}\ntrain M {\n  loss = mean(y)\n  optimizer = sgd(lr = 0.1)\n}\n`;
    const m = lowerText(text);
    expect(m.graph.updates).toEqual([{ buffer: "s", value: expect.stringMatching(/^%\d+$/) as unknown }]);
    expect(m.train?.loss).toBe("loss");
  });
});

describe("errors", () => {
  it("E0125: `next` on a parameter, with the language's explanation", () => {
    const d = only(model("  param w: f32[4]\n  next w = w * 0.5\n  y = x + w"));
    expect(d.where).toBe("E0125 4:8");
    expect(d.message).toBe("`next w`: `w` is a parameter, not a buffer");
    expect(d.notes).toEqual(["a parameter is trained by its gradient; use a buffer for running statistics"]);
    expect(d.labels).toEqual(["declared with `param` here"]);
  });

  it("E0126: `next` on an input, a binding, or an unknown name (with did-you-mean over the buffers)", () => {
    expect(only(model("  next x = x\n  y = x")).message).toBe("`next x`: `x` is an input, not a buffer");
    expect(only(model("  h = x * 2\n  next h = x\n  y = h")).message).toBe("`next h`: `h` is a binding or an argument, not a buffer");
    const d = only(model("  buffer mean_run: f32[4]\n  next mean_rn = mean_run\n  y = x + mean_run"));
    expect(d.where).toBe("E0126 4:8");
    expect(d.message).toBe("`next mean_rn`: this body has no buffer named `mean_rn`");
    expect(d.help).toBe("did you mean `mean_run`?");
  });

  it("E0126: a block cannot update its caller's buffer through an argument", () => {
    const text = `dim B\nblock f(s: f32[4], x: f32[B, 4]) -> f32[B, 4] {\n  next s = s + 1\n  return x + s\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  buffer s: f32[4]\n  y = f(s, x)\n}\n`;
    expect(only(text).message).toBe("`next s`: `s` is a buffer of another body (passed as an argument): only the body that declares a buffer updates it");
  });

  it("E0127: two `next` for one buffer, both located", () => {
    const d = only(model("  buffer s: f32[4]\n  next s = s + 1\n  next s = s * 2\n  y = x + s"));
    expect(d.where).toBe("E0127 5:8");
    expect(d.labels).toEqual(["first `next` here"]);
  });

  it("E0340: a buffer with the batch dim; its `next` and uses are not reported again", () => {
    expect(only(model("  buffer last: f32[B, 4]\n  next last = x\n  y = x + last")).where).toBe("E0340 3:20");
  });

  it("an uncalled block's buffers over its generic dims are not errors", () => {
    const text = `dim B\n${BN_BLOCK}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x\n}\n`;
    expect(codes(text)).toEqual([]);
  });

  it("E0341: random or fractional initializers of integer and bool buffers", () => {
    expect(only(model("  buffer n: i32 = normal()\n  y = x")).where).toBe("E0341 3:19");
    expect(only(model("  buffer n: i32 = constant(0.5)\n  y = x")).message).toMatch(/0.5 is not a whole number, but the buffer is i32/);
    expect(only(model("  buffer k: bool[2] = values([1, 2])\n  y = x")).message).toMatch(/2 is not 0 or 1/);
  });

  it("E0342: a `next` value of another shape or dtype, both types stated, with a fitting hint", () => {
    const d = only(model("  buffer s: f32[4]\n  next s = 0.9 * s + 0.1 * x\n  y = x + s"));
    expect(d.where).toBe("E0342 4:12");
    expect(d.message).toBe("the value of `next s` is f32[B, 4], but buffer `s` is f32[4]");
    expect(d.help).toBe("reduce the extra axis, e.g. `mean(…, axis = 0)` over the batch");
    expect(only(model("  buffer s: i32[4]\n  next s = mean(x, axis = 0)\n  y = x")).message).toBe("the value of `next s` is f32[4], but buffer `s` is i32[4]");
    expect(only(model("  buffer s: f32[4]\n  next s = [1, 2]\n  y = x + s")).message).toBe("the value of `next s` is a list of 2 elements, but buffer `s` is f32[4]");
  });

  it("an error inside a `next` value is reported once, by its own code", () => {
    expect(codes(model("  buffer s: f32[4]\n  next s = s + nope\n  y = x + s"))).toEqual(["E0101 4:16"]);
  });
});

describe("training", () => {
  it("is one bool scalar `training` node per model, shared by the model, its blocks and the loss", () => {
    const text = `dim B\n${BN_BLOCK}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  h = stat(x)\n  y = where(training, h, x)\n}\ntrain M {\n  loss = mean(where(training, y, 2 * y))\n  optimizer = sgd(lr = 0.1)\n}\n`.replace(
      "return (x - mean_run) * scale",
      "return where(training, x, (x - mean_run) * scale)",
    );
    const m = lowerText(text);
    const flags = m.graph.nodes.filter((n) => n.op === "training");
    expect(flags.map((n) => `${n.id}: ${typeToString(n.type)}`)).toEqual(["training: bool[]"]);
    expect(flags[0]!.step).toBeUndefined();
    const users = m.graph.nodes.filter((n) => n.inputs.includes("training"));
    expect(users.length).toBe(3);
    expect(users.every((n) => n.op === "broadcast")).toBe(true);
  });

  it("a value named `training` shadows the built-in in its body", () => {
    const m = lowerText(model("  training = x > 0\n  y = where(training, x, 0)"));
    expect(m.graph.nodes.filter((n) => n.op === "training")).toEqual([]);
    expect(node(m, "training").op).toBe("gt");
  });

  it("is a bool: arithmetic on it is the usual bool error", () => {
    expect(codes(model("  y = x * training"))).toEqual(["E0201 3:9"]);
  });
});

describe("buffers in scan and repeat", () => {
  const CELL = `dim B\nblock cell(x: f32[B, 4], h: f32[B, 4]) -> f32[B, 4] {\n  param W: f32[4, 4]\n  buffer seen: f32[4] = ones()\nNEXT  return tanh(x @ W + h * seen)\n}\n`;

  it("a scanned cell's buffer is shared by every step (one node, no step annotation), like its params", () => {
    const m = lowerText(`${CELL.replace("NEXT", "")}model M(xs: f32[B, 3, 4], h0: f32[B, 4]) -> (hs: f32[B, 3, 4]) {\n  hs = scan(cell, xs, init = h0, axis = 1)\n}\n`);
    const bufs = graphBuffers(m.graph);
    expect(bufs.map((n) => n.id)).toEqual(["hs.seen"]);
    expect(bufs[0]!.step).toBeUndefined();
  });

  it("E0129: a `next` inside a scanned cell, reported once", () => {
    const text = `${CELL.replace("NEXT", "  next seen = seen * 2\n")}model M(xs: f32[B, 3, 4], h0: f32[B, 4]) -> (hs: f32[B, 3, 4]) {\n  hs = scan(cell, xs, init = h0, axis = 1)\n}\n`;
    expect(codes(text)).toEqual(["E0129 5:3"]);
  });

  it("repeat: each application has its own buffer and its own update", () => {
    const block = "block layer(h: f32[B, 4]) -> f32[B, 4] {\n  buffer seen: f32[4] = ones()\n  next seen = seen * 2\n  return tanh(h * seen)\n}\n";
    const text = `dim B\n${block}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x |> repeat(layer, times = 2)\n}\n`;
    const m = lowerText(text);
    expect(graphBuffers(m.graph).map((n) => n.id)).toEqual(["y.0.seen", "y.1.seen"]);
    expect(m.graph.updates!.map((u) => u.buffer)).toEqual(["y.0.seen", "y.1.seen"]);
  });
});

