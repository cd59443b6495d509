/**
 * Generated take / scatter_add kernels on bad ids: a RangeError naming the op and the id, thrown
 * before any row is read or written (never a clamp, never a read outside the table) — also where the
 * arrays live in the kernels' memory and the WebAssembly lookup runs first.
 */
import { describe, expect, it } from "vitest";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { generateFrom, loadClass, sym, type Generated } from "./test-harness.ts";

const B = sym("B");

function build(op: "take" | "scatter_add"): Generated {
  const b = new GraphBuilder(lookupOp, "T", {}, ["B"]);
  const ids = b.add("input", [], { role: "model", dtype: "i32", shape: [B] }, { name: "ids" });
  let y: string;
  if (op === "take") {
    const table = b.add("input", [], { role: "model", dtype: "f32", shape: [4, 2] }, { name: "table" });
    y = b.add("take", [table, ids], {}, { name: "y" });
  } else {
    const upd = b.add("input", [], { role: "model", dtype: "f32", shape: [B, 2] }, { name: "upd" });
    y = b.add("scatter_add", [ids, upd], { rows: 4 }, { name: "y" });
  }
  const graph = b.finish([{ name: "y", id: y }]);
  const gen = generateFrom({ model: { name: "T", graph }, grad: null, optimizer: null, dtype: "f32", target: "js", source: { file: "t.nn" } });
  return new (loadClass(gen.code, gen.className))(4);
}

describe("generated lookups", () => {
  it("take copies rows and scatter_add sums them for good ids", () => {
    const t = build("take");
    t.inputs.table!.set([1, 2, 3, 4, 5, 6, 7, 8]);
    t.inputs.ids!.set([3, 0, 3]);
    t.forward(3);
    expect(Array.from(t.outputs.y!.subarray(0, 6))).toEqual([7, 8, 1, 2, 7, 8]);
    const s = build("scatter_add");
    s.inputs.ids!.set([3, 0, 3]);
    s.inputs.upd!.set([1, 2, 3, 4, 5, 6]);
    s.forward(3);
    expect(Array.from(s.outputs.y!.subarray(0, 8))).toEqual([3, 4, 0, 0, 0, 0, 6, 8]);
  });

  it.each([
    ["take", 4],
    ["take", -1],
    ["scatter_add", 4],
    ["scatter_add", -2],
  ] as const)("%s with id %d throws a RangeError naming the op and the id", (op, bad) => {
    const m = build(op);
    // The ids share the kernels' memory: the WebAssembly lookup runs first, declines, and the loop throws.
    expect(m.inputs.ids!.buffer).toBe(m.outputs.y!.buffer);
    m.inputs.ids!.set([0, bad]);
    const run = () => {
      m.forward(2);
    };
    expect(run).toThrow(RangeError);
    expect(run).toThrow(`${op}: id ${bad} is out of range: ids must be whole numbers in [0, 4) for a table of 4 rows`);
  });
});
