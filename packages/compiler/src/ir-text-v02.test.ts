import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isParseError, parseGraph, printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp } from "@nnc/ops";
import { typeRuleOf } from "@nnc/passes";
import { compile } from "./compile.ts";

const RNN = `dim B

block rnn_step(x: f32[B, 3], h: f32[B, 4]) -> f32[B, 4] {
  param Wx: f32[3, 4]
  param Wh: f32[4, 4]
  return tanh(x @ Wx + h @ Wh)
}

model Rnn(xs: f32[B, 5, 3], h0: f32[B, 4]) -> (y: f32[B, 5, 4]) {
  y = scan(rnn_step, xs, init = h0, axis = 1)
}
`;

const BN = `dim B

model Bn(x: f32[B, 4]) -> (y: f32[B, 4]) {
  param g: f32[4] = ones()
  buffer mean_run: f32[4] = constant(0.5)
  m = mean(x, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  y = (x - where(training, m, mean_run)) * g
}
`;

/** The graphs of the whole pipeline for `text`: the lowered model, and the gradient before and after the passes. */
function graphs(text: string, file: string, of: string): { graphs: Graph[]; source: NonNullable<ReturnType<typeof compile>["source"]> } {
  const c = compile(text, { fileName: file, of, generate: "none" });
  expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { graphs: [c.model!.graph, c.gradient!.graph, c.optimized!.graph], source: c.source };
}

function roundTrip(g: Graph, source: ReturnType<typeof graphs>["source"]): void {
  const text = printGraph(g);
  const back = parseGraph(text, { sources: [source] });
  if (isParseError(back)) throw new Error(`${back.error} at ${back.line}:${back.column}\n${text}`);
  expect(printGraph(back)).toBe(text);
  expect(back).toEqual(JSON.parse(JSON.stringify(g)) as Graph);
  expect(verifyGraph(back, typeRuleOf(lookupOp))).toEqual([]);
}

describe("IR text of v0.2 graphs, through the whole pipeline", () => {
  it("prints and parses back the steps of an unrolled scan, forward and backward", () => {
    const { graphs: gs, source } = graphs(RNN, "rnn.nn", "y");
    for (const g of gs) roundTrip(g, source);
    const text = printGraph(gs[2]!);
    expect(text).toMatch(/ @y\[4\/5\]\n/);
    expect(text).toMatch(/ @y\[4\/5\] ← tanh\.vjp\.0 of /);
  });

  it("prints and parses back buffers, their initializers and their updates", () => {
    const { graphs: gs, source } = graphs(BN, "bn.nn", "y");
    for (const g of gs) roundTrip(g, source);
    const text = printGraph(gs[0]!);
    expect(text).toContain("  buffer mean_run: f32[4] = constant(0.5)");
    expect(text).toMatch(/\n {2}next mean_run = \S+\n {2}return y\n/);
    // The gradient graphs keep the update (the training step computes it).
    for (const g of gs) expect(g.updates?.map((u) => u.buffer)).toEqual(["mean_run"]);
  });

  it("parses back every golden forward IR file of the examples to the same text (steps, buffers and updates included)", () => {
    const dir = fileURLToPath(new URL("../../../test/golden/examples/", import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith(".forward.ir"));
    expect(files.length).toBeGreaterThan(0);
    let steps = 0;
    for (const f of files) {
      const text = readFileSync(dir + f, "utf8");
      const g = parseGraph(text);
      if (isParseError(g)) throw new Error(`${f}: ${g.error} at ${g.line}:${g.column}`);
      expect(printGraph(g)).toBe(text);
      steps += g.nodes.filter((n) => n.step !== undefined).length;
    }
    // At least one example (seq-lstm.nn) unrolls a scan.
    expect(steps).toBeGreaterThan(0);
  });
});

