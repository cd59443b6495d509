/**
 * Indexing, slicing, `split`, destructuring and parameter paths through the whole compiler: forward
 * values against direct indexing of the fed arrays, and float64 gradients (the backward of a slice is a
 * pad into zeros) against central differences, for inputs and for params named by paths in the loss.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import { initParams, interpret } from "@nnc/interp";
import { checkProgram } from "@nnc/lower";
import { tensor, type Tensor } from "@nnc/ops";
import { parse } from "@nnc/syntax";
import { analyticGrads, firstMismatch, numericGrad, rng, type Feeds } from "./gradcheck-helpers.ts";
import { gradcheckModel, nnc } from "./v02-models-harness.ts";

const SLICES = `dim B
model Slices(xs: f32[B, 4, 6]) -> (last: f32[B, 6], mid: f32[B, 2, 3], corner: f32[B], tail: f32[B, 4, 2], b: f32[B, 4, 4]) {
  last = xs[:, -1]
  mid = xs[:, 1:3, ..., 2:5]
  corner = xs[:, 0, -1]
  tail = xs[..., -2:]
  (a, b) = split(xs, [2, 4], axis = 2)
}
train Slices {
  input w: f32[B, 4, 6]
  loss = sum(last * last) + sum(mid ^ 3) + sum(exp(corner)) + sum(tail * w[..., 0:2]) + sum(tanh(b))
  optimizer = sgd(lr = 0.1)
}
`;

const MODEL = `dim B
block fc(x: f32[B, I], O: dim) -> f32[B, O] {
  param W: f32[I, O] = normal(std = 0.5)
  param b: f32[O] = normal(std = 0.5)
  return x @ W + b
}
model M(xs: f32[B, 4, 6]) -> (y: f32[B, 3]) {
  last = xs[:, -1]
  first = xs[:, 0, 1:5]
  h = fc(last, 12)
  (q, k, v) = split(tanh(h), 3)
  (a, b) = split(q * k + first, [1, 3])
  y = v[..., 1:] * a + b * sum(h.W[0:2, -1])
}
train M {
  input t: f32[B, 3]
  loss = mean((y - t) ^ 2) + 1e-1 * sum(h.W[2:, :4] ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

function lowered(text: string): { graph: ReturnType<typeof checkProgram>["models"][number]["graph"]; loss: string } {
  const source = new SourceFile("t.nn", text);
  const checked = checkProgram(parse(source).program, source, { dtype: "f64" });
  expect(checked.diagnostics.map((d) => d.message)).toEqual([]);
  const m = checked.models[0]!;
  return { graph: m.graph, loss: m.train!.loss };
}

function fill(shape: number[], rand: () => number): Tensor {
  return tensor(shape, Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rand() - 1));
}

describe("indexing through the compiler", () => {
  const { graph, loss } = lowered(SLICES);
  const rand = rng(7);
  const xs = fill([2, 4, 6], rand);
  const feeds: Feeds = { xs, w: fill([2, 4, 6], rand) };
  const at = (n: number, t: number, c: number): number => xs.data[(n * 4 + t) * 6 + c]!;

  it("selects the elements NumPy would (negative indices from the end, `...`, split by sizes)", () => {
    const values = interpret(graph, feeds);
    const out = (name: string): Tensor => values.get(graph.outputs.find((o) => o.name === name)!.id)!;
    const expected: Record<string, { shape: number[]; at: (idx: number[]) => number }> = {
      last: { shape: [2, 6], at: ([n, c]) => at(n!, 3, c!) },
      mid: { shape: [2, 2, 3], at: ([n, t, c]) => at(n!, 1 + t!, 2 + c!) },
      corner: { shape: [2], at: ([n]) => at(n!, 0, 5) },
      tail: { shape: [2, 4, 2], at: ([n, t, c]) => at(n!, t!, 4 + c!) },
      b: { shape: [2, 4, 4], at: ([n, t, c]) => at(n!, t!, 2 + c!) },
    };
    for (const [name, e] of Object.entries(expected)) {
      const got = out(name);
      expect(got.shape, name).toEqual(e.shape);
      const want = Array.from(got.data, (_, k) => {
        const idx: number[] = [];
        let r = k;
        for (let d = e.shape.length - 1; d >= 0; d--) {
          idx.unshift(r % e.shape[d]!);
          r = Math.floor(r / e.shape[d]!);
        }
        return e.at(idx);
      });
      expect(Array.from(got.data), name).toEqual(want);
    }
  });

  it("f64 gradients w.r.t. the indexed input (slice backward = pad into zeros) match central differences", () => {
    const analytic = analyticGrads(graph, loss, ["xs"], feeds)["xs"]!;
    const numeric = numericGrad(graph, loss, "xs", feeds);
    expect(firstMismatch(Array.from(analytic.data), Array.from(numeric.data), 1e-6, 1e-7)).toBe(-1);
    // xs[0, 0, 0] is in no slice the loss uses (only in `a`, which it ignores): its gradient is an exact zero of the pad.
    expect(analytic.data[0]).toBe(0);
  });
});

describe("split, destructuring and parameter paths through the compiler", () => {
  it("f64 gradients of a model indexing and splitting its activations and params match central differences", () => {
    const r = gradcheckModel(MODEL, "m.nn", { batch: 2, seed: 21, training: true, perParam: 8 });
    expect(r.params).toEqual(["h.W", "h.b"]);
    expect(r.compared).toBe(16);
  });

  it("a path in the loss is the same node as the block's param (its gradient sums both uses)", () => {
    const { graph } = lowered(MODEL);
    const users = graph.nodes.filter((n) => n.inputs.includes("h.W")).map((n) => n.op);
    expect(users).toEqual(["matmul", "slice", "slice"]);
    expect(Object.keys(initParams(graph, 1))).toEqual(["h.W", "h.b"]);
  });
});

describe("the backward of a split, explained", () => {
  const dir = mkdtempSync(join(tmpdir(), "nnc-indexing-"));
  const path = join(dir, "g.nn");
  writeFileSync(path, "dim B\nmodel G(x: f32[B, 6]) -> (y: f32[B, 2]) {\n  (a, b, c) = split(x, 3)\n  y = a * b + c\n}\ntrain G {\n  input t: f32[B, 2]\n  loss = mean((y - t) ^ 2)\n  optimizer = sgd(lr = 0.1)\n}\n");

  it("before the passes, `nnc grad --explain` shows each part's cotangent padded into zeros, then summed over the uses", async () => {
    const r = await nnc("grad", path, "--explain", "--wrt", "x", "--passes", "none");
    expect(r.status, r.err).toBe(0);
    for (const d of ["da", "db", "dy"]) expect(r.out).toContain(`dx = concat(0, ${d}, 0) along axis (zeros outside [start, end))`);
    expect(r.out).toContain("rule slice.vjp.0 of b — ");
    expect(r.out).toContain("g.nn:3  (a, b, c) = split(x, 3)");
    expect(r.out).toContain("dx = Σ of the cotangents from the 3 uses of x");
  });

  it("after the passes, the padded parts are one concat of the parts' cotangents", async () => {
    const r = await nnc("grad", path, "--wrt", "x");
    expect(r.status, r.err).toBe(0);
    expect(r.out).toMatch(/^dx: f32\[B, 6\] = concat\(da, db, dy\) \{axis=1\}/m);
  });
});
