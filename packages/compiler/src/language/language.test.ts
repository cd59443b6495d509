/** The language service on small programs: each answer compared with what the program says. */
import { describe, expect, test } from "vitest";
import { analyzeDocument, complete, definition, documentSymbols, editorDiagnostics, hover, prepareRename, references, rename, signatureHelp } from "../index.ts";

const SRC = `## Batch size.
dim B
## A dense layer with a ReLU.
block layer(x: f32[N, I], out: dim) -> f32[N, out] {
  param W: f32[I, out] = he_uniform()
  t = x @ W
  return relu(t)
}
model M(x: f32[B, 2]) -> (y: f32[B, 4]) {
  h = layer(x, out = 3)
  z = dense(h, out = 4)
  y = z
}
`;
const a = analyzeDocument("m.nn", SRC);
/** Offset of the k-th occurrence of `s`, plus `shift`. */
const at = (s: string, k = 0, shift = 0): number => {
  let i = -1;
  for (let j = 0; j <= k; j++) i = SRC.indexOf(s, i + 1);
  return i + shift;
};

describe("language service", () => {
  test("the program checks cleanly", () => {
    expect(editorDiagnostics(a)).toEqual([]);
  });

  test("hover: shapes per call inside a block, aliases, library blocks, doc comments", () => {
    expect(hover(a, at("t = x"))?.markdown).toBe("```nnc\nt\n```\n\nIn block `layer`; shapes at each call:\n\n```nnc\nh.t: f32[B, 3]\n```");
    // `y = z` has no node of its own: the output names z's.
    expect(hover(a, at("y = z"))?.markdown).toBe("```nnc\ny: f32[B, 4]\n```");
    expect(hover(a, at("h = layer"))?.markdown).toBe("```nnc\nh: f32[B, 3]\n```");
    expect(hover(a, at("dense("))?.markdown).toMatch(/^```nnc\ndense\(x: f32\[\.\.\., I\], out: dim\) -> f32\[\.\.\., out\]\n```\n\n/);
    expect(hover(a, at("B\n"))?.markdown).toBe("```nnc\ndim B\n```\n\nBatch size.");
    expect(hover(a, at("layer(x, out"))?.markdown).toBe("```nnc\nblock layer(x: f32[N, I], out: dim) -> f32[N, out]\n```\n\nA dense layer with a ReLU.");
    expect(hover(a, at("N, I]"))?.markdown).toBe("```nnc\ndim N\n```\n\nnamed by the signature of block `layer`: bound at each call");
  });

  test("definition and references follow scopes", () => {
    expect(definition(a, at("t)"))?.start).toBe(at("t = x"));
    expect(definition(a, at("out = 3"))?.start).toBe(at("out: dim"));
    expect(definition(a, at("dense("))).toBeUndefined();
    // `x` of the model and `x` of the block are different names.
    expect(references(a, at("x: f32[B")).map((s) => s.start)).toEqual([at("x: f32[B"), at("x, out = 3")]);
  });

  test("rename: every reference, refusals with reasons", () => {
    const r = rename(a, at("h = layer"), "hid");
    expect(r.ok && r.edits.map((e) => e.span.start)).toEqual([at("h = layer"), at("h, out = 4")]);
    expect(rename(a, at("h = layer"), "z")).toEqual({ ok: false, reason: "`z` is already declared at line 11" });
    expect(rename(a, at("h = layer"), "model")).toEqual({ ok: false, reason: "`model` is not a name (letters, digits and _, not a keyword)" });
    expect(prepareRename(a, at("dense("))).toEqual({ ok: false, reason: "`dense` is a standard-library block; only names declared in this file can be renamed" });
    expect(prepareRename(a, at("relu("))).toEqual({ ok: false, reason: "`relu` is a built-in function; only names declared in this file can be renamed" });
  });

  test("completion sees the body it is in", () => {
    // Right after `relu(`: the block's own names and dims, the file's dims and blocks; never the model's.
    const inBlock = complete(a, at("relu(t)", 0, 5)).filter((c) => !["builtin", "library", "form"].includes(c.kind));
    expect(inBlock.map((c) => c.label)).toEqual(["B", "layer", "N", "I", "x", "out", "W", "t"]);
    expect(complete(a, at("relu(t)", 0, 6)).map((c) => c.label).slice(0, 3)).toEqual(["t", "tanh", "transpose"]);
    const inModel = complete(a, at("y = z", 0, 4));
    expect(inModel.find((c) => c.label === "z")?.detail).toBe("f32[B, 4]");
    expect(inModel.some((c) => c.label === "W" || c.label === "t")).toBe(false);
    const all = complete(a, at("y = z", 0, 4) - 1);
    expect(["h", "relu", "layer_norm", "scan"].map((l) => all.find((c) => c.label === l)?.kind)).toEqual(["value", "builtin", "library", "form"]);
  });

  test("signature help: positional and named parameters", () => {
    expect(signatureHelp(a, at("x, out = 3", 0, 9))).toEqual({ signature: { label: "layer(x: f32[N, I], out: dim) -> f32[N, out]", params: ["x: f32[N, I]", "out: dim"], doc: "A dense layer with a ReLU." }, activeParameter: 1 });
    expect(signatureHelp(a, at("h, out = 4"))?.activeParameter).toBe(0);
    expect(signatureHelp(a, at("h, out = 4"))?.signature.label).toMatch(/^dense\(/);
    expect(signatureHelp(a, at("y = z"))).toBeUndefined();
  });

  test("document symbols nest a body's declarations", () => {
    expect(documentSymbols(a).map((s) => [s.name, s.kind, s.children.map((c) => c.name)])).toEqual([
      ["B", "dim", []],
      ["layer", "block", ["x", "out", "W", "t"]],
      ["M", "model", ["x", "h", "z", "y"]],
    ]);
  });

  test("diagnostics carry labels, notes and help as related information", () => {
    const bad = analyzeDocument("bad.nn", "dim B\ndim B\n");
    const d = editorDiagnostics(bad);
    expect(d.map((x) => [x.code, x.severity, x.span.line, x.span.column])).toEqual([["E0110", "error", 2, 5]]);
    expect(d[0]?.related.map((r) => [r.span.line, r.message])).toEqual([[1, "first declared here"]]);
  });

  test("a file with errors still resolves names; shapes wait for a clean check", () => {
    const broken = SRC.replace("y = z", "y = zz");
    const b = analyzeDocument("m.nn", broken);
    expect(editorDiagnostics(b).map((d) => d.code)).toContain("E0101");
    const hOffset = broken.indexOf("h = layer");
    expect(hover(b, hOffset)?.markdown).toBe("```nnc\nh\n```\n\n(its type is inferred once the file has no errors)");
    expect(definition(b, broken.indexOf("h, out = 4"))?.start).toBe(hOffset);
    // Given the previous (clean) version, a model's names keep their last shapes, marked; a block's do not.
    const c = analyzeDocument("m.nn", broken, a);
    expect(hover(c, hOffset)?.markdown).toBe("```nnc\nh: f32[B, 3]\n```\n\n(as of the last version without errors)");
    expect(hover(analyzeDocument("m.nn", broken + "\n", c), hOffset)?.markdown).toBe("```nnc\nh: f32[B, 3]\n```\n\n(as of the last version without errors)");
    expect(hover(c, broken.indexOf("t = x"))?.markdown).toBe("```nnc\nt\n```\n\n(shapes are inferred at each call of the block once the file has no errors)");
  });
});
