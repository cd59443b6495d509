import { describe, expect, it } from "vitest";
import { swapLastTwo } from "@nnc/ops";
import { checkText } from "./test-helpers.ts";

const model = (sig: string, body: string, out: string) => `dim B\nmodel M(${sig}) -> (${out}) {\n${body}\n}\n`;

/** The single diagnostic's code and help. */
function hint(text: string): [string, string | undefined][] {
  const r = checkText(text);
  return [...r.syntax, ...r.diagnostics].map((d) => [d.code, d.help]);
}

describe("transpose hints of `@`", () => {
  it("swapping the last two axes is written out for the operand's rank", () => {
    expect(swapLastTwo("k", 2)).toBe("transpose(k)");
    expect(swapLastTwo("k", 3)).toBe("transpose(k, perm = [0, 2, 1])");
    expect(swapLastTwo("k", 4)).toBe("transpose(k, perm = [0, 1, 3, 2])");
  });

  it("rank 3 (attention scores q @ k with f32[B, 8, 16]): swap k's last two axes, not all of them", () => {
    expect(hint(model("q: f32[B, 8, 16], k: f32[B, 8, 16]", "  s = q @ k", "s: f32[B, 8, 8]"))).toEqual([
      ["E0302", "did you mean `q @ transpose(k, perm = [0, 2, 1])`? (it swaps the last two axes: [B, 16, 8])"],
    ]);
  });

  it("rank 4 (heads): the perm keeps both batch axes", () => {
    expect(hint(model("q: f32[B, 4, 8, 16], k: f32[B, 4, 8, 16]", "  s = q @ k", "s: f32[B, 4, 8, 8]"))).toEqual([
      ["E0302", "did you mean `q @ transpose(k, perm = [0, 1, 3, 2])`? (it swaps the last two axes: [B, 4, 16, 8])"],
    ]);
  });

  it("the suggested fix checks and gives the intended type", () => {
    const fixed = model("q: f32[B, 4, 8, 16], k: f32[B, 4, 8, 16]", "  s = q @ transpose(k, perm = [0, 1, 3, 2])", "s: f32[B, 4, 8, 8]");
    expect(hint(fixed)).toEqual([]);
  });

  it("the left operand is swapped when that is what fits", () => {
    expect(hint(model("a: f32[B, 16, 8], v: f32[B, 16, 4]", "  y = a @ v", "y: f32[B, 8, 4]"))).toEqual([
      ["E0302", "did you mean `transpose(a, perm = [0, 2, 1]) @ v`? (it swaps the last two axes: [B, 8, 16])"],
    ]);
  });

  it("rank 2 keeps the plain `transpose(W)`; a compound operand is parenthesised", () => {
    expect(hint(model("x: f32[B, 4], W: f32[3, 4]", "  y = x @ W", "y: f32[B, 3]"))).toEqual([["E0302", "did you mean `x @ transpose(W)`?"]]);
    expect(hint(model("x: f32[B, 4], W: f32[3, 4]", "  y = (x + 1) @ W", "y: f32[B, 3]"))).toEqual([["E0302", "did you mean `(x + 1) @ transpose(W)`?"]]);
    expect(hint(model("x: f32[B, 4], W: f32[3, 4]", "  y = relu(x) @ W", "y: f32[B, 3]"))).toEqual([["E0302", "did you mean `relu(x) @ transpose(W)`?"]]);
  });

  it("no hint when no single swap fits", () => {
    expect(hint(model("q: f32[B, 8, 16], k: f32[B, 5, 7]", "  s = q @ k", "s: f32[B, 8, 7]"))).toEqual([["E0302", undefined]]);
  });
});
