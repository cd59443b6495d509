/**
 * buffer / next / training through the whole driver (issue 11, item 6, the semantic half): every
 * stage keeps the updates, the reference interpreter distinguishes training steps from evaluation,
 * the updates compute what the `next` formulas say, and float64 gradients of a hand-written batch
 * norm match central differences — through the batch statistics in training mode, with the running
 * statistics as constants in evaluation. Buffers never get a gradient.
 */
import { hvp } from "@nnc/autodiff";
import { compile, type Compilation } from "@nnc/compiler/node";
import { bufferUpdates, initBuffers, initParams, interpret } from "@nnc/interp";
import type { Graph } from "@nnc/ir";
import { mulberry32, tensor, type Tensor } from "@nnc/ops";
import { describe, expect, it } from "vitest";

const BN_PROGRAM = `dim B

block bn(x: f32[B, C]) -> f32[B, C] {
  param gamma: f32[C] = ones()
  param beta: f32[C] = zeros()
  buffer mean_run: f32[C] = zeros()
  buffer var_run: f32[C] = ones()
  m = mean(x, axis = 0)
  v = mean((x - m) ^ 2, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  next var_run = 0.9 * var_run + 0.1 * stop_gradient(v)
  mu = where(training, m, mean_run)
  s2 = where(training, v, var_run)
  return gamma * (x - mu) / sqrt(s2 + 1e-5) + beta
}

model Net(x: f32[B, 3]) -> (logits: f32[B, 2]) {
  param W: f32[3, 4] = normal(std = 0.8)
  param W2: f32[4, 2] = normal(std = 0.8)
  h = bn(x @ W)
  logits = relu(h) @ W2 + 0.1 * h @ W2
}

train Net {
  input label: i32[B]
  loss = mean(cross_entropy(logits, label))
  optimizer = sgd(lr = 0.1)
}
`;

const ROWS = 5;

function compiled(): Compilation {
  const c = compile(BN_PROGRAM, { fileName: "bn.nn", dtype: "f64" });
  expect(c.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return c;
}

function rand(shape: number[], seed: number, scale = 1): Tensor {
  const r = mulberry32(seed);
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = scale * (2 * r() - 1);
  return t;
}

/** Inputs, params, and buffers moved away from their initial values (so evaluation really reads them). */
function feeds(g: Graph, x = rand([ROWS, 3], 11)): Record<string, Tensor> {
  const bufs = initBuffers(g, 1);
  bufs["h.mean_run"] = tensor([4], [0.3, -0.2, 0.1, 0.5]);
  bufs["h.var_run"] = tensor([4], [0.8, 1.5, 0.6, 2.0]);
  const label = tensor([x.shape[0]!], Array.from({ length: x.shape[0]! }, (_, i) => i % 2));
  const params = initParams(g, 3);
  params["h.gamma"] = tensor([4], [1.2, 0.7, -0.9, 1.1]);
  params["h.beta"] = tensor([4], [0.1, -0.3, 0.2, 0]);
  return { x, label, ...params, ...bufs };
}

/** Every update names a buffer node of `g` and a value of the same type. */
function expectValidUpdates(g: Graph, buffers: readonly string[]): void {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  expect((g.updates ?? []).map((u) => u.buffer)).toEqual(buffers);
  for (const u of g.updates ?? []) {
    expect(byId.get(u.buffer)?.op).toBe("buffer");
    expect(byId.get(u.value)?.type, u.value).toEqual(byId.get(u.buffer)?.type);
  }
}

describe("buffers and updates through every stage of the driver", () => {
  it("lowered, with the loss, differentiated and optimized graphs all compute both updates", () => {
    const c = compiled();
    const want = ["h.mean_run", "h.var_run"];
    for (const g of [c.model!.graph, c.forward!, c.gradient!.graph, c.optimized!.graph]) expectValidUpdates(g, want);
    expect(Object.keys(c.optimized!.grads).sort()).toEqual(["W", "W2", "h.beta", "h.gamma"]);
    expect(c.optimized!.graph.nodes.filter((n) => n.op === "training").length).toBe(1);
  });

  it("the check summary lists the buffers, their types and whether `next` updates them", () => {
    const c = compile(BN_PROGRAM.replace("  next var_run = 0.9 * var_run + 0.1 * stop_gradient(v)\n", ""), { fileName: "bn.nn", checkOnly: true });
    expect(c.models?.[0]?.buffers).toEqual([
      { name: "h.mean_run", dtype: "f32", shape: [4], updated: true },
      { name: "h.var_run", dtype: "f32", shape: [4], updated: false },
    ]);
    expect(c.models?.[0]?.params.map((p) => p.name)).toEqual(["W", "W2", "h.gamma", "h.beta"]);
    const plain = compile("model M(a: f32[3]) -> (b: f32[3]) {\n  param W: f32[3, 3]\n  b = W @ a\n}\n", { fileName: "m.nn", checkOnly: true });
    expect(plain.models?.[0]).not.toHaveProperty("buffers");
  });
});

describe("the reference interpreter: training steps and evaluation", () => {
  const c = compiled();
  const g = c.optimized!.graph;

  it("in evaluation a row's output does not depend on the rest of its batch; in a training step it does", () => {
    const a = rand([ROWS, 3], 11);
    const b = tensor(a.shape, a.data);
    for (let i = 3; i < b.data.length; i++) b.data[i] = b.data[i]! * -2 + 0.5; // same first row, other rows changed
    const row0 = (x: Tensor, training: boolean): number[] => [...interpret(g, feeds(g, x), { training }).get("logits")!.data.slice(0, 2)];
    expect(row0(b, false)).toEqual(row0(a, false));
    expect(Math.abs(row0(b, true)[0]! - row0(a, true)[0]!)).toBeGreaterThan(1e-3);
  });

  it("evaluation normalizes with the running statistics: h = γ·(z − mean_run)/√(var_run + 1e-5) + β", () => {
    const f = feeds(g);
    const values = interpret(g, f);
    const z = matmul(f["x"]!, f["W"]!, 4);
    const h = values.get("h")!.data;
    for (let i = 0; i < h.length; i++) {
      const j = i % 4;
      const want = (f["h.gamma"]!.data[j]! * (z[i]! - f["h.mean_run"]!.data[j]!)) / Math.sqrt(f["h.var_run"]!.data[j]! + 1e-5) + f["h.beta"]!.data[j]!;
      expect(h[i]).toBeCloseTo(want, 12);
    }
  });

  it("a training step's updates are 0.9·running + 0.1·(batch mean, biased batch variance) of z = x @ W", () => {
    const f = feeds(g);
    const after = bufferUpdates(g, interpret(g, f, { training: true }));
    const z = matmul(f["x"]!, f["W"]!, 4);
    for (let j = 0; j < 4; j++) {
      const col = Array.from({ length: ROWS }, (_, r) => z[r * 4 + j]!);
      const m = col.reduce((s, v) => s + v, 0) / ROWS;
      const v = col.reduce((s, x) => s + (x - m) ** 2, 0) / ROWS;
      expect(after["h.mean_run"]!.data[j]).toBeCloseTo(0.9 * f["h.mean_run"]!.data[j]! + 0.1 * m, 12);
      expect(after["h.var_run"]!.data[j]).toBeCloseTo(0.9 * f["h.var_run"]!.data[j]! + 0.1 * v, 12);
    }
  });
});

describe("float64 gradients of the batch norm match central differences", () => {
  const c = compiled();
  const g = c.gradient!.graph;
  const loss = c.model!.train!.loss;

  for (const training of [true, false]) {
    it(training ? "training step: through the batch statistics" : "evaluation: the running statistics are constants", () => {
      const f = feeds(g);
      const values = interpret(g, f, { training });
      const at = (w: string, k: number, d: number): number => {
        const moved = tensor(f[w]!.shape, f[w]!.data);
        moved.data[k] = moved.data[k]! + d;
        return interpret(g, { ...f, [w]: moved }, { training }).get(loss)!.data[0]!;
      };
      for (const [w, grad] of Object.entries(c.gradient!.grads)) {
        const analytic = values.get(grad)!.data;
        for (let k = 0; k < analytic.length; k++) {
          const numeric = (at(w, k, 1e-6) - at(w, k, -1e-6)) / 2e-6;
          expect(Math.abs(analytic[k]! - numeric), `${w}[${k}]: ${analytic[k]} vs ${numeric}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
        }
      }
    });
  }

  it("the two modes give different gradients for W (the batch statistics depend on W only in training)", () => {
    const f = feeds(g);
    const dW = (training: boolean): number[] => [...interpret(g, f, { training }).get(c.gradient!.grads["W"]!)!.data];
    const diff = dW(true).map((v, i) => Math.abs(v - dW(false)[i]!));
    expect(Math.max(...diff)).toBeGreaterThan(1e-3);
  });

  it("second order in a training step: H·v for W matches central differences of the gradient", () => {
    const h = hvp(c.forward!, loss, "W", "v");
    expect(h.diagnostics).toEqual([]);
    expect(h.graph.updates?.map((u) => u.buffer)).toEqual(["h.mean_run", "h.var_run"]);
    const f = feeds(h.graph);
    const v = rand([3, 4], 5);
    const hv = interpret(h.graph, { ...f, v }, { training: true }).get(h.hvp)!.data;
    const gradAt = (d: number): Float64Array => {
      const W = tensor([3, 4], f["W"]!.data.map((x, i) => x + d * v.data[i]!));
      return interpret(h.graph, { ...f, W, v }, { training: true }).get(h.grad)!.data;
    };
    const plus = gradAt(1e-5);
    const minus = gradAt(-1e-5);
    for (let i = 0; i < hv.length; i++) {
      const numeric = (plus[i]! - minus[i]!) / 2e-5;
      expect(Math.abs(hv[i]! - numeric), `Hv[${i}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    }
  });

  it("buffers, the flag and the update values get no cotangent", () => {
    const cot = c.gradient!.cotangents;
    for (const id of ["h.mean_run", "h.var_run", "training", ...c.gradient!.graph.updates!.map((u) => u.value)]) expect(cot[id], id).toBeUndefined();
    expect(cot["h.m"]).toBeDefined();
  });
});

/** Row-major [rows, k] @ [k, n] → [rows, n]. */
function matmul(a: Tensor, b: Tensor, n: number): number[] {
  const k = b.shape[0]!;
  const rows = a.data.length / k;
  const out = new Array<number>(rows * n).fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) for (let i = 0; i < k; i++) out[r * n + j]! += a.data[r * k + i]! * b.data[i * n + j]!;
  return out;
}
