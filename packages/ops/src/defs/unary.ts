/**
 * Elementwise unary ops: (x) → x.type. Each VJP is z̄ times the diagonal of the local Jacobian
 * ∂z_i/∂x_j = δ_ij·f'(x_i), written with the output where that is cheaper (exp, sqrt, sigmoid, tanh).
 */
import { isFloat, tensorType, type Attrs, type TensorType } from "@nnc/ir";
import { constant, scale } from "../build-helpers.ts";
import { map1 } from "../eval-helpers.ts";
import { mathDoc } from "../doc-helpers.ts";
import type { OpDef, OpSample, VjpContext, VjpDoc } from "../op-def.ts";
import { attrNumber, requireFloat, requireNumeric } from "../rule-helpers.ts";
import { erfScalar } from "./erf.ts";

type Domain = NonNullable<OpSample["domain"]>[number];

function samples(domain: Domain, attrs: Record<string, number> = {}): OpSample[] {
  return [
    { label: "(3,4)", inputs: [tensorType("f64", [3, 4])], attrs, domain: [domain] },
    { label: "scalar", inputs: [tensorType("f64", [])], attrs, domain: [domain] },
  ];
}

function doc(formula: string, why: string): VjpDoc {
  return mathDoc(["x"], formula, why);
}

interface UnarySpec {
  readonly summary: string;
  readonly f: (v: number, attrs: Attrs) => number;
  /** Builds x̄ from the context; absent for ops with zero or no derivative. */
  readonly grad?: (c: VjpContext, x: string) => string;
  readonly doc?: VjpDoc;
  readonly numeric?: boolean;
  readonly domain?: Domain;
  readonly nonDifferentiable?: boolean;
  /** The op's numeric attributes (checked by the type rule), with the values its samples use. */
  readonly attrs?: Record<string, number>;
}

function unary(name: string, s: UnarySpec): OpDef {
  return {
    name,
    arity: 1,
    summary: s.summary,
    type: ([x], attrs) => {
      const t = x!;
      const err = s.numeric === true ? requireNumeric(name, t) : requireFloat(name, t);
      if (err !== undefined) return err;
      for (const key of Object.keys(s.attrs ?? {})) attrNumber(attrs, key);
      return t;
    },
    evaluate: ([x], ctx) => map1(x!, (v) => s.f(v, ctx.attrs)),
    vjp: (c) => {
      const x = c.inputs[0]!;
      if (s.grad === undefined || c.wanted[0] !== true || !isFloat(x.type.dtype)) return [null];
      return [s.grad(c, x.id)];
    },
    vjpDoc: [s.doc ?? null],
    ...(s.nonDifferentiable === true ? { nonDifferentiable: true } : {}),
    samples: samples(s.domain ?? "any", s.attrs),
  };
}

const zeroOf = (c: VjpContext, id: string): string => constant(c.b, 0, c.b.type(id));
const oneOf = (c: VjpContext, t: TensorType): string => constant(c.b, 1, t);
const mul = (c: VjpContext, a: string, b: string): string => c.b.add("mul", [a, b]);

/** [x > 0] as a bool tensor. */
function positive(c: VjpContext, x: string): string {
  return c.b.add("gt", [x, zeroOf(c, x)]);
}

/** 2/√π, the scale of erf's derivative. */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

export function sigmoidScalar(v: number): number {
  // Stable on both tails: never exponentiates a positive number.
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export const UNARY_OPS = {
  neg: unary("neg", { summary: "−x", f: (v) => -v, numeric: true, grad: (c) => c.b.add("neg", [c.cot]), doc: doc("dx = −dz", "∂z_i/∂x_j = −δ_ij") }),
  exp: unary("exp", {
    summary: "eˣ",
    f: Math.exp,
    grad: (c) => mul(c, c.cot, c.node.id),
    doc: doc("dx = dz ⊙ z", "∂z_i/∂x_j = δ_ij·e^(x_i) = δ_ij·z_i (uses the output)"),
  }),
  log: unary("log", { summary: "natural logarithm", f: Math.log, domain: "positive", grad: (c, x) => c.b.add("div", [c.cot, x]), doc: doc("dx = dz / x", "∂z_i/∂x_j = δ_ij / x_i") }),
  sqrt: unary("sqrt", {
    summary: "√x",
    f: Math.sqrt,
    domain: "positive",
    grad: (c) => c.b.add("div", [c.cot, scale(c.b, c.node.id, 2)]),
    doc: doc("dx = dz / (2z)", "∂z_i/∂x_j = δ_ij / (2√x_i) = δ_ij / (2 z_i)"),
  }),
  abs: unary("abs", {
    summary: "|x|",
    f: Math.abs,
    numeric: true,
    domain: "nonzero",
    grad: (c, x) => mul(c, c.cot, c.b.add("sign", [x])),
    doc: doc("dx = dz ⊙ sign(x)", "∂z_i/∂x_j = δ_ij·sign(x_i) (0 at x = 0)"),
  }),
  sign: unary("sign", { summary: "−1, 0 or 1", f: (v) => (v > 0 ? 1 : v < 0 ? -1 : 0), numeric: true, nonDifferentiable: true }),
  relu: unary("relu", {
    summary: "max(x, 0); relu'(0) = 0",
    f: (v) => (v > 0 ? v : 0),
    domain: "nonzero",
    grad: (c, x) => c.b.add("where", [positive(c, x), c.cot, zeroOf(c, c.cot)]),
    doc: doc("dx = where(x > 0, dz, 0)", "∂z_i/∂x_j = δ_ij·[x_i > 0] (relu'(0) = 0)"),
  }),
  leaky_relu: unary("leaky_relu", {
    summary: "x for x > 0, alpha·x otherwise",
    f: (v, a) => (v > 0 ? v : attrNumber(a, "alpha") * v),
    domain: "nonzero",
    attrs: { alpha: 0.1 },
    grad: (c, x) => c.b.add("where", [positive(c, x), c.cot, scale(c.b, c.cot, attrNumber(c.node.attrs, "alpha"))]),
    doc: doc("dx = where(x > 0, dz, alpha·dz)", "∂z_i/∂x_j = δ_ij·(x_i > 0 ? 1 : alpha)"),
  }),
  sigmoid: unary("sigmoid", {
    summary: "1 / (1 + e^(−x)), computed stably",
    f: sigmoidScalar,
    grad: (c) => {
      const z = c.node.id;
      return mul(c, c.cot, mul(c, z, c.b.add("sub", [oneOf(c, c.node.type), z])));
    },
    doc: doc("dx = dz ⊙ z ⊙ (1 − z)", "∂z_i/∂x_j = δ_ij·σ(x_i)(1 − σ(x_i)) = δ_ij·z_i(1 − z_i)"),
  }),
  tanh: unary("tanh", {
    summary: "hyperbolic tangent",
    f: Math.tanh,
    grad: (c) => {
      const z = c.node.id;
      return mul(c, c.cot, c.b.add("sub", [oneOf(c, c.node.type), mul(c, z, z)]));
    },
    doc: doc("dx = dz ⊙ (1 − z²)", "∂z_i/∂x_j = δ_ij·(1 − tanh²(x_i)) = δ_ij·(1 − z_i²)"),
  }),
  softplus: unary("softplus", {
    summary: "log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|))",
    f: (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))),
    grad: (c, x) => mul(c, c.cot, c.b.add("sigmoid", [x])),
    doc: doc("dx = dz ⊙ sigmoid(x)", "∂z_i/∂x_j = δ_ij·eˣⁱ/(1 + eˣⁱ) = δ_ij·σ(x_i)"),
  }),
  erf: unary("erf", {
    summary: "error function 2/√π ∫₀ˣ e^(−t²) dt (W. J. Cody's rational approximations, ≈ 1 ulp)",
    f: erfScalar,
    grad: (c, x) => mul(c, c.cot, scale(c.b, c.b.add("exp", [c.b.add("neg", [mul(c, x, x)])]), TWO_OVER_SQRT_PI)),
    doc: doc("dx = dz ⊙ (2/√π)·e^(−x²)", "∂z_i/∂x_j = δ_ij·(2/√π)·e^(−x_i²)"),
  }),
  sin: unary("sin", {
    summary: "sine (radians)",
    f: Math.sin,
    grad: (c, x) => mul(c, c.cot, c.b.add("cos", [x])),
    doc: doc("dx = dz ⊙ cos(x)", "∂z_i/∂x_j = δ_ij·cos(x_i)"),
  }),
  cos: unary("cos", {
    summary: "cosine (radians)",
    f: Math.cos,
    grad: (c, x) => c.b.add("neg", [mul(c, c.cot, c.b.add("sin", [x]))]),
    doc: doc("dx = −dz ⊙ sin(x)", "∂z_i/∂x_j = −δ_ij·sin(x_i)"),
  }),
  elu: unary("elu", {
    summary: "x for x > 0, alpha·(eˣ − 1) otherwise (computed with expm1)",
    f: (v, a) => (v > 0 ? v : attrNumber(a, "alpha") * Math.expm1(v)),
    domain: "nonzero",
    attrs: { alpha: 1.5 },
    // For x ≤ 0, z = alpha·(eˣ − 1) so z' = alpha·eˣ = z + alpha: uses the output, never exponentiates x > 0.
    grad: (c, x) => {
      const z = c.node.id;
      const alpha = constant(c.b, attrNumber(c.node.attrs, "alpha"), c.node.type);
      return c.b.add("where", [positive(c, x), c.cot, mul(c, c.cot, c.b.add("add", [z, alpha]))]);
    },
    doc: doc("dx = where(x > 0, dz, dz ⊙ (z + alpha))", "∂z_i/∂x_j = δ_ij·(x_i > 0 ? 1 : alpha·e^(x_i) = z_i + alpha)"),
  }),
  stop_gradient: unary("stop_gradient", { summary: "x, with a zero derivative", f: (v) => v, numeric: true }),
} satisfies Record<string, OpDef>;
