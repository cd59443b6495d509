import { describe, expect, it } from "vitest";
import { tensorType, type Graph, type Node } from "@nnc/ir";
import { GraphBuilder, lookupOp, type OpDef, type OpLookup } from "@nnc/ops";
import { differentiate, type GradResult } from "./differentiate.ts";

const f64 = (...shape: number[]) => tensorType("f64", shape);

function param(b: GraphBuilder, name: string, shape: number[]): string {
  return b.add("param", [], { dtype: "f64", shape }, { name });
}
function input(b: GraphBuilder, name: string, dtype: "f64" | "i32", shape: number[], role = "model"): string {
  return b.add("input", [], { role, dtype, shape }, { name });
}
function sumAll(b: GraphBuilder, id: string, name?: string): string {
  const rank = b.type(id).shape.length;
  return b.add("reduce_sum", [id], { axes: Array.from({ length: rank }, (_, i) => i), keepdims: false }, { name });
}

/** Every input of every node names an earlier node. */
function expectTopological(g: Graph): void {
  const seen = new Set<string>();
  for (const n of g.nodes) {
    for (const i of n.inputs) expect(seen.has(i), `${n.id} uses ${i} before its definition`).toBe(true);
    expect(seen.has(n.id)).toBe(false);
    seen.add(n.id);
  }
}

/** The pass's invariants: topological, forward part verbatim, origins, gradient types, live cotangents. */
function expectInvariants(forward: Graph, r: GradResult): void {
  expectTopological(r.graph);
  expect(r.graph.nodes.slice(0, forward.nodes.length)).toEqual(forward.nodes);
  for (const n of r.graph.nodes.slice(forward.nodes.length)) expect(n.origin, n.id).toBeDefined();
  const byId = new Map(r.graph.nodes.map((n) => [n.id, n]));
  for (const [w, g] of Object.entries(r.grads)) expect(byId.get(g)!.type).toEqual(byId.get(w)!.type);
  for (const c of Object.values(r.cotangents)) expect(byId.has(c), c).toBe(true);
}

function backward(g: Graph): Node[] {
  return g.nodes.filter((n) => n.origin !== undefined);
}

/** h = tanh(x @ W1); y = h @ W2; loss = Σ y — with a label input nobody differentiates. */
function mlp(): Graph {
  const b = new GraphBuilder(lookupOp);
  const x = input(b, "x", "f64", [2, 3]);
  const W1 = param(b, "W1", [3, 4]);
  const W2 = param(b, "W2", [4, 1]);
  const h = b.add("tanh", [b.add("matmul", [x, W1])], {}, { name: "h" });
  const y = b.add("matmul", [h, W2], {}, { name: "y" });
  const loss = sumAll(b, y, "loss");
  return b.finish([{ name: "loss", id: loss }]);
}

describe("differentiate", () => {
  it("keeps the forward graph, appends named backward nodes with provenance", () => {
    const g = mlp();
    const r = differentiate({ graph: g, of: "loss" });
    expectInvariants(g, r);
    expect(r.diagnostics).toEqual([]);
    expect(r.grads).toEqual({ W1: "dW1", W2: "dW2" });
    expect(r.graph.nodes.slice(0, g.nodes.length)).toEqual(g.nodes);
    expectTopological(r.graph);
    const ids = r.graph.nodes.map((n) => n.id);
    expect(ids).toContain("dloss");
    expect(ids).toContain("dy");
    expect(ids).toContain("dh");
    // x is not a wrt: nothing computes its cotangent.
    expect(ids).not.toContain("dx");
    for (const n of backward(r.graph)) expect(n.origin!.rule).toMatch(/^(seed|fanout|[a-z_0-9]+\.vjp\.\d+)$/);
    const dW1 = r.graph.nodes.find((n) => n.id === "dW1")!;
    expect(dW1.origin).toEqual({ rule: "matmul.vjp.1", forward: "%0" });
    expect(dW1.type).toEqual(f64(3, 4));
    expect(r.graph.outputs).toEqual([
      { name: "loss", id: "loss" },
      { name: "dW1", id: "dW1" },
      { name: "dW2", id: "dW2" },
    ]);
  });

  it("never builds a cotangent nobody asked for (wanted masks)", () => {
    const seen: { op: string; wanted: readonly boolean[] }[] = [];
    const spy: OpLookup = (op) => {
      const def = lookupOp(op);
      if (def === undefined) return undefined;
      const wrapped: OpDef = { ...def, vjp: (c) => (seen.push({ op, wanted: c.wanted }), def.vjp(c)) };
      return wrapped;
    };
    const r = differentiate({ graph: mlp(), of: "loss", wrt: ["W2"], lookup: spy });
    expect(seen).toEqual([
      { op: "reduce_sum", wanted: [true] },
      { op: "matmul", wanted: [false, true] },
    ]);
    expect(Object.keys(r.grads)).toEqual(["W2"]);
    // Only the chain loss → y → W2 exists in the backward part.
    expect(backward(r.graph).every((n) => ["loss", "y"].includes(n.origin!.forward))).toBe(true);
  });

  it("sums the cotangents of a value used twice in one `add` node named d<name>", () => {
    const b = new GraphBuilder(lookupOp);
    const w = param(b, "w", [3]);
    const t = b.add("tanh", [w], {}, { name: "t" });
    const u = b.add("mul", [t, b.add("exp", [t])], {}, { name: "u" });
    const loss = sumAll(b, u, "loss");
    const g = b.finish([{ name: "loss", id: loss }]);
    const r = differentiate({ graph: g, of: loss });
    expectInvariants(g, r);
    const dt = r.graph.nodes.find((n) => n.id === "dt")!;
    expect(dt.op).toBe("add");
    expect(dt.origin).toEqual({ rule: "fanout", forward: "t" });
    expect(r.grads).toEqual({ w: "dw" });
    expectTopological(r.graph);
  });

  it("gives a non-scalar `of` a cotangent input d<name>", () => {
    const b = new GraphBuilder(lookupOp);
    const W = param(b, "W", [3, 3]);
    const a = input(b, "a", "f64", [3]);
    const out = b.add("matmul", [W, a], {}, { name: "b" });
    const r = differentiate({ graph: b.finish([{ name: "b", id: out }]), of: "b", wrt: ["W", "a"] });
    expect(r.cotangent).toBe("db");
    const db = r.graph.nodes.find((n) => n.id === "db")!;
    expect(db.op).toBe("input");
    expect(db.attrs["role"]).toBe("cotangent");
    expect(db.type).toEqual(f64(3));
    expect(r.grads).toEqual({ W: "dW", a: "da" });
  });

  it("warns E0501 and returns zeros for a wrt that cannot affect `of`", () => {
    const b = new GraphBuilder(lookupOp);
    const w = param(b, "w", [2]);
    param(b, "unused", [4]);
    const loss = sumAll(b, b.add("exp", [w]), "loss");
    const r = differentiate({ graph: b.finish([]), of: loss });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([["E0501", "warning", "`unused` cannot affect `loss`: its gradient is zero"]]);
    const z = r.graph.nodes.find((n) => n.id === r.grads["unused"])!;
    expect(z).toMatchObject({ id: "dunused", op: "const", attrs: { value: 0 }, type: f64(4), origin: { rule: "zero", forward: "unused" } });
  });

  it("warns E0501 when the only path goes through stop_gradient", () => {
    const b = new GraphBuilder(lookupOp);
    const w = param(b, "w", [2]);
    const loss = sumAll(b, b.add("stop_gradient", [w]), "loss");
    const g = b.finish([]);
    const r = differentiate({ graph: g, of: loss });
    expectInvariants(g, r);
    // The cotangents of loss and of the stop_gradient output lead nowhere: dropped, not listed.
    expect(r.cotangents).toEqual({});
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0501"]);
    expect(r.diagnostics[0]!.notes[0]).toContain("only through operations without a gradient");
  });

  it("reports E0502 for an integer wrt or `of`", () => {
    const b = new GraphBuilder(lookupOp);
    const label = input(b, "label", "i32", [2], "train");
    const w = param(b, "w", [2]);
    const loss = sumAll(b, w, "loss");
    const g = b.finish([]);
    const r = differentiate({ graph: g, of: loss, wrt: [w, label] });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["E0502", "error"]]);
    expect(r.grads).toEqual({ w: "dw" });
    const r2 = differentiate({ graph: g, of: label, wrt: [w] });
    expect(r2.diagnostics.map((d) => d.code)).toEqual(["E0502"]);
    expect(r2.graph).toBe(g);
  });

  it("refuses (compiler bug) an op the table does not know on a differentiated path", () => {
    const withMystery: OpLookup = (op) => (op === "mystery" ? { ...lookupOp("tanh")!, name: "mystery" } : lookupOp(op));
    const b = new GraphBuilder(withMystery);
    const w = param(b, "w", [2]);
    const loss = sumAll(b, b.add("mystery", [w]), "loss");
    const g = b.finish([]);
    expect(() => differentiate({ graph: g, of: loss })).toThrow(/unknown op 'mystery'/);
    expect(differentiate({ graph: g, of: loss, lookup: withMystery }).grads).toEqual({ w: "dw" });
  });

  it("differentiates its own output again (second order)", () => {
    const first = differentiate({ graph: mlp(), of: "loss", wrt: ["W1"] });
    const b = GraphBuilder.from(lookupOp, first.graph);
    const s = sumAll(b, b.add("mul", [first.grads["W1"]!, first.grads["W1"]!]), "gg");
    const g2 = b.finish(first.graph.outputs);
    const second = differentiate({ graph: g2, of: s, wrt: ["W1"] });
    expectInvariants(g2, second);
    expect(second.diagnostics).toEqual([]);
    expect(second.grads["W1"]).toBe("dW1_1");
    expectTopological(second.graph);
  });
});
