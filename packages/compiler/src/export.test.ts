import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isParseError, parseGraph } from "@nnc/ir";
import { exportOnnx, unsupportedDiagnostics } from "./export.ts";
import { checkpointValues, initialValues } from "./export-values.ts";
import { compile } from "./compile.ts";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const spirals = readFileSync(join(examples, "spirals.nn"), "utf8");

describe("exportOnnx: the driver of `nnc export`", () => {
  it("exports the model's outputs from the seeded initial values of the train section's seed", () => {
    const r = exportOnnx(spirals, { fileName: "spirals.nn", version: "test" });
    expect(r.diagnostics).toEqual([]);
    expect(r.seed).toBe(7);
    expect(r.onnx?.outputs.map((o) => o.name)).toEqual(["logits"]);
    expect(r.onnx?.inputs.map((i) => [i.name, i.shape])).toEqual([["x", ["B", 2]]]);
  });

  it("initial values are interp's initParams: the same per-id streams as the generated class (seed, id)", () => {
    const graph = compile(spirals, { fileName: "s.nn", generate: "none" }).model!.graph;
    const a = initialValues(graph, 7);
    expect([...a.keys()]).toEqual(["W1", "b1", "W2", "b2", "W3", "b3"]);
    expect(Array.from(a.get("W1")!.data)).not.toEqual(Array.from(initialValues(graph, 8).get("W1")!.data));
    expect(Array.from(a.get("b1")!.data)).toEqual(new Array<number>(16).fill(0));
  });

  it("E0702 for --train-step without a train section, at the model", () => {
    const matvec = readFileSync(join(examples, "matvec.nn"), "utf8");
    const r = exportOnnx(matvec, { fileName: "m.nn", trainStep: true, version: "test" });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([["E0702", "`--train-step` exports the training step, but model `MatVec` has no train section"]]);
    expect(r.onnx).toBeUndefined();
  });
});

describe("checkpointValues", () => {
  const graph = compile(spirals, { fileName: "s.nn", generate: "none" }).model!.graph;
  const span = { file: "s.nn", start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const tensors = [...initialValues(graph, 1)].map(([name, t]) => ({ name, group: "param", shape: t.shape, data: t.data }));

  it("takes a fitting checkpoint's params by id", () => {
    const fit = checkpointValues(graph, "Spiral", { path: "c.ckpt", model: "Spiral", tensors }, span);
    expect("values" in fit && [...fit.values.keys()]).toEqual(["W1", "b1", "W2", "b2", "W3", "b3"]);
  });

  it("E0641 lists what does not fit, as `nnc predict` does", () => {
    const wrong = tensors.map((t) => (t.name === "W1" ? { ...t, shape: [3, 16] } : t)).filter((t) => t.name !== "b3");
    const fit = checkpointValues(graph, "Spiral", { path: "c.ckpt", model: "Other", tensors: [...wrong, { name: "Z", group: "param", shape: [1], data: [0] }] }, span);
    expect("diagnostic" in fit && [fit.diagnostic.code, fit.diagnostic.message]).toEqual([
      "E0641",
      "the checkpoint `c.ckpt` does not fit model `Spiral`: it was saved from model `Other`, not `Spiral`; parameter `W1` has shape [3, 16] in the checkpoint, but [2, 16] in the model; parameter `b3` is missing; the checkpoint has parameter `Z`, which the model lacks",
    ]);
  });
});

describe("unsupportedDiagnostics", () => {
  const g = parseGraph("graph g {\n  input a: f32[2]\n  param training: f32[2] = zeros()\n  b: f32[2] = exp(a)\n  c: f32[2] = exp(b)\n  return c\n}");
  if (isParseError(g)) throw new Error(g.error);
  const [p, b, c] = [g.nodes[1]!, g.nodes[2]!, g.nodes[3]!];
  const src = compile(spirals, { fileName: "s.nn", checkOnly: true }).source;

  it("one E0700 (ONNX) or E0701 (PyTorch) per (op, reason) at its first node, the rule's reason as help", () => {
    const at = src.span(10, 14);
    const ds = unsupportedDiagnostics([{ kind: "op", op: "exp", node: { ...b, span: at }, reason: "why" }, { kind: "op", op: "exp", node: c, reason: "why" }], "ONNX", src);
    expect(ds.map((d) => [d.code, d.message, d.help, d.span.start, d.notes])).toEqual([["E0700", "`exp` has no counterpart in ONNX", "why", 10, ["the graph has 2 `exp` nodes with this problem; this is the first"]]]);
    expect(unsupportedDiagnostics([{ op: "exp", node: c, reason: "r" }], "PyTorch", src).map((d) => [d.code, d.message])).toEqual([["E0701", "`exp` has no counterpart in PyTorch"]]);
    // The same op failing for another reason is a second diagnostic, not hidden behind the first.
    expect(unsupportedDiagnostics([{ kind: "op", op: "exp", node: b, reason: "r1" }, { kind: "dim", op: "exp", node: c, reason: "r2" }], "ONNX", src).map((d) => d.help)).toEqual(["r1", "r2"]);
  });

  it("words the headline from the kind: a reserved name, a dim no input carries", () => {
    const ds = unsupportedDiagnostics(
      [
        { kind: "name", op: "param", node: p, reason: "torch.nn.Module uses `training` itself" },
        { kind: "name", op: "param", node: p, reason: "x", name: "self" },
        { kind: "dim", op: "exp", node: c, reason: "no input has S" },
      ],
      "PyTorch",
      src,
    );
    expect(ds.map((d) => d.message)).toEqual([
      "the name `training` is reserved by PyTorch",
      "the name `self` is reserved by PyTorch",
      "`exp` needs a dim that cannot be read from any input",
    ]);
  });
});
