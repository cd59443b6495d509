import { describe, expect, it } from "vitest";
import type { BlockDecl, TensorTypeExpr } from "./ast.ts";
import { at, parseText } from "./test-helpers.ts";

function block(text: string): BlockDecl {
  const { program, diagnostics } = parseText(text);
  expect(diagnostics).toEqual([]);
  const b = program.items[0];
  if (b?.kind !== "Block") throw new Error("expected a block");
  return b;
}

function tensor(t: BlockDecl["params"][number]["type"] | undefined): TensorTypeExpr {
  if (t?.kind !== "TensorType") throw new Error("expected a tensor type");
  return t;
}

/** `name` of each written dim, `...` first when a leading ellipsis was parsed. */
function shape(t: TensorTypeExpr): string[] {
  const dims = t.dims.map((d) => (d.kind === "DimName" ? d.name : d.kind === "DimNumber" ? String(d.value) : "?"));
  return t.ellipsis === undefined ? dims : ["...", ...dims];
}

/** `code line:column message` of each diagnostic. */
function reports(text: string): string[] {
  return parseText(text).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
}

describe("rank-generic block signatures", () => {
  it("a leading `...` is kept apart from the trailing dims, with its span", () => {
    const b = block("block dense(x: f32[..., I], out: dim) -> f32[..., out] {\n  return x\n}\n");
    const x = tensor(b.params[0]?.type);
    expect(shape(x)).toEqual(["...", "I"]);
    expect(at(x.ellipsis!)).toBe("1:20-1:23");
    expect(x.bracketed).toBe(true);
    expect(b.params[1]?.type.kind).toBe("KindType");
    const ret = b.returnType;
    if (ret.kind !== "TensorType") throw new Error("expected one result type");
    expect(shape(ret)).toEqual(["...", "out"]);
  });

  it("`i32[...]` has no trailing dims; named results and several dims work", () => {
    const b = block("block e(ids: i32[...], w: f32[..., 2, D * 2]) -> (h: f32[..., 3], c: f32[...]) {\n  return (ids, ids)\n}\n");
    expect(shape(tensor(b.params[0]?.type))).toEqual(["..."]);
    expect(shape(tensor(b.params[1]?.type))).toEqual(["...", "2", "?"]);
    if (b.returnType.kind !== "Results") throw new Error("expected named results");
    expect(b.returnType.results.map((r) => shape(r.type))).toEqual([["...", "3"], ["..."]]);
  });

  it("a type without `...` has no ellipsis field (fixed forms unchanged)", () => {
    const b = block("block f(x: f32[B, 4]) -> f32[B, 4] {\n  return x\n}\n");
    expect("ellipsis" in tensor(b.params[0]?.type)).toBe(false);
  });

  it("E0128: `...` after an axis, located, and dropped", () => {
    const { program, diagnostics } = parseText("block f(x: f32[D, ...]) -> f32[D] {\n  return x\n}\n");
    expect(diagnostics.map((d) => `${d.code} ${at(d.span)} ${d.message} / ${d.label ?? ""}`)).toEqual([
      "E0128 1:19-1:22 `...` must be the first item of a shape / after an axis",
    ]);
    expect(diagnostics[0]?.help).toMatch(/f32\[\.\.\., D\]/);
    const b = program.items[0];
    expect(b?.kind === "Block" && shape(tensor(b.params[0]?.type))).toEqual(["D"]);
  });

  it("E0128: two `...` in one type, the first one labelled", () => {
    const { diagnostics } = parseText("block f(x: f32[..., ..., D]) -> f32[..., D] {\n  return x\n}\n");
    expect(diagnostics.map((d) => `${d.code} ${at(d.span)} ${d.message}`)).toEqual(["E0128 1:21-1:24 a type may contain `...` only once"]);
    expect(diagnostics[0]?.labels.map((l) => `${at(l.span)} ${l.message}`)).toEqual(["1:16-1:19 first `...` here"]);
  });

  it("E0128: `...` outside a block's signature, each place named", () => {
    const text = [
      "model M(x: f32[..., 3]) -> (y: f32[B, ...]) {",
      "  param W: f32[..., 2]",
      "  buffer s: f32[...] = zeros()",
      "  y = x",
      "}",
      "train M {",
      "  input t: i32[...]",
      "  loss = mse(y, t)",
      "}",
      "",
    ].join("\n");
    expect(reports(text)).toEqual([
      "E0128 1:16 `...` is not allowed in a model's inputs",
      "E0128 1:39 `...` is not allowed in a model's outputs",
      "E0128 2:16 `...` is not allowed in a `param`",
      "E0128 3:17 `...` is not allowed in a `buffer`",
      "E0128 7:16 `...` is not allowed in a train input",
    ]);
    const { program } = parseText(text);
    const m = program.items[0];
    expect(m?.kind === "Model" && m.inputs.map((s) => shape(s.type))).toEqual([["3"]]);
  });

  it("a param of a block body is not part of the signature", () => {
    expect(reports("block f(x: f32[..., D]) -> f32[..., D] {\n  param g: f32[..., D] = ones()\n  return x * g\n}\n")).toEqual([
      "E0128 2:16 `...` is not allowed in a `param`",
    ]);
  });
});
