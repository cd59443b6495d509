import { describe, expect, it } from "vitest";
import { InternalCompilerError } from "@nnc/diagnostics";
import { isParseError, parseGraph, type Graph } from "@nnc/ir";
import { lookupOp, type OpLookup } from "@nnc/ops";
import { runPipeline } from "./pipeline.ts";

function graph(): Graph {
  const g = parseGraph(`graph G {
  input x: f32[2] {role="model"}
  y: f32[2] = neg(x)
  return y
}
`);
  if (isParseError(g)) throw new Error(g.error);
  return g;
}

/** The op table, except that `neg`'s type rule rejects every use: any graph holding a neg fails verification. */
const brokenNeg: OpLookup = (op) => {
  const def = lookupOp(op);
  return def === undefined || op !== "neg" ? def : { ...def, type: () => ({ error: "neg rejected by this test's table" }) };
};

describe("runPipeline's verification", () => {
  it("after every pass names the first pass whose output fails", () => {
    expect(() => runPipeline(graph(), ["fold", "dce"], { lookup: brokenNeg, verify: true })).toThrow(new InternalCompilerError("after pass fold: node 1 (y): neg: neg rejected by this test's table"));
  });

  it('with "end" verifies once, after the last pass, naming the passes run', () => {
    expect(() => runPipeline(graph(), ["fold", "dce"], { lookup: brokenNeg, verify: "end" })).toThrow(new InternalCompilerError("after the passes fold, dce: node 1 (y): neg: neg rejected by this test's table"));
  });

  it("without verification returns the graph unchecked, and verifies nothing when no pass runs", () => {
    expect(runPipeline(graph(), ["fold", "dce"], { lookup: brokenNeg }).nodes.map((n) => n.op)).toEqual(["input", "neg"]);
    expect(runPipeline(graph(), [], { lookup: brokenNeg, verify: "end" }).nodes.map((n) => n.op)).toEqual(["input", "neg"]);
  });
});
