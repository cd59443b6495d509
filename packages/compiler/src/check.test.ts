import { describe, expect, it } from "vitest";
import { checkSource } from "./check.ts";
import { compile } from "./compile.ts";

/** Freezes `v` and everything it reaches, so a caller that changes a shared result throws (modules are strict). */
function deepFreeze(v: unknown, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x, seen);
}

const MATVEC = "model MatVec(W: f32[3, 3], a: f32[3]) -> (b: f32[3]) {\n  b = W @ a\n}\n";
const BROKEN = "model Broken(a: f32[3]) -> (b: f32[3]) {\n  b = a + c\n}\n";

describe("checkSource", () => {
  it("answers the same file, text and options checked again with the same result, without checking again", () => {
    const first = checkSource("m.nn", MATVEC, { dtype: "f32" });
    expect(checkSource("m.nn", MATVEC, { dtype: "f32" })).toBe(first);
    expect(first.lowered.map((m) => m.name)).toEqual(["MatVec"]);
  });

  it("checks anew when the file name, the text or an option differs, and never answers an older program's result", () => {
    const f32 = checkSource("m.nn", MATVEC, { dtype: "f32" });
    const f64 = checkSource("m.nn", MATVEC, { dtype: "f64" });
    expect(f64).not.toBe(f32);
    expect(f64.lowered[0]!.graph.nodes.find((n) => n.id === "W")?.type.dtype).toBe("f64");
    const renamed = checkSource("n.nn", MATVEC, { dtype: "f64" });
    expect(renamed).not.toBe(f64);
    expect(renamed.source.name).toBe("n.nn");
    const broken = checkSource("n.nn", BROKEN, { dtype: "f64" });
    expect(broken.diagnostics.map((d) => d.code)).toContain("E0101");
    expect(broken.lowered).toEqual([]);
    // Back to the first program: its own result again (checked anew, equal to the first).
    const again = checkSource("m.nn", MATVEC, { dtype: "f32" });
    expect(again.lowered[0]!.graph).toEqual(f32.lowered[0]!.graph);
    expect(again.diagnostics).toEqual([]);
  });

  it("hands compile a result no stage changes: every stage runs on a deep-frozen check", () => {
    const text = "model Mlp(x: f32[4, 2]) -> (y: f32[4, 3]) {\n  param W: f32[2, 3] = glorot_uniform()\n  y = relu(x @ W)\n}\n";
    const first = compile(text, { fileName: "f.nn", generate: "none", differentiate: true, wrt: ["W", "x"] });
    deepFreeze(checkSource("f.nn", text, { dtype: "f32" }));
    const again = compile(text, { fileName: "f.nn", generate: "none", differentiate: true, wrt: ["W", "x"] });
    expect(again.explanation).toEqual(first.explanation);
    expect(again.optimized?.graph).toEqual(first.optimized?.graph);
  });

  it("gives compile the same answers whether or not the text was just checked", () => {
    const fresh = compile(MATVEC, { fileName: "m.nn", generate: "none", differentiate: true, wrt: ["W", "a"] });
    compile(MATVEC, { fileName: "m.nn", checkOnly: true });
    const reused = compile(MATVEC, { fileName: "m.nn", generate: "none", differentiate: true, wrt: ["W", "a"] });
    expect(reused.explanation).toEqual(fresh.explanation);
    expect(reused.optimized?.graph).toEqual(fresh.optimized?.graph);
    expect(reused.diagnostics).toEqual(fresh.diagnostics);
  });
});
