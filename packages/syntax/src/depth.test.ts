import { describe, expect, it } from "vitest";
import type { BindingStmt, ModelDecl } from "./ast.ts";
import { MAX_EXPR_DEPTH } from "./depth.ts";
import { codes, parseText } from "./test-helpers.ts";

const model = (expr: string): string => `model M(x: f32) -> (y: f32) {\n  y = ${expr}\n  z = x\n}\n`;

/** The bindings kept in the body of the first model. */
function kept(text: string): string[] {
  const body = (parseText(text).program.items[0] as ModelDecl).body;
  return body.map((s) => (s as BindingStmt).name.name);
}

describe(`expression nesting is limited to ${MAX_EXPR_DEPTH} levels (E0026)`, () => {
  it.each([
    ["unary minus", (n: number) => "-".repeat(n) + "x", 5000],
    ["right-nested ^", (n: number) => "x" + " ^ x".repeat(n), 50000],
    ["|> stages", (n: number) => "x" + " |> relu".repeat(n), 50000],
  ])("%s: exactly the limit parses; far beyond it is one E0026 at level 501, the statement left out", (_name, expr, many) => {
    expect(parseText(model(expr(MAX_EXPR_DEPTH - 1))).diagnostics).toEqual([]);
    const text = model(expr(many));
    const r = parseText(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0026"]);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe(`expression nested more than ${MAX_EXPR_DEPTH} levels deep`);
    expect(d.label).toBe(`level ${MAX_EXPR_DEPTH + 1} starts here`);
    // The span is the deep part: inside line 2, ending at or before the expression's end.
    expect(d.span.line).toBe(2);
    expect(d.span.end).toBeLessThanOrEqual(text.indexOf("\n  z"));
    expect(kept(text)).toEqual(["z"]);
  });

  it("the deep part of 5,000 minus signs starts at minus number 501", () => {
    // `  y = ` is 6 columns; minus k (1-based) is at column 6 + k; the operand of minus 500 is level 501.
    expect(codes(parseText(model("-".repeat(5000) + "x")))).toEqual([`E0026 2:${6 + 501}`]);
  });

  it("a left-nested chain adds no level, however long", () => {
    expect(parseText(model("x" + " + x".repeat(50000))).diagnostics).toEqual([]);
  });

  it("dimension expressions: 50,000 terms is one E0026 in the type", () => {
    const text = `model M(x: f32[${Array(50000).fill("1").join("+")}]) -> (y: f32[3]) {\n  y = x\n}\n`;
    const r = parseText(text);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([`E0026 dimension expression nested more than ${MAX_EXPR_DEPTH} levels deep`]);
  });

  it("in a param initializer, a train setting and a block default too", () => {
    const deep = "-".repeat(1000) + "1";
    const text = `block b(x: f32[3], a: float = ${deep}) -> f32[3] {\n  return x\n}\nmodel M(x: f32[3]) -> (y: f32[3]) {\n  param w: f32[3] = constant(${deep})\n  y = x\n}\ntrain M {\n  loss = mean(y)\n  batch = ${deep}\n}\n`;
    expect(parseText(text).diagnostics.map((d) => `${d.code} ${d.span.line}`)).toEqual(["E0026 1", "E0026 5", "E0026 10"]);
  });
});
