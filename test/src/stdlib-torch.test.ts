/**
 * The standard library's blocks against PyTorch's modules (test/reference/stdlib.json, made by
 * scripts/torch-reference/make-stdlib.py; no torch at test time): each case's program calls a library
 * block with PyTorch's weights under nnc's parameter paths, and its outputs — and, for a training step of
 * batch normalisation, the running statistics after it — are compared: the reference interpreter in
 * float64 to 1e-10, the generated code in float32 to 1e-5 (relative to max(|v|, 1)).
 */
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { bufferUpdates, interpret } from "@nnc/interp";
import { fromNested, lowerModel } from "./v02-builtins-support.ts";
import { instance } from "./v02-state-run-support.ts";
import { caseFeeds, caseProgram, caseRows, libraryBlocks, maxError, torchCases, type TorchCase } from "./stdlib-support.ts";

const tables = torchCases();

function flat(v: unknown): number[] {
  return Array.from(fromNested(v).data);
}

/** The case compiled to its float32 class (js), with the case's params and buffers written into it. */
function generated(c: TorchCase) {
  const comp = compile(caseProgram(c), { fileName: "stdlib-case.nn", dtype: "f32", generate: "class", target: "js" });
  const errors = comp.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const cm = instance(comp as Parameters<typeof instance>[0], caseRows(c));
  for (const [p, v] of Object.entries(c.params)) cm.params[p]!.set(flat(v));
  for (const [b, v] of Object.entries(c.buffers)) cm.buffers![b]!.set(flat(v));
  for (const [n, i] of Object.entries(c.inputs)) cm.inputs[n]!.set(flat(i.value));
  return cm;
}

describe("standard library blocks against PyTorch", () => {
  it("the reference file is float64 and has a case for every library block", () => {
    expect(tables.dtype).toBe("float64");
    const covered = new Set(tables.cases.map((c) => c.block));
    for (const b of libraryBlocks()) expect(covered.has(b), `no PyTorch case for library block \`${b}\``).toBe(true);
  });

  it.each(tables.cases.map((c) => [c.name, c] as const))("%s: interpreter (f64) and generated code (f32)", (_n, c) => {
    const m = lowerModel(caseProgram(c));
    // The block's parameters and buffers are exactly the ones PyTorch's weights were given for.
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id).sort()).toEqual(Object.keys(c.params).sort());
    expect(m.graph.nodes.filter((n) => n.op === "buffer").map((n) => n.id).sort()).toEqual(Object.keys(c.buffers).sort());
    const values = interpret(m.graph, caseFeeds(c), { training: c.training });
    for (const o of m.graph.outputs) expect(maxError(values.get(o.id)!.data, flat(c.outputs[o.name])), `interpreter: ${o.name}`).toBeLessThan(1e-10);
    if (c.training) {
      const next = bufferUpdates(m.graph, values);
      expect(Object.keys(next).sort()).toEqual(Object.keys(c.buffers_after).sort());
      for (const [b, want] of Object.entries(c.buffers_after)) expect(maxError(next[b]!.data, flat(want)), `interpreter: ${b} after the step`).toBeLessThan(1e-10);
    }

    const cm = generated(c);
    const rows = caseRows(c);
    if (c.training) cm.trainStep(rows);
    else cm.forward(rows);
    for (const [o, want] of Object.entries(c.outputs)) {
      const w = flat(want);
      expect(maxError(cm.outputs[o]!.subarray(0, w.length), w), `generated: ${o}`).toBeLessThan(1e-5);
    }
    for (const [b, want] of Object.entries(c.buffers_after)) expect(maxError(cm.buffers![b]!, flat(want)), `generated: ${b} after the step`).toBeLessThan(1e-5);
  });
});
