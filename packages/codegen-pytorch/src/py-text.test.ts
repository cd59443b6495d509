import { describe, expect, it } from "vitest";
import { IdentTable, pyCommentText, pyIdentBase, pyNum, pyStr } from "./py-text.ts";

describe("pyStr", () => {
  it("escapes quotes, backslashes, control and non-ASCII characters", () => {
    expect(pyStr('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(pyStr("x\ny\r\u0000\u007f")).toBe('"x\\x0ay\\x0d\\x00\\x7f"');
    expect(pyStr("é…\ud800")).toBe('"\\xe9\\u2026\\ud800"');
  });
  it("escapes by code point: one \\U escape above U+FFFF, lone surrogates stay \\u escapes", () => {
    expect(pyStr("😀")).toBe('"\\U0001f600"');
    expect(pyStr("dät😀.json")).toBe('"d\\xe4t\\U0001f600.json"');
    expect(pyStr("\udc00x\ud83d")).toBe('"\\udc00x\\ud83d"');
  });
  it("leaves printable ASCII alone", () => {
    expect(pyStr("W1.h 0 ~ {}")).toBe('"W1.h 0 ~ {}"');
  });
});

describe("pyNum", () => {
  it("writes floats that round-trip, always as floats", () => {
    expect([1, -2, 0.1, 1e-7, 1e21, -0].map(pyNum)).toEqual(["1.0", "-2.0", "0.1", "1e-7", "1e+21", "-0.0"]);
    expect([NaN, Infinity, -Infinity].map(pyNum)).toEqual(['float("nan")', 'float("inf")', '(-float("inf"))']);
  });
});

describe("identifiers", () => {
  it("maps any text to a valid, unreserved identifier", () => {
    expect(["h1.m", "class", "sum", "self", "9x", "", "_nnc_state", "a-b c"].map(pyIdentBase)).toEqual(["h1_m", "class_", "sum_", "self_", "v9x", "v", "v_nnc_state", "a_b_c"]);
  });
  it("hands out distinct names", () => {
    const t = new IdentTable();
    expect([t.name("h.m"), t.name("h_m"), t.name("h.m")]).toEqual(["h_m", "h_m_2", "h_m_3"]);
  });
  it("comment text has no line breaks", () => {
    expect(pyCommentText("a\nb\rc\u2028d\u0085e\u000cf  ")).toBe("a b c d e f");
  });
});
