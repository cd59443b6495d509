// The grammar on the forms the examples do not show, each checked against the scopes a reader expects.
import { beforeAll, describe, expect, it } from "vitest";
import type { IGrammar } from "vscode-textmate";
import { loadNnGrammar, tokenize } from "./textmate.ts";

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadNnGrammar();
});

/** `[text, innermost scope]` for every token of `source`. */
function scopes(source: string): [string, string][] {
  return tokenize(grammar, source).map((t) => [t.text, t.scopes.at(-1) ?? "(none)"]);
}

/** The innermost scope of the first token whose text is `text` (after `skip` earlier ones). */
function scopeOf(source: string, text: string, skip = 0): string | undefined {
  return scopes(source).filter(([t]) => t === text)[skip]?.[1];
}

const body = (stmt: string): string => `model M(x: f32[3]) -> (y: f32[3]) {\n  ${stmt}\n}\n`;

describe("the grammar's forms", () => {
  it("reads buffer/next as keywords only when a name follows on the line, as the lexer does", () => {
    expect(scopeOf(body("buffer run: f32[3] = zeros()"), "buffer")).toBe("keyword.other.buffer.nn");
    expect(scopeOf(body("buffer run: f32[3] = zeros()"), "run")).toBe("entity.name.variable.buffer.nn");
    expect(scopeOf(body("next run = 0.9 * run"), "next")).toBe("keyword.other.next.nn");
    expect(scopeOf(body("next = x"), "next")).toBe("variable.other.definition.nn");
    expect(scopeOf(body("y = next + buffer"), "next")).toBe("variable.other.nn");
    expect(scopeOf(body("y = next + buffer"), "buffer")).toBe("variable.other.nn");
  });

  it("separates doc comments, comments and the backticked code inside doc comments", () => {
    expect(scopes("## uses `dense(x)` here\n# plain `x`\n")).toEqual([
      ["##", "punctuation.definition.comment.nn"],
      [" uses ", "comment.line.double-number-sign.documentation.nn"],
      ["`dense(x)`", "markup.inline.raw.nn"],
      [" here", "comment.line.double-number-sign.documentation.nn"],
      ["#", "punctuation.definition.comment.nn"],
      [" plain `x`", "comment.line.number-sign.nn"],
    ]);
  });

  it("knows the two escapes of a string and marks any other, and ends an unclosed string at its line", () => {
    expect(scopes('data = csv("a\\"b\\\\c\\n.csv")').filter(([, s]) => s.includes("escape"))).toEqual([
      ['\\"', "constant.character.escape.nn"],
      ["\\\\", "constant.character.escape.nn"],
      ["\\n", "invalid.illegal.escape.nn"],
    ]);
    expect(scopeOf('y = "open\nz = 1\n', "z")).toBe("variable.other.definition.nn");
  });

  it("reads numbers as the lexer does, and digits after a name's dot as a path segment", () => {
    const s = body("y = 1e-3 * 2.5E+4 + 0.5 - 3 + y.0.attn.Wq");
    expect(scopeOf(s, "1e-3")).toBe("constant.numeric.float.nn");
    expect(scopeOf(s, "2.5E+4")).toBe("constant.numeric.float.nn");
    expect(scopeOf(s, "0.5")).toBe("constant.numeric.float.nn");
    expect(scopeOf(s, "3", 1)).toBe("constant.numeric.integer.nn");
    expect(scopes(s).slice(-8, -1)).toEqual([
      ["y", "variable.other.nn"],
      [".", "punctuation.accessor.nn"],
      ["0", "variable.other.member.nn"],
      [".", "punctuation.accessor.nn"],
      ["attn", "variable.other.member.nn"],
      [".", "punctuation.accessor.nn"],
      ["Wq", "variable.other.member.nn"],
    ]);
  });

  it("scopes shapes: element types, dims, dim arithmetic and a rank-generic `...`", () => {
    const s = "block f(x: f32[..., 2 * D], k: dim, flag: bool = true, n: int = 3) -> f64[D] {\n  return x\n}\n";
    expect(scopeOf(s, "...")).toBe("keyword.operator.ellipsis.nn");
    expect(scopeOf(s, "D")).toBe("entity.name.type.dim.nn");
    expect(scopeOf(s, "*")).toBe("keyword.operator.arithmetic.nn");
    expect(scopeOf(s, "dim")).toBe("keyword.other.dim.nn");
    expect(scopeOf(s, "bool")).toBe("storage.type.primitive.nn");
    expect(scopeOf(s, "int")).toBe("storage.type.primitive.nn");
    expect(scopeOf(s, "f64")).toBe("storage.type.primitive.nn");
    expect(scopeOf(s, "true")).toBe("constant.language.boolean.nn");
    expect(scopeOf(s, "return")).toBe("keyword.other.return.nn");
    expect(scopeOf(s, "flag")).toBe("variable.parameter.nn");
  });

  it("scopes indexing, slicing, lists, tuples, pipes and comparisons", () => {
    const s = body("(q, k) = split(x[..., 0:2], [1, 1], axis = -1) |> f(k = 1) y = a <= b");
    expect(scopeOf(s, "q")).toBe("variable.other.definition.nn");
    expect(scopeOf(s, "k")).toBe("variable.other.definition.nn");
    expect(scopeOf(s, ":", 2)).toBe("keyword.operator.slice.nn");
    expect(scopeOf(s, "...")).toBe("keyword.operator.ellipsis.nn");
    expect(scopeOf(s, "axis")).toBe("variable.parameter.named.nn");
    expect(scopeOf(s, "k", 1)).toBe("variable.parameter.named.nn");
    expect(scopeOf(s, "|>")).toBe("keyword.operator.pipe.nn");
    expect(scopeOf(s, "f")).toBe("entity.name.function.call.nn");
    expect(scopeOf(s, "<=")).toBe("keyword.operator.comparison.nn");
  });

  it("names the block a scan or repeat applies, and the train section's vocabulary", () => {
    expect(scopeOf(body("h = x |> repeat(my_layer, times = 2)"), "my_layer")).toBe("entity.name.function.block.nn");
    expect(scopeOf(body("h = scan(gru_cell, x, init = x)"), "gru_cell")).toBe("support.function.library.nn");
    const t = "train M {\n  schedule = constant()\n  clip = global_norm(1.0)\n  metrics = [accuracy, top_k(5)]\n  data = spirals(n = 200)\n}\n";
    expect(scopeOf(t, "schedule")).toBe("support.type.property-name.train.nn");
    expect(scopeOf(t, "constant")).toBe("support.function.schedule.nn");
    expect(scopeOf(body("param W: f32[3] = constant(1)"), "constant")).toBe("support.function.initializer.nn");
    expect(scopeOf(t, "global_norm")).toBe("support.function.clip.nn");
    expect(scopeOf(t, "accuracy")).toBe("support.constant.metric.nn");
    expect(scopeOf(t, "top_k")).toBe("support.function.metric.nn");
    expect(scopeOf(t, "spirals")).toBe("support.function.data-source.nn");
    expect(scopeOf(t, "n")).toBe("variable.parameter.named.nn");
  });

  it("marks characters the lexer rejects (E0001)", () => {
    expect(scopeOf(body("y = x × 2"), "×")).toBe("invalid.illegal.character.nn");
    expect(scopeOf(body("y = x; z = 1"), ";")).toBe("invalid.illegal.character.nn");
  });
});
