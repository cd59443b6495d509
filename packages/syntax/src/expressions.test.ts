import { describe, expect, it } from "vitest";
import type { BindingStmt, Expr, ModelDecl } from "./ast.ts";
import { at, parseText, show } from "./test-helpers.ts";

function expr(source: string): Expr {
  const result = parseText(`model M(x: f32) -> (y: f32) {\n  y = ${source}\n}`);
  expect(result.diagnostics).toEqual([]);
  const model = result.program.items[0] as ModelDecl;
  return (model.body[0] as BindingStmt).value;
}

describe("expressions", () => {
  it.each([
    ["a + b * c", "(a + (b * c))"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b * c @ d", "(((a / b) * c) @ d)"],
    ["a ^ b ^ c", "(a ^ (b ^ c))"],
    ["-a ^ b", "(-(a ^ b))"],
    ["a ^ -b ^ c", "(a ^ (-(b ^ c)))"],
    ["-a * b", "((-a) * b)"],
    ["- - a", "(-(-a))"],
    ["a + b < c * d", "((a + b) < (c * d))"],
    ["a == b != c", "((a == b) != c)"],
    ["a <= b", "(a <= b)"],
    ["(a + b) * c", "((a + b) * c)"],
    ["x |> f", "|f(x)"],
    ["x |> f(k = v)", "|f(x, k=v)"],
    ["x |> f(a) |> g", "|g(|f(x, a))"],
    ["a + b |> f", "|f((a + b))"],
    ["x |> (f)", "|f(x)"],
    ["f(a, b, k = 1, m = [1, 2])", "f(a, b, k=1, m=[1, 2])"],
    ["softmax(x, axis = -1)", "softmax(x, axis=(-1))"],
    ["[]", "[]"],
    ['load("a\\"b\\\\c")', 'load("a\\"b\\\\c")'],
  ])("%s", (source, expected) => {
    expect(show(expr(source))).toBe(expected);
  });

  it("string escapes are resolved in the value", () => {
    expect(expr('"a\\"b\\\\c"')).toMatchObject({ kind: "String", value: 'a"b\\c' });
  });

  it("numbers keep their text; 1e999 is Infinity, left to the checker", () => {
    expect(expr("2.5E+4")).toMatchObject({ kind: "Number", value: 25000, raw: "2.5E+4", isInteger: false });
    expect(expr("1e-3")).toMatchObject({ value: 0.001, isInteger: false });
    expect(expr("3")).toMatchObject({ value: 3, isInteger: true });
    expect(expr("1e999")).toMatchObject({ value: Infinity, raw: "1e999" });
  });

  it("spans: parentheses belong to the expression they enclose", () => {
    const e = expr("(a + b) * c");
    expect(at(e.span)).toBe("2:7-2:18");
    if (e.kind !== "Binary") throw new Error("binary expected");
    expect(at(e.left.span)).toBe("2:7-2:14");
    expect(at(e.opSpan)).toBe("2:15-2:16");
  });

  it("spans: unary minus and pipe", () => {
    expect(at(expr("-a ^ b").span)).toBe("2:7-2:13");
    expect(at(expr("x |> f(k = v)").span)).toBe("2:7-2:20");
  });

  it("an expression may continue on the next line", () => {
    const result = parseText("model M(x: f32) -> (y: f32) {\n  y = x +\n      x\n  z = relu(\n    x)\n}");
    expect(result.diagnostics).toEqual([]);
    expect((result.program.items[0] as ModelDecl).body.length).toBe(2);
  });
});
