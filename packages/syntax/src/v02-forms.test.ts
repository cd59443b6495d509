import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import type { BindingStmt, BlockDecl, BufferStmt, Expr, ModelDecl, NextStmt, Stmt, TupleBindingStmt } from "./ast.ts";
import { lex } from "./lex.ts";
import { at, parseText, show } from "./test-helpers.ts";

function body(text: string): readonly Stmt[] {
  const result = parseText(`model M(x: f32) -> (y: f32) {\n${text}\n}`);
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return (result.program.items[0] as ModelDecl).body;
}

function expr(source: string): Expr {
  return (body(`  y = ${source}`)[0] as BindingStmt).value;
}

const kinds = (text: string): string[] => lex(new SourceFile("t.nn", text)).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe("v0.2 expressions", () => {
  it.each([
    ["x[0]", "x[0]"],
    ["hs[:, -1]", "hs[:, (-1)]"],
    ["x[..., 0:2]", "x[..., 0:2]"],
    ["x[1:T-1]", "x[1:(T - 1)]"],
    ["x[:3, 2:, :]", "x[:3, 2:, :]"],
    ["f(x)[0]", "f(x)[0]"],
    ["h1.W[0]", "h1.W[0]"],
    ["x[0][1]", "x[0][1]"],
    ["(a + b)[0]", "(a + b)[0]"],
    ["[1, 2]", "[1, 2]"],
    ["[1, 2][0]", "[1, 2][0]"],
    ["-x[0]", "(-x[0])"],
    ["a.b[1] ^ 2", "(a.b[1] ^ 2)"],
    ["x[0] ^ -y[1]", "(x[0] ^ (-y[1]))"],
    ["2 * x[i + 1]", "(2 * x[(i + 1)])"],
    ["x[-1:]", "x[(-1):]"],
    ["(a, b)", "(a, b)"],
    ["(a, (b, c), d + 1)", "(a, (b, c), (d + 1))"],
    ["(a)", "a"],
    ["h1.W", "h1.W"],
    ["y.0.attn.Wq", "y.0.attn.Wq"],
    ["y.0.1.W", "y.0.1.W"],
    ["1e-4 * sum(h1.W ^ 2)", "(1e-4 * sum((h1.W ^ 2)))"],
    ["x.next.buffer", "x.next.buffer"],
    ["scan(cell, xs, init = (h0, c0), axis = 1)", "scan(cell, xs, init=(h0, c0), axis=1)"],
    ["scan(rnn_cell, xs, init = h0, axis = 1)", "scan(rnn_cell, xs, init=h0, axis=1)"],
    ["x |> repeat(transformer_block, times = 4, heads = 4)", "|repeat(x, transformer_block, times=4, heads=4)"],
    ["where(training, m, mean_run)", "where(training, m, mean_run)"],
    ["next + buffer", "(next + buffer)"],
    ["0.5 + 1e-3 + 2.5E+4", "((0.5 + 1e-3) + 2.5E+4)"],
  ])("%s", (source, expected) => {
    expect(show(expr(source))).toBe(expected);
  });

  it("index items: kinds, omitted bounds and spans", () => {
    const e = expr("hs[:, -1, 1:, ...]");
    expect(e.kind).toBe("Index");
    if (e.kind !== "Index") return;
    expect(at(e.span)).toBe("2:7-2:25");
    expect(at(e.target.span)).toBe("2:7-2:9");
    expect(e.items.map((i) => i.kind)).toEqual(["Slice", "IndexAt", "Slice", "Ellipsis"]);
    expect(e.items[0]).toMatchObject({ start: null, end: null });
    expect(e.items[2]).toMatchObject({ start: { kind: "Number", raw: "1" }, end: null });
    expect(e.items.map((i) => at(i.span))).toEqual(["2:10-2:11", "2:13-2:15", "2:17-2:19", "2:21-2:24"]);
  });

  it("a path keeps its head and segments with their spans; a numeric segment is an Ident of digits", () => {
    const e = expr("y.0.attn.Wq");
    expect(e).toMatchObject({ kind: "Path", head: { name: "y" }, segments: [{ name: "0" }, { name: "attn" }, { name: "Wq" }] });
    if (e.kind !== "Path") return;
    expect(at(e.span)).toBe("2:7-2:18");
    expect(e.segments.map((s) => at(s.span))).toEqual(["2:9-2:10", "2:11-2:15", "2:16-2:18"]);
  });

  it("a tuple's span covers its parentheses; a parenthesised expression is not a tuple", () => {
    const t = expr("(h0,\n    c0)");
    expect(t.kind).toBe("Tuple");
    expect(at(t.span)).toBe("2:7-3:8");
    expect(expr("((a, b))").kind).toBe("Tuple");
  });
});

describe("v0.2 statements", () => {
  it("tuple bindings, with doc comments", () => {
    const [s] = body("  ## The three heads.\n  (q, k, v) = split(qkv, 3, axis = -1)") as [TupleBindingStmt];
    expect(s.kind).toBe("TupleBinding");
    expect(s.names.map((n) => n.name)).toEqual(["q", "k", "v"]);
    expect(s.doc).toBe("The three heads.");
    expect(show(s.value)).toBe("split(qkv, 3, axis=(-1))");
    expect(at(s.span)).toBe("3:3-3:39");
  });

  it("a line starting `(…) =` is a new statement, not the arguments of a call on the line before", () => {
    const stmts = body("  h = f\n  (a, b) = g(h)\n  c = x\n  (d, e) = (a, b)");
    expect(stmts.map((s) => s.kind)).toEqual(["Binding", "TupleBinding", "Binding", "TupleBinding"]);
    expect(show((stmts[0] as BindingStmt).value)).toBe("f");
    expect(show((stmts[3] as TupleBindingStmt).value)).toBe("(a, b)");
  });

  it("a call continued on the next line still takes its arguments", () => {
    expect(show(expr("f\n    (x)"))).toBe("f(x)");
  });

  it("buffer and next, with and without an initializer", () => {
    const stmts = body("  ## Running mean.\n  buffer mean_run: f32[C] = zeros()\n  buffer mask: bool[T, T]\n  next mean_run = 0.9 * mean_run + 0.1 * m");
    const [a, b, n] = stmts as [BufferStmt, BufferStmt, NextStmt];
    expect(a).toMatchObject({ kind: "Buffer", name: { name: "mean_run" }, doc: "Running mean.", init: { kind: "Call", callee: { name: "zeros" } } });
    expect(a.type.dims).toHaveLength(1);
    expect(b).toMatchObject({ kind: "Buffer", name: { name: "mask" }, init: null });
    expect(n.kind).toBe("Next");
    expect(n.name.name).toBe("mean_run");
    expect(show(n.value)).toBe("((0.9 * mean_run) + (0.1 * m))");
    expect(at(n.span)).toBe("5:3-5:43");
  });

  it("`buffer` and `next` stay names outside their statements", () => {
    const stmts = body("  next = x\n  buffer = next + 1\n  (next2, buffer2) = f(buffer, next)\n  z = g(next\n  )");
    expect(stmts.map((s) => s.kind)).toEqual(["Binding", "Binding", "TupleBinding", "Binding"]);
    expect(show((stmts[1] as BindingStmt).value)).toBe("(next + 1)");
    expect(kinds("next x = next")).toEqual(["Next:next", "Ident:x", "Equals:=", "Ident:next"]);
    expect(kinds("next\nx")).toEqual(["Ident:next", "Ident:x"]);
  });

  it("buffer and next parse in block bodies too", () => {
    const result = parseText("block bn(x: f32[B, C]) -> f32[B, C] {\n  buffer r: f32[C]\n  next r = mean(x, axis = 0)\n  return x\n}");
    expect(result.diagnostics).toEqual([]);
    expect((result.program.items[0] as BlockDecl).body.map((s) => s.kind)).toEqual(["Buffer", "Next", "Return"]);
  });

  it("block results: several, one, or a single type; `return (a, b)` is a tuple", () => {
    const text = [
      "block lstm_cell(x: f32[B, I], h: f32[B, H], c: f32[B, H]) -> (h: f32[B, H], c: f32[B, H]) {",
      "  (i, f, g, o) = split(x @ Wx + h @ Wh + b, 4, axis = -1)",
      "  return (sigmoid(o) * tanh(c2), c2)",
      "}",
      "block one(x: f32[N]) -> (y: f32[N]) {\n  return x\n}",
      "block plain(x: f32[N]) -> f32[N] {\n  return x\n}",
    ].join("\n");
    const result = parseText(text);
    expect(result.diagnostics).toEqual([]);
    const [lstm, one, plain] = result.program.items as BlockDecl[];
    expect(lstm!.returnType.kind).toBe("Results");
    if (lstm!.returnType.kind === "Results") {
      expect(lstm!.returnType.results.map((r) => r.name.name)).toEqual(["h", "c"]);
      expect(at(lstm!.returnType.span)).toBe("1:62-1:90");
    }
    const ret = lstm!.body[1]!;
    expect(ret.kind === "Return" ? show(ret.value) : "").toBe("((sigmoid(o) * tanh(c2)), c2)");
    expect(one!.returnType).toMatchObject({ kind: "Results", results: [{ name: { name: "y" } }] });
    expect(plain!.returnType.kind).toBe("TensorType");
  });
});

describe("v0.2 lexing", () => {
  it("paths lex segment by segment; numbers keep their forms", () => {
    expect(kinds("y.0.attn.Wq")).toEqual(["Ident:y", "Dot:.", "NumberLit:0", "Dot:.", "Ident:attn", "Dot:.", "Ident:Wq"]);
    expect(kinds("y.0.1.W")).toEqual(["Ident:y", "Dot:.", "NumberLit:0", "Dot:.", "NumberLit:1", "Dot:.", "Ident:W"]);
    expect(kinds("0.5 1e-3 2.5E+4 x[...]")).toEqual(["NumberLit:0.5", "NumberLit:1e-3", "NumberLit:2.5E+4", "Ident:x", "LBracket:[", "Ellipsis:...", "RBracket:]"]);
  });
});
