/** Elementwise built-ins: unary activations (gelu, gelu_tanh, silu, rsqrt as composites), erf/sin/cos, elu, leaky_relu, maximum/minimum, where, stop_gradient. */
import { alignOperands } from "../broadcast.ts";
import { describe, num, POISON, type TensorValue, type Value } from "../values.ts";
import { Compose } from "./compose.ts";
import { floatArg, operandTensor } from "./helpers.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

const X = { name: "x", kind: "operand" } as const;

function floatUnary(name: string, summary: string): BuiltinDef {
  return {
    name,
    summary,
    params: [X],
    lower: (c) => {
      const x = floatArg(c, "x");
      return x === undefined ? POISON : c.ctx.op(name, [x], {}, c.span);
    },
  };
}

/** `neg`, `abs`: every numeric (non-bool) tensor. */
function numericUnary(name: string, summary: string): BuiltinDef {
  return {
    name,
    summary,
    params: [X],
    lower: (c) => {
      const x = operandTensor(c, "x");
      if (x.type.dtype === "bool") {
        c.ctx.report("E0201", `\`${name}\` is not defined on bool tensors`, c.args.span("x"), { label: "this is bool" });
        return POISON;
      }
      return c.ctx.op(name, [x], {}, c.span);
    },
  };
}

/** A float unary built-in made of primitive ops: `build(f, x)` with x already checked to be float. */
function composite(name: string, summary: string, build: (f: Compose, x: TensorValue) => TensorValue): BuiltinDef {
  return {
    name,
    summary,
    params: [X],
    lower: (c) => {
      const x = floatArg(c, "x");
      return x === undefined ? POISON : build(new Compose(c), x);
    },
  };
}

/** gelu's constants: 1/√2, and √(2/π) formed as PyTorch does (M_SQRT2·M_2_SQRTPI·0.5). */
const SQRT1_2 = Math.SQRT1_2;
const GELU_TANH_BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const GELU_TANH_KAPPA = 0.044715;

function binary(name: string, summary: string): BuiltinDef {
  return {
    name,
    summary,
    params: [
      { name: "a", kind: "operand" },
      { name: "b", kind: "operand" },
    ],
    lower: (c) => binaryLower(c, name),
  };
}

function binaryLower(c: CallCtx, name: string): Value {
  const ops = alignOperands(c.ctx, [c.args.get("a"), c.args.get("b")], c.span, { what: `\`${name}\`` });
  return ops === undefined ? POISON : c.ctx.op(name, ops, {}, c.span);
}

export const ELEMENTWISE_BUILTINS: readonly BuiltinDef[] = [
  floatUnary("relu", "max(x, 0); relu'(0) = 0"),
  floatUnary("sigmoid", "1 / (1 + exp(-x))"),
  floatUnary("tanh", "hyperbolic tangent"),
  floatUnary("exp", "e^x"),
  floatUnary("log", "natural logarithm"),
  floatUnary("sqrt", "square root"),
  floatUnary("softplus", "log(1 + exp(x)), computed stably"),
  numericUnary("abs", "|x|"),
  numericUnary("neg", "-x"),
  numericUnary("sign", "-1, 0 or 1"),
  floatUnary("stop_gradient", "x, with a zero gradient"),
  floatUnary("erf", "error function 2/√π ∫₀ˣ e^(−t²) dt"),
  floatUnary("sin", "sine (radians)"),
  floatUnary("cos", "cosine (radians)"),
  // The operation order follows PyTorch's kernels, so that f64 results agree to the last bits.
  composite("gelu", "x·Φ(x) = x·(1 + erf(x/√2))/2 (exact GELU)", (f, x) => f.mul(f.scale(x, 0.5), f.add(f.k(1, x), f.op("erf", [f.scale(x, SQRT1_2)])))),
  composite("gelu_tanh", "x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))/2 (PyTorch's approximate = 'tanh')", (f, x) => {
    const inner = f.scale(f.add(x, f.scale(f.mul(f.mul(x, x), x), GELU_TANH_KAPPA)), GELU_TANH_BETA);
    return f.mul(f.scale(x, 0.5), f.add(f.k(1, x), f.op("tanh", [inner])));
  }),
  composite("silu", "x·sigmoid(x) (also called swish)", (f, x) => f.mul(x, f.op("sigmoid", [x]))),
  composite("rsqrt", "1 / √x", (f, x) => f.op("div", [f.k(1, x), f.op("sqrt", [x])])),
  {
    name: "elu",
    summary: "x for x > 0, alpha·(exp(x) − 1) otherwise",
    params: [X, { name: "alpha", kind: "number", default: num(1) }],
    lower: (c) => {
      const x = floatArg(c, "x");
      return x === undefined ? POISON : c.ctx.op("elu", [x], { alpha: c.args.number("alpha") }, c.span);
    },
  },
  {
    name: "leaky_relu",
    summary: "x for x > 0, alpha·x otherwise",
    params: [X, { name: "alpha", kind: "number", default: num(0.01) }],
    lower: (c) => {
      const x = floatArg(c, "x");
      return x === undefined ? POISON : c.ctx.op("leaky_relu", [x], { alpha: c.args.number("alpha") }, c.span);
    },
  },
  binary("maximum", "elementwise max (broadcasting); ties split the gradient"),
  binary("minimum", "elementwise min (broadcasting); ties split the gradient"),
  {
    name: "where",
    summary: "cond ? a : b elementwise (broadcasting); a constant `cond` (`true`, `false`, a block's bool argument) picks a or b when compiling",
    params: [
      { name: "cond", kind: "any" },
      { name: "a", kind: "operand" },
      { name: "b", kind: "operand" },
    ],
    lower: (c) => {
      const cond = c.args.value("cond");
      if (cond.kind === "bool") {
        // A compile-time flag (`where(causal, masked, s)`): the result is the chosen operand, brought to
        // the common shape and dtype exactly as the elementwise form would; the other is never used.
        const ops = alignOperands(c.ctx, [c.args.get("a"), c.args.get("b")], c.span, { what: "`where`" });
        return ops === undefined ? POISON : cond.value ? ops[0]! : ops[1]!;
      }
      if (cond.kind !== "tensor") {
        c.ctx.report("E0203", `argument \`cond\` of \`where\` must be a bool tensor or a constant \`true\`/\`false\`, but this is ${describe(cond)}`, c.args.span("cond"), {
          label: "expected a bool tensor or `true`/`false`",
          help: "build a condition with a comparison, e.g. `x > 0`",
        });
        return POISON;
      }
      if (cond.type.dtype !== "bool") {
        c.ctx.report("E0201", `the condition of \`where\` must be a bool tensor, but it is ${cond.type.dtype}`, c.args.span("cond"), {
          label: `this is ${cond.type.dtype}`,
          help: "build a condition with a comparison, e.g. `x > 0`",
        });
        return POISON;
      }
      const ops = alignOperands(c.ctx, [c.args.get("cond"), c.args.get("a"), c.args.get("b")], c.span, { what: "`where`", dtypeFrom: 1 });
      return ops === undefined ? POISON : c.ctx.op("where", ops, {}, c.span);
    },
  },
];
