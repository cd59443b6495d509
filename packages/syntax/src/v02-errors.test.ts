import { describe, expect, it } from "vitest";
import type { ModelDecl } from "./ast.ts";
import { codes, parseText } from "./test-helpers.ts";

const model = (body: string): string => `model M(x: f32[3]) -> (y: f32[3]) {\n${body}\n}\n`;

/** The single diagnostic of `text`: [code, line, column, message], and the whole diagnostic. */
function only(text: string) {
  const { diagnostics } = parseText(text);
  expect(diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toHaveLength(1);
  const d = diagnostics[0]!;
  return { d, head: [d.code, d.span.line, d.span.column, d.message] };
}

describe("v0.2 syntax errors", () => {
  it("E0027: an empty index", () => {
    const { d, head } = only(model("  y = x[]"));
    expect(head).toEqual(["E0027", 2, 8, "an index needs at least one item"]);
    expect(d.span.end - d.span.start).toBe(2);
    expect(d.help).toMatch(/x\[0\]/);
  });

  it("E0028: a slice step, located at the second `:` and the step", () => {
    const { d, head } = only(model("  y = x[1:2:3]"));
    expect(head).toEqual(["E0028", 2, 12, "slices have no step"]);
    expect(d.span.endColumn).toBe(14);
    expect(only(model("  y = x[::2]")).head).toEqual(["E0028", 2, 10, "slices have no step"]);
  });

  it("E0029: two `...` in one index, both located", () => {
    const { d, head } = only(model("  y = x[..., 0, ...]"));
    expect(head).toEqual(["E0029", 2, 17, "an index may contain `...` only once"]);
    expect(d.labels.map((l) => `${l.span.column} ${l.message}`)).toEqual(["9 first `...` here"]);
  });

  it("E0030: a tuple binding with fewer than two names", () => {
    const one = only(model("  (a) = f(x)"));
    expect(one.head).toEqual(["E0030", 2, 3, "a tuple binding needs at least two names, found 1"]);
    expect(one.d.help).toBe("to bind one value, write `a = …` without parentheses");
    expect(only(model("  () = f(x)")).head).toEqual(["E0030", 2, 3, "a tuple binding needs at least two names, found 0"]);
  });

  it("E0031: a tuple binding target that is not a name", () => {
    expect(only(model("  (a, 1) = f(x)")).head).toEqual(["E0031", 2, 7, "each target of a tuple binding must be a name"]);
    expect(only(model("  (a, h.W) = f(x)")).head).toEqual(["E0031", 2, 7, "each target of a tuple binding must be a name"]);
  });

  it("E0032: `next NAME` without `=`", () => {
    const { d, head } = only(model("  next r 0.9 * r\n  y = x"));
    expect(head).toEqual(["E0032", 2, 10, "expected `=` and the next value of buffer `r`, found `0.9`"]);
    expect(d.help).toBe("write `next r = …`");
    expect(only(model("  next r == 1")).d.help).toBe("an update is written with a single `=`");
    // cut off by the end of its line: pointed at the name, not at the next statement
    expect(only(model("  next r\n  y = x")).head).toEqual(["E0032", 2, 8, "expected `=` and the next value of buffer `r`, found the end of the line"]);
  });

  it("E0033: `buffer NAME` without a type", () => {
    const { d, head } = only(model("  buffer r = zeros()\n  y = x"));
    expect(head).toEqual(["E0033", 2, 12, "expected `:` and the type of buffer `r`, found `=`"]);
    expect(d.help).toBe("a buffer is declared with its type: `buffer r: f32[…] = zeros()`");
    expect(only(model("  buffer r\n  y = x")).head).toEqual(["E0033", 2, 10, "expected `:` and the type of buffer `r`, found the end of the line"]);
  });

  it("E0034: a path segment that is not a name or number", () => {
    expect(only(model("  y = h1.(x)")).head).toEqual(["E0034", 2, 10, "expected a name or a whole number after `.`, found `(`"]);
    const kw = only(model("  y = h1.model"));
    expect(kw.head[0]).toBe("E0034");
    expect(kw.d.help).toBe("`model` is a keyword and cannot name a parameter");
  });

  it("E0035: `.` after something that is not a name", () => {
    const call = only(model("  y = dense(x, 4).W"));
    expect(call.head).toEqual(["E0035", 2, 18, "a parameter path must start with a name, not a call"]);
    expect(call.d.labels.map((l) => l.span.column)).toEqual([7]);
    expect(only(model("  y = h1.W[0].b")).head).toEqual(["E0035", 2, 14, "a parameter path must start with a name, not an index"]);
    expect(only(model("  y = (a).b")).head).toEqual(["E0035", 2, 10, "a parameter path must start with a name, not a parenthesized expression"]);
    const num = only(model("  y = 1.W"));
    expect(num.head).toEqual(["E0035", 2, 8, "a parameter path must start with a name, not a number"]);
    expect(num.d.help).toBe("a number needs digits on both sides of its `.`: `0.5`");
  });

  it("E0004: a number with digits on one side of its `.` only", () => {
    expect(only(model("  y = .5 * x")).head).toEqual(["E0004", 2, 7, "malformed number `.5`"]);
    const trailing = only(model("  y = 5. * x"));
    expect(trailing.head).toEqual(["E0004", 2, 7, "malformed number `5.`"]);
    expect(trailing.d.help).toBe("write `5.0` or `5`");
    expect(only(model("  y = .5 * x")).d.help).toBe("write `0.5`");
    // one root cause, one diagnostic: the glued run of dots and digits is reported once
    expect(only(model("  y = 0..9 * x")).head).toEqual(["E0004", 2, 7, "malformed number `0..9`"]);
  });

  it("E0036: block results that are empty or unnamed", () => {
    expect(only("block f(x: f32[N]) -> () {\n  return x\n}").head).toEqual(["E0036", 1, 23, "a block must have at least one result"]);
    const unnamed = only("block f(x: f32[N]) -> (f32[N], f32[N]) {\n  return (x, x)\n}");
    expect(unnamed.head).toEqual(["E0036", 1, 24, "expected a name before the type `f32[…]` in the results of block `f`"]);
  });

  it("E0037: a buffer initializer that is not a call", () => {
    const { d, head } = only(model("  buffer r: f32[3] = zeros"));
    expect(head).toEqual(["E0037", 2, 22, "the initializer of buffer `r` must be a call"]);
    expect(d.help).toBe("call it: `zeros()`");
  });

  it("E0010: `buffer` / `next` statements outside a body", () => {
    const { d, head } = only("next r = 1");
    expect(head).toEqual(["E0010", 1, 1, "expected a declaration (`dim`, `model`, `block` or `train`), found keyword `next`"]);
    expect(d.help).toBe("statements belong inside the body of a `model` or `block`");
  });

  it("E0021: a pipe into an indexed call says that indexing binds tighter", () => {
    const { d, head } = only(model("  y = x |> f()[0]"));
    expect(head[0]).toBe("E0021");
    expect(d.help).toBe("indexing binds tighter than `|>`: to index the result of the pipe, write `(x |> f(…))[…]`");
  });

  it("unclosed index and tuple brackets name what they close", () => {
    expect(only(model("  y = x[0, 1\n  z = x")).head).toEqual(["E0015", 3, 3, "expected `]` to close the index, found `z`"]);
    expect(only(model("  (a, b = f(x)\n  z = x")).head[0]).toBe("E0015");
  });

  it("recovers: several v0.2 errors in one body, each once, good statements kept", () => {
    const result = parseText(
      model(["  a = x[]", "  (b) = f(x)", "  next r 1", "  buffer s = zeros()", "  c = h.(x)", "  d = x[1:2:3]", "  (e, g) = split(x, 2)", "  y = e"].join("\n")),
    );
    expect(codes(result)).toEqual(["E0027 2:8", "E0030 3:3", "E0032 4:10", "E0033 5:12", "E0034 6:9", "E0028 7:12"]);
    const m = result.program.items[0] as ModelDecl;
    expect(m.body.map((s) => s.kind)).toEqual(["TupleBinding", "Binding"]);
  });
});
