import { describe, expect, it } from "vitest";
import { CODES } from "@nnc/diagnostics";
import { checkText } from "./test-helpers.ts";
import { closest, editDistance, unknownFunctionHelp, WELL_KNOWN } from "./suggest.ts";
import { BUILTINS } from "./builtins/table.ts";
import type { BlockDecl } from "@nnc/syntax";
import { LAYER_HINTS, layerHint } from "./layer-hints.ts";
import { librarySignature, standardLibrary } from "./stdlib/library.ts";

describe("suggestions", () => {
  it("edit distance counts single-character edits", () => {
    expect(editDistance("relu", "relu")).toBe(0);
    expect(editDistance("rellu", "relu")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("a transposition of adjacent characters is one edit (optimal string alignment)", () => {
    expect(editDistance("rleu", "relu")).toBe(1);
    expect(editDistance("relu", "rleu")).toBe(1);
    expect(editDistance("sfotmax", "softmax")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("ca", "abc")).toBe(3);
    expect(closest("rleu", ["relu", "tanh", "exp"])).toBe("relu");
    expect(closest("tnah", ["relu", "tanh", "exp"])).toBe("tanh");
  });

  it("a well-known function nnc lacks gets its definition in built-ins, not a near name", () => {
    const builtins = ["relu", "tanh", "sigmoid", "exp", "elu_"];
    // relu6 is one edit from the built-in relu, yet gets its definition, not "did you mean `relu`?".
    expect(unknownFunctionHelp("relu6", builtins)).toBe("`relu6` is not a built-in function; write `minimum(relu(x), 6)`");
    expect(unknownFunctionHelp("selu", builtins)).toMatch(/^`selu` is not a built-in function; write `1\.0507 \* where/);
    expect(unknownFunctionHelp("rleu", builtins)).toBe("did you mean `relu`?");
    expect(unknownFunctionHelp("frobnicate", builtins)).toBeUndefined();
    const r = checkText("dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  y = mish(x)\n}\n");
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([["E0104", "unknown function `mish`", "`mish` is not a built-in function; write `x * tanh(softplus(x))`"]]);
  });

  it("no well-known or layer name is a built-in (its hint could never be shown)", () => {
    const shadowed = [...Object.keys(WELL_KNOWN), ...Object.keys(LAYER_HINTS)].filter((n) => BUILTINS.has(n));
    expect(shadowed).toEqual([]);
  });

  it("every suggested definition is a valid nnc expression", () => {
    for (const [name, [formula]] of Object.entries(WELL_KNOWN)) {
      const src = `dim B\nmodel M(x: f32[B, 2], a: f32[B, 2], b: f32[2], y: f32[B, 2], target: f32[B, 2]) -> (out: f32) {\n  param W: f32[2, 2]\n  lo = -1\n  hi = 1\n  p = 2\n  out = sum(${formula})\n}\n`;
      const r = checkText(src);
      expect([...r.syntax, ...r.diagnostics].map((d) => d.message), `${name}: ${formula}`).toEqual([]);
    }
  });

  it("suggests near names only, deterministically", () => {
    expect(closest("xx", ["x", "W1", "b1"])).toBe("x");
    expect(closest("bb1", ["b1", "b2", "W1"])).toBe("b1");
    expect(closest("optimiser", ["loss", "optimizer", "data"])).toBe("optimizer");
    expect(closest("softmax", ["relu", "tanh"])).toBeUndefined();
    expect(closest("glorot", ["glorot_uniform", "glorot_normal", "zeros"])).toBe("glorot_normal");
    expect(closest("b", ["B"])).toBe("B");
  });
});

describe("layers nnc does not have as built-ins say what to use", () => {
  const builtins = ["relu", "take", "transpose", "concat", "reshape", "gather_nd"];
  const library = standardLibrary().blocks;
  const signature = (block: string): string => librarySignature(library.get(block)!);

  it("a layer the standard library has points at its block, with the signature as written in the library", () => {
    expect(unknownFunctionHelp("LayerNorm", builtins)).toBe(`\`LayerNorm\` is not a built-in function; use the standard library's block \`${signature("layer_norm")}\` (docs/stdlib.md)`);
    expect(signature("layer_norm")).toMatch(/^layer_norm\(x: f32\[.*D\], eps: float = 0\.00001\) -> f32\[.*D\]$/);
    expect(unknownFunctionHelp("Linear", builtins)).toBe(`\`Linear\` is not a built-in function; use the standard library's block \`${signature("dense")}\` (docs/stdlib.md)`);
    expect(unknownFunctionHelp("Dense", builtins)).toContain("the standard library's block `dense(x: f32[");
    expect(unknownFunctionHelp("layernorm", builtins)).toContain("`layer_norm(x: f32[");
    expect(unknownFunctionHelp("Embedding", builtins)).toContain(`the standard library's block \`${signature("embedding")}\``);
  });

  it("recurrent layers name the library's cell and `scan`", () => {
    expect(unknownFunctionHelp("lstm", builtins)).toBe(
      `\`lstm\` is not a built-in function; use the standard library's block \`${signature("lstm_cell")}\`, run over time with \`scan(lstm_cell, xs, init = (h0, c0), axis = 1)\` (docs/stdlib.md)`,
    );
    expect(unknownFunctionHelp("GRUCell", builtins)).toContain("`scan(gru_cell, xs, init = h0, axis = 1)`");
    expect(unknownFunctionHelp("RNN", builtins)).toContain(`\`${signature("rnn_cell")}\``);
    expect(unknownFunctionHelp("BatchNorm1d", builtins)).toContain(`\`${signature("batch_norm")}\``);
    expect(unknownFunctionHelp("BatchNorm2d", builtins)).toContain(`\`${signature("batch_norm2d")}\``);
  });

  it("every hint of the table: the library's block when it has one, else what to write, never both", () => {
    for (const [key, h] of Object.entries(LAYER_HINTS)) {
      const text = layerHint(key)!;
      const block = h.library === undefined ? undefined : library.get(h.library);
      if (block === undefined) expect(text, key).toBe(`\`${key}\` is not a built-in function; use ${h.use}`);
      else expect(text, key).toContain(`use the standard library's block \`${librarySignature(block)}\``);
    }
  });

  it("without the library's block, a hint says what to write instead", () => {
    const none = new Map<string, BlockDecl>();
    expect(layerHint("LayerNorm", none)).toMatch(/^`LayerNorm` is not a built-in function; use `\(x - m\) \/ sqrt/);
    expect(layerHint("lstm", none)).toMatch(/^`lstm` is not a built-in function; use a block for one step .* `scan\(lstm_cell, xs, init = \(h0, c0\), axis = 1\)`$/);
    expect(layerHint("attention", none)).toContain("`softmax(q @ transpose(k, perm = [0, 2, 1]) / sqrt(D)) @ v`");
    expect(layerHint("Linear", none)).toBe("`Linear` is not a built-in function; use `x @ W + b` with `param W` and `param b`");
  });

  it("is looked up case-insensitively and wins over a near built-in name", () => {
    expect(unknownFunctionHelp("gather", builtins)).toMatch(/^`gather` is not a built-in function; use `take\(E, ids\)`.*, or indexing `x\[i\]`$/);
    const r = checkText("dim B\nmodel M(ids: i32[B]) -> (y: f32[B, 4]) {\n  param E: f32[10, 4]\n  y = Embedding(E, ids)\n}\n");
    expect(r.diagnostics.map((d) => [d.code, `${d.span.line}:${d.span.column}`, d.help])).toEqual([["E0104", "4:7", unknownFunctionHelp("Embedding", [])]]);
  });

  it("a library block's own name is not unknown: the call resolves to the library (no hint at all)", () => {
    const r = checkText("dim B\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = layer_norm(x)\n}\n");
    expect([...r.syntax, ...r.diagnostics].map((d) => d.message)).toEqual([]);
  });

  it("a user's block of a layer's name is not unknown (no hint at all)", () => {
    const r = checkText("dim B\nblock lstm(x: f32[N, I]) -> f32[N, I] {\n  param W: f32[I, I]\n  return tanh(x @ W)\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = lstm(x)\n}\n");
    expect([...r.syntax, ...r.diagnostics].map((d) => d.message)).toEqual([]);
  });

  it("every quoted expression checks", () => {
    for (const [name, h] of Object.entries(LAYER_HINTS)) {
      if (h.expr === undefined) continue;
      expect(h.use, name).toContain(`\`${h.expr}\``);
      const sig = "x: f32[B, 4], ids: i32[B], a: f32[B, 4], b: f32[B, 4], q: f32[B, 3, D], k: f32[B, 3, D], v: f32[B, 3, D], logits: f32[B, 4], labels: i32[B]";
      const src = `dim B\ndim D\nmodel M(${sig}) -> (out: f32) {\n  param E: f32[10, 4]\n  param W: f32[4, 4]\n  m = mean(x, axis = -1, keepdims = true)\n  out = sum(${h.expr})\n}\n`;
      const r = checkText(src);
      expect([...r.syntax, ...r.diagnostics].map((d) => d.message), `${name}: ${h.expr}`).toEqual([]);
    }
  });
});

describe("code registry", () => {
  it("every checker code has a title and a long explanation with an example and a fix", () => {
    const codes = Object.keys(CODES).filter((c) => /^E0[1-4]/.test(c));
    expect(codes.length).toBeGreaterThanOrEqual(40);
    for (const c of codes) {
      expect(c).toMatch(/^E0[1-4]\d\d$/);
      const info = CODES[c]!;
      expect(info.title.length).toBeGreaterThan(5);
      expect(info.explanation).toContain("Erroneous example:");
      expect(info.explanation).toContain("How to fix it:");
    }
  });
});
