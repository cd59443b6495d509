import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import type { BindingStmt, DimDecl, ModelDecl, ParamStmt } from "./ast.ts";
import { lex } from "./lex.ts";
import { parseText } from "./test-helpers.ts";

const kinds = (text: string): string[] => lex(new SourceFile("t.nn", text)).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe("lexer", () => {
  it("keywords, names that contain keywords, numbers, punctuation", () => {
    expect(kinds("dim dims model_x _a1 3 0.5 1e-3 2.5E+4")).toEqual([
      "Dim:dim", "Ident:dims", "Ident:model_x", "Ident:_a1", "NumberLit:3", "NumberLit:0.5", "NumberLit:1e-3", "NumberLit:2.5E+4",
    ]);
    expect(kinds("|> -> <= >= == != < > = + - * / @ ^ ( ) [ ] { } , :").map((k) => k.split(":")[0])).toEqual([
      "Pipe", "Arrow", "LessEq", "GreaterEq", "EqEq", "NotEq", "Less", "Greater", "Equals", "Plus", "Minus", "Star", "Slash",
      "At", "Caret", "LParen", "RParen", "LBracket", "RBracket", "LCurly", "RCurly", "Comma", "Colon",
    ]);
  });

  it("stray characters: each when a line has up to two, else one E0001 counting the others (a comment that lost its `#`)", () => {
    const text = "dim B\n `a` is a dense layer; see `b` and `c`\ndim C ` ;\n";
    const codes = lex(new SourceFile("t.nn", text)).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
    expect(codes).toEqual(["E0001 2:2 unexpected character ``` (and 6 more on this line)", "E0001 3:7 unexpected character ```", "E0001 3:9 unexpected character `;`"]);
  });

  it("comments are skipped; strings keep their escapes in the token", () => {
    expect(kinds('a # comment "x"\n"s\\"t" ## doc\nb')).toEqual(["Ident:a", 'ClosedString:"s\\"t"', "Ident:b"]);
  });

  it("an unterminated string stops at the end of its line", () => {
    expect(kinds('"abc\nd')).toEqual(['OpenString:"abc', "Ident:d"]);
  });

  it("doc comments attach to the next declaration or statement, consecutive lines joined", () => {
    const text = "## Batch size.\n## Bound at run time.\ndim B\nmodel M(x: f32) -> (y: f32) {\n  ## The weight.\n  param W: f32\n  # plain\n  ## The result.\n  y = W * x\n}";
    const result = parseText(text);
    expect(result.diagnostics).toEqual([]);
    expect((result.program.items[0] as DimDecl).doc).toBe("Batch size.\nBound at run time.");
    const m = result.program.items[1] as ModelDecl;
    expect(m.doc).toBeUndefined();
    expect((m.body[0] as ParamStmt).doc).toBe("The weight.");
    expect((m.body[1] as BindingStmt).doc).toBe("The result.");
  });

  it("CRLF line endings parse like LF", () => {
    const result = parseText("dim B\r\nmodel M(x: f32[B]) -> (y: f32[B]) {\r\n  y = x\r\n}\r\n");
    expect(result.diagnostics).toEqual([]);
    expect(result.program.items[1]!.span.line).toBe(2);
  });
});
