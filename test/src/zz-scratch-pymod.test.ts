import { it } from "vitest";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { moduleOf } from "./pytorch-support.ts";
it("dump", () => {
  const b = new GraphBuilder(lookupOp, 'my "model"\n');
  const B = { terms: [{ coef: 1, syms: ["B"] }] };
  const span = { file: "x", start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 };
  const x = b.add("input", [], { role: "model", dtype: "f64", shape: [B, 2] }, { name: "lambda", span });
  const ids = ["class", "self.float", "a.0.b", 'q"u\\o\nte', "forward", "train.eval"];
  const params = ids.map((id, i) => b.add(i % 2 === 0 ? "param" : "buffer", [], { dtype: "f64", shape: [2] }, { name: id }));
  let acc = x;
  for (const p of params) acc = b.add("add", [acc, b.add("broadcast", [p], { shape: [B, 2] })], {}, { name: "return", span: { ...span, line: 2 } });
  const out = b.add("mul", [acc, acc], {}, { name: "def" });
  const g = { ...b.finish([{ name: "return", id: acc }, { name: "def", id: out }]), dims: ["B"] };
  console.log(moduleOf(g, ["return", "def"], undefined, 'dir/we"ird\\\nfile """.nn', 'first line \r\u2028 """ \\x\n\u0000second """ line').program);
});
