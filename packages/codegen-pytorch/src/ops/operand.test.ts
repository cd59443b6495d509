import { describe, expect, it } from "vitest";
import { isAtom } from "../module/atom.ts";
import { elementwise, infixText, precOf } from "./operand.ts";

describe("operand text", () => {
  it("tells atoms from compound expressions", () => {
    expect(["x", "self.h1.W", "f(a + b)[0].T", "1e-7", '_nnc_state(self, "a) + (b")', "(a + b)"].every(isAtom)).toBe(true);
    expect(["a + b", "f(a) + g(b)", "-x", "(a) + (b)", "2-3"].some(isAtom)).toBe(false);
  });
  it("finds the loosest top-level operator", () => {
    expect(precOf("a * b + c")).toBe(12);
    expect(precOf("x * 1e-05")).toBe(13);
    expect(precOf("-x")).toBe(14);
    expect(precOf("a ** -b")).toBe(15);
    expect(precOf("(a + b)")).toBe(100);
  });
  it("parenthesizes only where Python's precedence or float order needs it", () => {
    expect(infixText("*", "a + b", "c")).toBe("(a + b) * c");
    expect(infixText("+", "a * b", "c * d")).toBe("a * b + c * d");
    expect(infixText("-", "a - b", "c - d")).toBe("a - b - (c - d)");
    expect(infixText("+", "a", "b + c")).toBe("a + (b + c)");
    expect(infixText("**", "-x", "2.0")).toBe("(-x) ** 2.0");
    expect(infixText("<", "a < b", "c")).toBe("(a < b) < c");
  });
  it("lets torch broadcast constants and expands, keeping one operand at full shape", () => {
    const full = "torch.full((B, 3), 0.5, dtype=self.dtype, device=self.device)";
    expect(elementwise(["x", full])).toEqual(["x", "0.5"]);
    expect(elementwise(["self.b.expand((B, 3))", "x"])).toEqual(["self.b", "x"]);
    expect(elementwise(["(a + b).expand((B, 3))", full])).toEqual(["(a + b).expand((B, 3))", "0.5"]);
    expect(elementwise(["c.expand((B, 3))", "x", full], [false, true, false])).toEqual(["c", "x", full]);
  });
});
