import { describe, expect, it } from "vitest";
import { CODES } from "@nnc/diagnostics";
import { checkText } from "./test-helpers.ts";
import { closest, editDistance, unknownFunctionHelp, WELL_KNOWN } from "./suggest.ts";

describe("suggestions", () => {
  it("edit distance counts single-character edits", () => {
    expect(editDistance("relu", "relu")).toBe(0);
    expect(editDistance("rellu", "relu")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("a transposition of adjacent characters is one edit (optimal string alignment)", () => {
    expect(editDistance("rleu", "relu")).toBe(1);
    expect(editDistance("relu", "rleu")).toBe(1);
    expect(editDistance("sfotmax", "softmax")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("ca", "abc")).toBe(3);
    expect(closest("rleu", ["relu", "tanh", "exp"])).toBe("relu");
    expect(closest("tnah", ["relu", "tanh", "exp"])).toBe("tanh");
  });

  it("a well-known function nnc lacks gets its definition in built-ins, not a near name", () => {
    const builtins = ["relu", "tanh", "sigmoid", "exp", "elu_"];
    expect(unknownFunctionHelp("gelu", builtins)).toBe("`gelu` is not a built-in function; write `x * sigmoid(1.702 * x)` (the sigmoid approximation of GELU)");
    expect(unknownFunctionHelp("selu", builtins)).toMatch(/^`selu` is not a built-in function; write `1\.0507 \* where/);
    expect(unknownFunctionHelp("rleu", builtins)).toBe("did you mean `relu`?");
    expect(unknownFunctionHelp("frobnicate", builtins)).toBeUndefined();
    const r = checkText("dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  y = gelu(x)\n}\n");
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([["E0104", "unknown function `gelu`", "`gelu` is not a built-in function; write `x * sigmoid(1.702 * x)` (the sigmoid approximation of GELU)"]]);
  });

  it("every suggested definition is a valid nnc expression", () => {
    for (const [name, [formula]] of Object.entries(WELL_KNOWN)) {
      const src = `dim B\nmodel M(x: f32[B, 2], a: f32[B, 2], b: f32[2], y: f32[B, 2], target: f32[B, 2]) -> (out: f32) {\n  param W: f32[2, 2]\n  lo = -1\n  hi = 1\n  p = 2\n  out = sum(${formula})\n}\n`;
      const r = checkText(src);
      expect([...r.syntax, ...r.diagnostics].map((d) => d.message), `${name}: ${formula}`).toEqual([]);
    }
  });

  it("suggests near names only, deterministically", () => {
    expect(closest("xx", ["x", "W1", "b1"])).toBe("x");
    expect(closest("bb1", ["b1", "b2", "W1"])).toBe("b1");
    expect(closest("optimiser", ["loss", "optimizer", "data"])).toBe("optimizer");
    expect(closest("softmax", ["relu", "tanh"])).toBeUndefined();
    expect(closest("glorot", ["glorot_uniform", "glorot_normal", "zeros"])).toBe("glorot_normal");
    expect(closest("b", ["B"])).toBe("B");
  });
});

describe("code registry", () => {
  it("every checker code has a title and a long explanation with an example and a fix", () => {
    const codes = Object.keys(CODES).filter((c) => /^E0[1-4]/.test(c));
    expect(codes.length).toBeGreaterThanOrEqual(40);
    for (const c of codes) {
      expect(c).toMatch(/^E0[1-4]\d\d$/);
      const info = CODES[c]!;
      expect(info.title.length).toBeGreaterThan(5);
      expect(info.explanation).toContain("Erroneous example:");
      expect(info.explanation).toContain("How to fix it:");
    }
  });
});
