import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codeInfo, DIAGNOSTIC_CODES } from "@nnc/diagnostics";
import { codes, parseText } from "./test-helpers.ts";

const model = (body: string): string => `model M(x: f32[3]) -> (y: f32[3]) {\n${body}\n}\n`;

/** The single diagnostic of `text`. */
function only(text: string) {
  const { diagnostics } = parseText(text);
  expect(diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toHaveLength(1);
  return diagnostics[0]!;
}

describe("lexical errors", () => {
  it("E0001: a stray character, with a hint for look-alikes", () => {
    const d = only(model("  y = x × 2"));
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0001", 2, 9, "unexpected character `×`"]);
    expect(d.help).toBe("use `*` to multiply");
  });

  it("E0001: one diagnostic for a run of junk, control characters shown escaped", () => {
    const d = only("dim B\n\u0000\u0001\u0002\ndim C");
    expect([d.code, d.span.line, d.span.column, d.span.end - d.span.start]).toEqual(["E0001", 2, 1, 3]);
    expect(d.message).toBe("unexpected characters `\\u{0}\\u{1}\\u{2}`");
  });

  it("E0002: an unterminated string, and no follow-on error in its statement", () => {
    const d = only(model('  y = load("a.csv\n  z = 1'));
    expect([d.code, d.span.line, d.span.column]).toEqual(["E0002", 2, 12]);
  });

  it("E0003: an unknown escape", () => {
    const d = only(model('  y = load("a\\tb")'));
    expect([d.code, d.span.line, d.span.column, d.span.endColumn]).toEqual(["E0003", 2, 14, 16]);
  });

  it("E0004: a number glued to a name", () => {
    const d = only(model("  y = 2x + 1"));
    expect([d.code, d.span.line, d.span.column, d.span.endColumn, d.help]).toEqual(["E0004", 2, 7, 9, "to multiply, write `2 * x`"]);
    expect(only(model("  y = 1e + 1")).help).toBe("an exponent needs digits: `1e-3`, `2.5E+4`");
  });
});

describe("syntax errors", () => {
  it("E0010: a statement at the top level", () => {
    const d = only("dim B\nh = relu(x)\ndim C");
    expect([d.code, d.span.line, d.span.column]).toEqual(["E0010", 2, 1]);
    expect(d.help).toBe("statements belong inside the body of a `model` or `block`");
  });

  it("E0011: an expression statement, and `input` outside a train section", () => {
    const d = only(model("  relu(x)\n  y = x"));
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0011", 2, 7, "a call of `relu` cannot stand alone as a statement"]);
    expect(d.help).toBe("bind its value to a name: `h = relu(…)`");
    const junk = only(model("  ) y = x"));
    expect([junk.code, junk.span.line, junk.span.column, junk.message]).toEqual(["E0011", 2, 3, "expected a statement, found `)`"]);
    const input = only(model("  input label: i32[3]\n  y = x"));
    expect([input.code, input.span.line, input.span.column, input.help]).toEqual(["E0011", 2, 3, "`input NAME: T` belongs inside a `train` section"]);
  });

  it("E0011: something glued to the end of a statement", () => {
    const d = only(model("  y = relu(x) 2"));
    expect([d.code, d.span.line, d.span.column]).toEqual(["E0011", 2, 15]);
    expect(d.help).toBe("the statement before ends at `)`; is an operator or a `,` missing?");
  });

  it("E0012: a missing operand, reported at the token found", () => {
    const d = only(model("  y = x @ W +\n  z = y"));
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0012", 3, 3, "expected an expression after `+`, found the start of a new statement"]);
    const eof = only("model M(x: f32) -> (y: f32) {\n  y = x *");
    expect([eof.code, eof.span.start, eof.message]).toEqual(["E0012", eof.span.end, "expected an expression after `*`, found end of file"]);
    expect([eof.span.line, eof.span.column]).toEqual([2, 10]);
  });

  it("E0013: a keyword used as a name", () => {
    const d = only(model("  param input: f32[3]"));
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0013", 2, 9, "expected a name for the parameter, found keyword `input`"]);
    expect(d.help).toBe("`input` is a keyword and cannot be used as a name");
  });

  it("E0014: a missing type", () => {
    const d = only("model M(x: [3]) -> (y: f32) {\n  y = x\n}");
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0014", 1, 12, "expected a type such as `f32[N, 4]`, found `[`"]);
  });

  it("E0015: an unclosed call, with the opening bracket as a secondary label", () => {
    const d = only(model("  h = relu(x @ W1 + b1\n  y = h"));
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0015", 3, 3, "expected `)` to close the call of `relu`, found `y`"]);
    expect(d.labels.map((l) => [l.span.line, l.span.column, l.message])).toEqual([[2, 11, "`(` opened here"]]);
    expect(d.help).toBe("add `)` after `b1` on line 2");
  });

  it("E0015: a missing `]` in a shape, and a missing `,` between arguments", () => {
    const shape = only("model M(x: f32[3) -> (y: f32) {\n  y = x\n}");
    expect([shape.code, shape.span.line, shape.span.column, shape.message]).toEqual(["E0015", 1, 17, "expected `]` to close the shape of `f32`, found `)`"]);
    const comma = only(model("  y = maximum(x 0)"));
    expect([comma.code, comma.span.column, comma.help]).toEqual(["E0015", 17, "is a `,` missing before `0`?"]);
  });

  it("E0015: a body never closed, reported at the end of the file", () => {
    const text = "model M(x: f32) -> (y: f32) {\n  y = x\n";
    const d = only(text);
    expect([d.code, d.span.start, d.span.line, d.span.column]).toEqual(["E0015", text.length, 3, 1]);
    expect(d.message).toBe("expected `}` to close the body of model `M`, found end of file");
  });

  it("E0016: `==` where a binding's `=` belongs", () => {
    const d = only(model("  y == x"));
    expect([d.code, d.span.line, d.span.column, d.help]).toEqual(["E0016", 2, 5, "a name is bound with a single `=`; `==` compares two values"]);
  });

  it("E0017: `->` missing before a model's outputs or a block's type", () => {
    const d = only("model M(x: f32) (y: f32) {\n  y = x\n}");
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0017", 1, 17, "expected `->` before the outputs of model `M`, found `(`"]);
    const b = only("block f(x: f32) {\n  return x\n}");
    expect([b.code, b.span.line, b.span.column]).toEqual(["E0017", 1, 17]);
  });

  it("E0018: `:` missing in a param", () => {
    const d = only(model("  param W f32[3, 3] = zeros()\n  y = W @ x"));
    expect([d.code, d.span.line, d.span.column, d.help]).toEqual(["E0018", 2, 11, "annotate it with a type: `W: f32[…]`"]);
  });

  it("E0019: `(` missing after a model name", () => {
    const d = only("model M -> (y: f32) {\n  y = 1\n}");
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0019", 1, 9, "expected `(` and the inputs of model `M`, found `->`"]);
  });

  it("E0019: `(` missing after a model's `->` names the outputs, not the inputs", () => {
    const d = only("model M(x: f32) -> y: f32 {\n  y = x\n}");
    expect([d.code, d.span.line, d.span.column, d.message]).toEqual(["E0019", 1, 20, "expected `(` and the outputs of model `M` after `->`, found `y`"]);
    expect(d.help).toBe("a model lists its outputs in parentheses after `->`: `model M(x: f32[N]) -> (y: f32[N]) { … }`");
    const empty = only("model M(x: f32) -> {\n}");
    expect([empty.code, empty.span.column, empty.message]).toEqual(["E0019", 20, "expected `(` and the outputs of model `M` after `->`, found `{`"]);
  });

  it("E0020: a positional argument after a named one", () => {
    const d = only(model("  y = where(x = 0, x, x)"));
    expect([d.code, d.span.line, d.span.column]).toEqual(["E0020", 2, 20]);
    expect(d.labels[0]!.span.column).toBe(13);
  });

  it("E0021: a pipe into something that is not a call", () => {
    const d = only(model("  y = x |> relu + 1"));
    expect([d.code, d.span.line, d.span.column, d.span.endColumn]).toEqual(["E0021", 2, 12, 20]);
  });

  it("E0022: a parameter initializer that is not a call", () => {
    const d = only(model("  param b: f32[3] = zeros\n  y = x + b"));
    expect([d.code, d.span.line, d.span.column, d.help]).toEqual(["E0022", 2, 21, "call it: `zeros()`"]);
  });

  it("E0025: a missing dimension, with the trailing comma hint", () => {
    const d = only("model M(x: f32[3, ]) -> (y: f32) {\n  y = 1\n}");
    expect([d.code, d.span.line, d.span.column, d.help]).toEqual(["E0025", 1, 19, "remove the trailing `,`"]);
  });

  it("trailing comma in a call", () => {
    const d = only(model("  y = f(x, )"));
    expect([d.code, d.span.column, d.message, d.help]).toEqual(["E0012", 12, "expected an argument after `,`, found `)`", "remove the trailing `,`"]);
  });

  it("the codes this package emits are exactly the table's syntax codes, each explained", () => {
    // Every code is a DiagnosticCode, so an unknown one does not compile; this checks the other way too:
    // no E00xx entry of `nnc explain` is left that the parser never reports.
    const emitted = new Set<string>();
    for (const file of fs.readdirSync(import.meta.dirname)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const text = fs.readFileSync(path.join(import.meta.dirname, file), "utf8");
      for (const m of text.matchAll(/["'`](E\d{4})["'`]/g)) emitted.add(m[1]!);
    }
    const syntaxCodes = DIAGNOSTIC_CODES.filter((c) => c.startsWith("E00"));
    expect(syntaxCodes.length).toBeGreaterThanOrEqual(20);
    expect([...emitted].filter((c) => c.startsWith("E00")).sort()).toEqual(syntaxCodes);
    for (const code of [...emitted, ...syntaxCodes]) {
      const info = codeInfo(code);
      expect(info, code).toBeDefined();
      expect(info?.title.length, code).toBeGreaterThan(5);
      expect(info?.explanation, code).toMatch(/Fix|How to fix it/);
    }
  });
});

describe("recovery", () => {
  it("reports independent errors in one run, each once, and keeps the good statements", () => {
    const text = [
      "dim B",                                   // 1
      "model M(x: f32[B, 4]) -> (y: f32[B, 4]) {", // 2
      "  h = relu(x @ W1 + b1",                  // 3  missing ) (reported at line 4)
      "  param W f32[4, 4]",                     // 4  missing :
      "  g = h * 2",                             // 5  fine
      "  k = (g + ) * 3",                        // 6  missing operand
      "  y = g",                                 // 7  fine
      "}",                                       // 8
      "train M {",                               // 9
      "  loss: mean(y)",                         // 10 `:` instead of `=`
      "  batch == 3",                            // 11 `==` instead of `=`
      "  epochs = 2",                            // 12 fine
      "}",
    ].join("\n");
    const result = parseText(text);
    expect(codes(result)).toEqual(["E0015 4:3", "E0018 4:11", "E0012 6:12", "E0016 10:7", "E0016 11:9"]);
    const m = result.program.items[1];
    expect(m?.kind === "Model" ? m.body.map((s) => (s.kind === "Return" ? "return" : s.kind === "TupleBinding" ? s.names.map((n) => n.name).join(",") : s.name.name)) : []).toEqual(["g", "y"]);
    const t = result.program.items[2];
    expect(t?.kind === "Train" ? t.entries.map((e) => (e.kind === "TrainInput" ? e.name.name : e.key.name)) : []).toEqual(["epochs"]);
  });

  it("does not cascade from a lexical error into syntax errors", () => {
    const result = parseText(model("  y = x ¤ 2\n  z = (x ¤\n  w = x"));
    expect(codes(result)).toEqual(["E0001 2:9", "E0001 3:10"]);
  });

  it("parses the body of a model whose header is broken", () => {
    const result = parseText("model M(x: f32[3] -> (y: f32) {\n  y = = x\n}\nmodel N(x: f32) -> (y: f32) {\n  y = x\n}");
    expect(codes(result)).toEqual(["E0015 1:19", "E0012 2:7"]);
    expect(result.program.items.map((i) => (i.kind === "Model" ? i.name.name : i.kind))).toEqual(["N"]);
  });

  it("a missing `}` is reported once and the next declaration still parses", () => {
    const result = parseText("model M(x: f32) -> (y: f32) {\n  y = x\nmodel N(x: f32) -> (y: f32) {\n  y = x\n}");
    expect(codes(result)).toEqual(["E0015 3:1"]);
    expect(result.program.items.map((i) => (i.kind === "Model" ? i.name.name : i.kind))).toEqual(["M", "N"]);
  });

  it("a multi-line call with named arguments on their own lines is not mistaken for statements", () => {
    const result = parseText("train M {\n  optimizer = adam(\n    lr = 0.01,\n    eps = 1e-8)\n  batch = 3\n}");
    expect(result.diagnostics).toEqual([]);
  });
});
