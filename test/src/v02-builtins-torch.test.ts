/**
 * The built-in functions against PyTorch (float64): forward values and the gradient of sum(f(...))
 * w.r.t. the first operand, from test/reference/builtins.json (made by
 * scripts/torch-reference/make-builtins.py; no torch at test time). The interpreter's values and
 * gradients and the generated code's values are each compared.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shapeToString } from "@nnc/ir";
import { analyticGrads, type Feeds } from "./gradcheck-helpers.ts";
import { maxRelativeError } from "./torch-reference.ts";
import { evalOutput, fromNested, generatedOutputs, lowerModel, outputId } from "./v02-builtins-support.ts";

interface Case {
  readonly fn: string;
  readonly args: Readonly<Record<string, number>>;
  readonly inputs: readonly unknown[];
  readonly value: unknown;
  readonly grad: unknown;
}

const FILE = new URL("../reference/builtins.json", import.meta.url);
const tables = JSON.parse(readFileSync(FILE, "utf8")) as { dtype: string; cases: Case[] };

/** A model computing the case's function of its operands (x, and t when there are two) and s = sum of it. */
function program(c: Case): { text: string; feeds: Feeds } {
  const [x, t] = c.inputs.map(fromNested);
  const labels = c.fn === "cross_entropy";
  const decl = (name: string, shape: readonly number[], dtype: string) => `${name}: ${dtype}${shapeToString(shape)}`;
  const operands = [decl("x", x!.shape, "f32"), ...(t === undefined ? [] : [decl("t", t.shape, labels ? "i32" : "f32")])];
  const extra = Object.entries(c.args).map(([k, v]) => `, ${k} = ${v}`).join("");
  const y = fromNested(c.value);
  const text = [
    `model M(${operands.join(", ")}) -> (${decl("y", y.shape, "f32")}, s: f32) {`,
    `  y = ${c.fn}(x${t === undefined ? "" : ", t"}${extra})`,
    `  s = sum(y)`,
    `}`,
  ].join("\n");
  return { text, feeds: t === undefined ? { x: x! } : { x: x!, t } };
}

const LOSSES = new Set(["mse", "huber", "bce", "kl_div", "cross_entropy"]);

/**
 * Values: elementwise functions to 4e-15 relative even where tiny (floor 1e-300; erf's and gelu's tails);
 * losses relative to max(|v|, 1) (each is a sum of terms of size ~1, whose order differs from PyTorch's).
 * elu: PyTorch computes alpha·(exp(x) − 1), which loses ~3e-14 relative near 0; nnc uses expm1 (exact there).
 * gelu: both compute x·(1 + erf(x/√2))/2, whose tail cancels: erf values 1 ulp apart (each within 1 ulp of
 * the exact erf) differ by 1/(1 + erf) in relative terms, so gelu is compared relative to max(|v|, 1) too.
 */
function tolerance(fn: string): { floor: number; value: number } {
  if (fn === "elu") return { floor: 1e-300, value: 1e-13 };
  return LOSSES.has(fn) || fn === "gelu" ? { floor: 1, value: 4e-15 } : { floor: 1e-300, value: 4e-15 };
}

/** The largest relative error, with the element where it occurs (for the failure message). */
function worst(got: ArrayLike<number>, want: readonly number[], floor: number): number {
  const err = maxRelativeError(got, want, floor);
  if (err >= 1e-15) {
    const i = want.findIndex((w, k) => Math.abs(got[k]! - w) / Math.max(Math.abs(w), floor) === err);
    console.log(`relative error ${err} at element ${i}: got ${got[i]}, PyTorch ${want[i]}`);
  }
  return err;
}

const label = (c: Case): string => `${c.fn}${Object.entries(c.args).map(([k, v]) => ` ${k}=${v}`).join("")}`;

describe("built-ins against PyTorch (float64)", () => {
  it("the reference file is float64 and covers every new built-in", () => {
    expect(tables.dtype).toBe("float64");
    const fns = new Set(tables.cases.map((c) => c.fn));
    for (const f of ["erf", "gelu", "gelu_tanh", "silu", "elu", "sin", "cos", "rsqrt", "mse", "huber", "bce", "kl_div", "cross_entropy"]) expect(fns.has(f), f).toBe(true);
  });

  it.each(tables.cases.map((c) => [label(c), c] as const))("%s: interpreter values and gradients, generated values", (_l, c) => {
    const { text, feeds } = program(c);
    const m = lowerModel(text);
    const want = Array.from(fromNested(c.value).data);
    const t = tolerance(c.fn);
    expect(worst(evalOutput(m, feeds, "y").data, want, t.floor), "interpreter").toBeLessThan(t.value);
    expect(worst(generatedOutputs(m, feeds)["y"]!, want, t.floor), "generated code").toBeLessThan(t.value);
    const grad = analyticGrads(m.graph, outputId(m, "s"), ["x"], feeds)["x"]!;
    // Gradients relative to max(|g|, 1e-3): tails such as gelu_tanh'(−5.25) ≈ −2.9e−7 are formed by cancellation in either library.
    expect(worst(grad.data, Array.from(fromNested(c.grad).data), 1e-3), "gradient").toBeLessThan(1e-12);
  });
});
