import { describe, expect, it } from "vitest";
import type { BindingStmt, Expr, ModelDecl } from "./ast.ts";
import { MAX_NESTING } from "./nesting.ts";
import { MAX_DIAGNOSTICS } from "./parse.ts";
import { codes, parseText } from "./test-helpers.ts";

const model = (expr: string): string => `model M(x: f32) -> (y: f32) {\n  y = ${expr}\n  z = x\n}\n`;

/**
 * Parses and checks that every diagnostic lies inside the text. Alone each case takes well under half
 * a second; the test timeout (vitest.config.ts) bounds them without a timing assertion, which would
 * be flaky on a shared machine.
 */
function timed(text: string) {
  const result = parseText(text);
  for (const d of result.diagnostics) {
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
  }
  return result;
}

describe("robustness", () => {
  it(`nesting up to ${MAX_NESTING} levels parses`, () => {
    const result = timed(model("f(".repeat(MAX_NESTING) + "x" + ")".repeat(MAX_NESTING)));
    expect(result.diagnostics).toEqual([]);
  });

  it.each([
    ["parentheses", "(", ")"],
    ["calls", "f(", ")"],
    ["lists", "[", "]"],
    ["named arguments", "f(k = ", ")"],
  ])("20,000 nested %s: one E0023, the rest of the body kept", (_name, open, close) => {
    const result = timed(model(open.repeat(20000) + "x" + close.repeat(20000)));
    // the opener of level MAX_NESTING + 1 (column 7 is where the expression starts)
    expect(codes(result)).toEqual([`E0023 2:${7 + open.length * MAX_NESTING + open.search(/[([]/)}`]);
    const body = (result.program.items[0] as ModelDecl).body;
    expect(body.map((s) => (s.kind === "Binding" ? s.name.name : s.kind))).toEqual(["z"]);
  });

  it("20,000 unclosed parentheses", () => {
    const result = timed("(".repeat(20000));
    expect(codes(result)).toEqual(["E0010 1:1", `E0023 1:${MAX_NESTING + 1}`]);
  });

  it("deeply nested dimensions", () => {
    const result = timed(`model M(x: f32[${"(".repeat(5000)}1${")".repeat(5000)}]) -> (y: f32) {\n  y = 1\n}`);
    // `M(` and `[` are levels 1 and 2; the parentheses start at column 16
    expect(codes(result)).toEqual([`E0023 1:${16 + MAX_NESTING - 2}`]);
  });

  it("a 20,000-term sum becomes a left-deep tree without recursion", () => {
    const result = timed(model(Array.from({ length: 20000 }, () => "a").join(" + ")));
    expect(result.diagnostics).toEqual([]);
    let e: Expr = ((result.program.items[0] as ModelDecl).body[0] as BindingStmt).value;
    let depth = 0;
    while (e.kind === "Binary") {
      expect(e.right.kind).toBe("Name");
      e = e.left;
      depth++;
    }
    expect(depth).toBe(19999);
  });

  it("20,000 chained powers and unary minuses parse without recursion, then meet the nesting limit (E0026)", () => {
    expect(timed(model(Array.from({ length: 20000 }, () => "a").join(" ^ "))).diagnostics.map((d) => d.code)).toEqual(["E0026"]);
    expect(timed(model("-".repeat(20000) + "a")).diagnostics.map((d) => d.code)).toEqual(["E0026"]);
  });

  it("20,000 chained indexes meet the nesting limit (E0026); 20,000-segment paths and tuples parse", () => {
    expect(timed(model("x" + "[0]".repeat(20000))).diagnostics.map((d) => d.code)).toEqual(["E0026"]);
    const path = timed(model("h" + ".W0".repeat(20000)));
    expect(path.diagnostics).toEqual([]);
    const value = ((path.program.items[0] as ModelDecl).body[0] as BindingStmt).value;
    expect(value.kind === "Path" ? value.segments.length : 0).toBe(20000);
    const tuple = timed(model(`(${Array.from({ length: 20000 }, () => "a").join(", ")})`));
    expect(tuple.diagnostics).toEqual([]);
  });

  it("many lines that start with `(` are each looked at once, not rescanned to the end of the file", () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `  (a${i}, b${i}) = f(\n    (x))`);
    const result = timed(`model M(x: f32) -> (y: f32) {\n${lines.join("\n")}\n  y = x\n}`);
    expect(result.diagnostics).toEqual([]);
    expect((result.program.items[0] as ModelDecl).body).toHaveLength(5001);
  });

  it("binary junk: bounded diagnostics, no throw", () => {
    let seed = 12345;
    const bytes = Array.from({ length: 100000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return String.fromCharCode(seed >> 23);
    });
    const result = timed(bytes.join(""));
    expect(result.diagnostics.length).toBe(MAX_DIAGNOSTICS + 1);
    expect(result.diagnostics.at(-1)).toMatchObject({ code: "E0024", severity: "note" });
  });

  it("NUL bytes, stray Unicode, lone surrogates, unterminated strings, 1e999", () => {
    expect(codes(timed("\0model\0M"))).toEqual(["E0001 1:1", "E0001 1:7"]);
    expect(codes(timed(model("x \ud800 \u{1F600} 1")))).toEqual(["E0001 2:9", "E0001 2:11"]);
    // a line with more than two stray runs reports the first, counting the others
    expect(codes(timed(model("x \ud800 \u{1F600} ; 1")))).toEqual(["E0001 2:9"]);
    expect(timed(model("x \ud800 \u{1F600} ; 1")).diagnostics[0]!.message).toContain("(and 2 more on this line)");
    // the string swallowed the rest of the file, so the missing `}` is not reported again
    expect(codes(timed('model M(x: f32) -> (y: f32) {\n  y = "abc'))).toEqual(["E0002 2:7"]);
    expect(timed(model("1e999")).diagnostics).toEqual([]);
  });

  it("the empty file and a file of comments", () => {
    expect(timed("").program.items).toEqual([]);
    expect(timed("# nothing\n## dangling doc").diagnostics).toEqual([]);
  });
});
