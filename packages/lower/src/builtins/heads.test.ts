import { describe, expect, it } from "vitest";
import { checkText, codes, listing, lowerText, problemsOf, typeOf } from "../test-helpers.ts";

const model = (inputs: string, outputs: string, body: string): string => `dim B\nmodel M(${inputs}) -> (${outputs}) {\n${body}\n}\n`;

describe("split_heads and merge_heads", () => {
  it("split_heads cuts the last axis into heads and moves the head axis before T: a reshape, then a transpose", () => {
    const m = lowerText(model("x: f32[B, 5, 12]", "y: f32[B, 3, 5, 4]", "  y = split_heads(x, 3)"));
    expect(typeOf(m, "y")).toBe("f32[B, 3, 5, 4]");
    const ops = listing(m).filter((l) => / = (reshape|transpose)\(/.test(l));
    expect(ops.map((l) => l.replace(/^.* = (\w+)\(.*: (.*)$/, "$1 $2"))).toEqual(["reshape f32[B, 5, 3, 4]", "transpose f32[B, 3, 5, 4]"]);
  });

  it("merge_heads is its inverse, at rank 3 and with a dim for heads", () => {
    const m = lowerText(`dim B\nblock f(x: f32[N, T, D], h: dim) -> f32[N, T, D] {\n  return merge_heads(split_heads(x, h))\n}\nmodel M(x: f32[B, 5, 12], z: f32[5, 12]) -> (y: f32[B, 5, 12], w: f32[5, 12], s: f32[2, 5, 6]) {\n  y = f(x, h = 4)\n  w = merge_heads(split_heads(z, 2))\n  s = split_heads(z, 2)\n}\n`);
    expect(typeOf(m, "y")).toBe("f32[B, 5, 12]");
    expect(typeOf(m, "w")).toBe("f32[5, 12]");
  });

  it("a width not divisible by heads is E0348, stating both", () => {
    const r = checkText(model("x: f32[B, 5, 10]", "y: f32[B, 5, 10]", "  y = merge_heads(split_heads(x, 4))"));
    const errs = problemsOf(r.diagnostics);
    expect(errs.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0348 3:34"]);
    expect(errs[0]!.message).toBe("the width 10 of f32[B, 5, 10] is not divisible by heads = 4: attention cuts the width into equal heads");
    expect(errs[0]!.help).toBe("heads must divide the width 10: 1, 2, 5, 10");
  });

  it("from the library's attention, E0348 is reported at the user's call, with the library line as a label", () => {
    const r = checkText(model("x: f32[B, 5, 10]", "y: f32[B, 5, 10]", "  y = multi_head_attention(x, heads = 4)"));
    const errs = problemsOf(r.diagnostics);
    expect(errs.map((d) => `${d.code} ${d.span.file}:${d.span.line}`)).toEqual(["E0348 test.nn:3"]);
    expect(errs[0]!.labels.some((l) => l.span.file === "nnc:std/attention.nn")).toBe(true);
  });

  it("uncalled blocks using attention with a dim for heads are checked without a false E0348", () => {
    const text = `dim B
block gpt(x: f32[N, T, D], heads: dim) -> f32[N, T, D] {
  return x |> repeat(transformer_block, times = 2, heads = heads)
}
block mine(x: f32[N, T, D], h: dim) -> f32[N, T, D] {
  return merge_heads(split_heads(x, h))
}
model M(x: f32[B, 4]) -> (y: f32[B, 4]) {
  y = x
}
`;
    expect(codes(text)).toEqual([]);
  });

  it("rank too low (E0303), and a heads argument that is not a whole number ≥ 1 (E0203)", () => {
    expect(codes(model("x: f32[B, 5, 12]", "y: f32[B, 5, 12]", "  y = merge_heads(x[:, 0])"))).toEqual(["E0303 3:19"]);
    expect(codes(model("x: f32[B]", "y: f32[B]", "  y = split_heads(x, 1)"))).toEqual(["E0303 3:19"]);
    expect(codes(model("x: f32[B, 5, 12]", "y: f32[B, 3, 5, 4]", "  y = split_heads(x, 1.5)"))).toEqual(["E0203 3:22"]);
  });
});

describe("where with a constant condition", () => {
  it("`true`/`false` (or a block's bool argument) picks a branch when compiling: no where node", () => {
    const m = lowerText(`dim B\nblock pick(x: f32[N, D], flag: bool = false) -> f32[N, D] {\n  return where(flag, relu(x), -x)\n}\nmodel M(x: f32[B, 4]) -> (a: f32[B, 4], b: f32[B, 4]) {\n  a = pick(x, flag = true)\n  b = pick(x)\n}\n`);
    const ops = listing(m);
    expect(ops.some((l) => / = where\(/.test(l))).toBe(false);
    expect(ops.find((l) => l.startsWith("a = "))).toMatch(/^a = relu\(x\)/);
    expect(ops.find((l) => l.startsWith("b = "))).toMatch(/^b = neg\(x\)/);
  });

  it("the chosen operand is broadcast to the common shape, and the operands must still agree", () => {
    const m = lowerText(model("x: f32[B, 4], v: f32[4]", "y: f32[B, 4]", "  y = where(true, v, x)"));
    expect(typeOf(m, "y")).toBe("f32[B, 4]");
    expect(codes(model("x: f32[B, 4], v: f32[3]", "y: f32[B, 4]", "  y = where(false, v, x)"))).toEqual(["E0301 3:7"]);
  });

  it("a condition that is neither a bool tensor nor a constant bool is E0203 or E0201", () => {
    const r = checkText(model("x: f32[B, 4]", "y: f32[B, 4]", '  y = where("yes", x, 0)'));
    expect(problemsOf(r.diagnostics).map((d) => `${d.code} ${d.message}`)).toEqual([
      'E0203 argument `cond` of `where` must be a bool tensor or a constant `true`/`false`, but this is the string "yes"',
    ]);
    expect(codes(model("x: f32[B, 4]", "y: f32[B, 4]", "  y = where(x, x, 0)"))).toEqual(["E0201 3:13"]);
  });
});
