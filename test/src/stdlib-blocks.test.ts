/**
 * Behaviour of the standard library's blocks beyond matching PyTorch: the parameter paths users write
 * (`y.0.attn.Wq`), initial values as PyTorch's modules start them, batch normalisation on a batch of one
 * row, and the compile-time `causal` flag.
 */
import { describe, expect, it } from "vitest";
import { bufferUpdates, initParams, interpret } from "@nnc/interp";
import { tensor } from "@nnc/ops";
import { libraryDocs } from "./stdlib-support.ts";
import { lowerModel } from "./v02-builtins-support.ts";

describe("the library's blocks", () => {
  it("each is documented: what it computes, the PyTorch module it matches, its params, an example call", () => {
    for (const { name, doc } of libraryDocs()) {
      expect(doc, name).toMatch(/PyTorch/);
      expect(doc, name).toMatch(/^Params\b/m);
      expect(doc, name).toMatch(new RegExp(`^Example: .*\\b${name}\\b`, "m"));
    }
  });

  it("transformer_block under repeat names its parameters y.<i>.<call>.<param>, as LANGUAGE-V2.md shows", () => {
    const m = lowerModel("dim B\nmodel M(x: f32[B, 4, 8]) -> (y: f32[B, 4, 8]) {\n  y = x |> repeat(transformer_block, times = 2, heads = 2)\n}\n");
    const params = m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id);
    const one = ["ln1.gamma", "ln1.beta", "attn.Wq", "attn.Wk", "attn.Wv", "attn.Wo", "attn.bq", "attn.bk", "attn.bv", "attn.bo", "ln2.gamma", "ln2.beta", "mlp_in.W", "mlp_in.b", "mlp_out.W", "mlp_out.b"];
    expect(params.sort()).toEqual([0, 1].flatMap((i) => one.map((p) => `y.${i}.${p}`)).sort());
    const type = (id: string): string => JSON.stringify(m.graph.nodes.find((n) => n.id === id)!.type.shape);
    expect(type("y.1.mlp_in.W")).toBe("[8,32]");
    expect(type("y.1.mlp_out.W")).toBe("[32,8]");
  });

  it("parameters start as PyTorch's modules start them: the bounds of each uniform, ones and zeros, normal(std = 1)", () => {
    const text = `dim B
model M(x: f32[B, 16], xs: f32[B, 2, 16], h0: f32[B, 25], ids: i32[B, 3], s: f32[B, 4, 24]) -> (a: f32[B, 64], r: f32[B, 2, 25], e: f32[B, 3, 400], t: f32[B, 4, 24]) {
  a = dense(x, out = 64)
  r = scan(gru_cell, xs, init = h0, axis = 1)
  e = embedding(ids, vocab = 50, width = 400)
  t = transformer_block(s, heads = 4)
}
`;
    const p = initParams(lowerModel(text).graph, 3);
    /** max |v| of n samples of U(±b) is never above b, and below b·(1 − 8/n) with probability (1 − 8/n)ⁿ < e⁻⁸. */
    const bound = (id: string, b: number): void => {
      const data = Array.from(p[id]!.data, Math.abs);
      const m = Math.max(...data);
      expect(m, id).toBeLessThanOrEqual(b);
      expect(m, id).toBeGreaterThan(b * (1 - 8 / data.length));
    };
    bound("a.W", 1 / 4); // nn.Linear(16, 64): U(±1/√16)
    bound("a.b", 1 / 4);
    for (const w of ["r.Wx", "r.Wh", "r.b", "r.b_hn"]) bound(w, 1 / 5); // nn.GRUCell(16, 25): U(±1/√25)
    for (const w of ["t.attn.Wq", "t.attn.Wk", "t.attn.Wv"]) bound(w, Math.sqrt(6 / (4 * 24))); // xavier over in_proj [3D, D]
    bound("t.attn.Wo", 1 / Math.sqrt(24));
    bound("t.mlp_out.W", 1 / Math.sqrt(96));
    for (const z of ["t.attn.bq", "t.attn.bo", "t.ln1.beta"]) expect(Array.from(p[z]!.data).every((v) => v === 0), z).toBe(true);
    expect(Array.from(p["t.ln2.gamma"]!.data).every((v) => v === 1)).toBe(true);
    const e = Array.from(p["e.E"]!.data);
    const mean = e.reduce((u, v) => u + v, 0) / e.length;
    const std = Math.sqrt(e.reduce((u, v) => u + (v - mean) ** 2, 0) / e.length);
    expect(Math.abs(mean)).toBeLessThan(0.02); // 20,000 samples: the standard error is 0.007
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
  });

  it("batch_norm on a batch of one row: the training step's running variance stays finite (v = 0 is added)", () => {
    const m = lowerModel("dim B\nmodel M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n  y = batch_norm(x)\n}\n");
    const feeds = { x: tensor([1, 3], [0.5, -1, 2]), "y.gamma": tensor([3], [1, 1, 1]), "y.beta": tensor([3], [0.1, 0.2, 0.3]), "y.mean_run": tensor([3], [0, 0, 0]), "y.var_run": tensor([3], [2, 1, 4]) };
    const values = interpret(m.graph, feeds, { training: true });
    expect(Array.from(values.get("y")!.data)).toEqual([0.1, 0.2, 0.3]);
    const next = bufferUpdates(m.graph, values);
    expect(Array.from(next["y.var_run"]!.data)).toEqual([0.9 * 2, 0.9 * 1, 0.9 * 4]);
    expect(Array.from(next["y.mean_run"]!.data).map((v) => Number(v.toFixed(12)))).toEqual([0.05, -0.1, 0.2]);
  });

  it("multi_head_attention with causal = true: position t does not depend on later positions; without it, it does", () => {
    const text = "dim B\nmodel M(x: f32[B, 3, 4]) -> (c: f32[B, 3, 4], f: f32[B, 3, 4]) {\n  c = multi_head_attention(x, heads = 2, causal = true)\n  f = multi_head_attention(x, heads = 2)\n}\n";
    const m = lowerModel(text);
    const feeds: Record<string, ReturnType<typeof tensor>> = {};
    let k = 0;
    for (const n of m.graph.nodes) {
      if (n.op !== "param" && n.op !== "input") continue;
      const shape = n.type.shape.map((d) => (typeof d === "number" ? d : 1));
      const size = shape.reduce((a, b) => a * b, 1);
      feeds[n.id] = tensor(shape, Array.from({ length: size }, () => Math.sin(++k)));
    }
    const run = (x: number[]): { c: number[]; f: number[] } => {
      const v = interpret(m.graph, { ...feeds, x: tensor([1, 3, 4], x) });
      return { c: Array.from(v.get("c")!.data), f: Array.from(v.get("f")!.data) };
    };
    const base = Array.from(feeds["x"]!.data);
    const moved = base.map((v, i) => (i >= 8 ? v + 1 : v)); // only the last position changes
    const a = run(base);
    const b = run(moved);
    expect(b.c.slice(0, 8)).toEqual(a.c.slice(0, 8));
    expect(b.c.slice(8)).not.toEqual(a.c.slice(8));
    expect(b.f.slice(0, 8)).not.toEqual(a.f.slice(0, 8));
  });
});
