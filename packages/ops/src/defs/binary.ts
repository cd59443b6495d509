/**
 * Elementwise binary ops on operands of EQUAL shape and dtype (lowering makes broadcasts explicit),
 * comparisons (→ bool), `where` and `cast`. Every local Jacobian is diagonal: ∂z_i/∂a_j = δ_ij·∂f/∂a.
 */
import { isFloat, shapesEqual, tensorType, type DType, type TensorType } from "@nnc/ir";
import { constant } from "../build-helpers.ts";
import { mathDoc } from "../doc-helpers.ts";
import { map1, map2 } from "../eval-helpers.ts";
import type { OpDef, OpSample, TypeRuleResult, VjpContext, VjpDoc } from "../op-def.ts";
import { attrDType, fmt, requireFloat, requireNumeric, requireSameType } from "../rule-helpers.ts";
import { tensor } from "../tensor.ts";

type Domain = NonNullable<OpSample["domain"]>[number];

function samples(da: Domain, db: Domain): OpSample[] {
  return [
    { label: "(3,4)", inputs: [tensorType("f64", [3, 4]), tensorType("f64", [3, 4])], attrs: {}, domain: [da, db] },
    { label: "scalar", inputs: [tensorType("f64", []), tensorType("f64", [])], attrs: {}, domain: [da, db] },
  ];
}

const doc = (formula: string, why: string): VjpDoc => mathDoc(["a", "b"], formula, why);

function binaryType(name: string, floatOnly: boolean): (ins: readonly TensorType[]) => TypeRuleResult {
  return ([a, b]) => {
    const err = requireSameType(name, a!, b!) ?? (floatOnly ? requireFloat(name, a!) : requireNumeric(name, a!));
    return err ?? a!;
  };
}

interface ArithSpec {
  readonly summary: string;
  readonly f: (x: number, y: number) => number;
  readonly floatOnly?: boolean;
  /** Cotangent builders for a and b; each is called only when that operand is wanted. */
  readonly grads: readonly [(c: VjpContext) => string, (c: VjpContext) => string];
  readonly docs: readonly [VjpDoc, VjpDoc];
  readonly domain?: readonly [Domain, Domain];
}

function arith(name: string, s: ArithSpec): OpDef {
  return {
    name,
    arity: 2,
    summary: s.summary,
    type: binaryType(name, s.floatOnly === true),
    evaluate: ([a, b]) => map2(a!, b!, s.f),
    vjp: (c) => {
      if (!isFloat(c.node.type.dtype)) return [null, null];
      return s.grads.map((g, i) => (c.wanted[i] === true ? g(c) : null));
    },
    vjpDoc: s.docs,
    samples: samples(s.domain?.[0] ?? "any", s.domain?.[1] ?? "any"),
  };
}

const A = (c: VjpContext): string => c.inputs[0]!.id;
const B = (c: VjpContext): string => c.inputs[1]!.id;
const add = (c: VjpContext, op: string, ...ins: string[]): string => c.b.add(op, ins);
const asFloat = (c: VjpContext, bool: string): string => c.b.add("cast", [bool], { dtype: c.node.type.dtype });

/**
 * The share of z̄ that goes to `a` for maximum (cmp "gt") or minimum (cmp "lt"): 1 where a wins,
 * ½ on a tie, 0 where b wins. b's share is 1 − this.
 */
function share(c: VjpContext, cmp: "gt" | "lt"): string {
  const wins = asFloat(c, add(c, cmp, A(c), B(c)));
  const ties = asFloat(c, add(c, "eq", A(c), B(c)));
  return add(c, "add", wins, add(c, "mul", ties, constant(c.b, 0.5, c.node.type)));
}

function extremum(name: "maximum" | "minimum"): OpDef {
  const cmp = name === "maximum" ? "gt" : "lt";
  const word = name === "maximum" ? ">" : "<";
  return arith(name, {
    summary: `elementwise ${name === "maximum" ? "max" : "min"}; ties split the gradient ½/½`,
    f: name === "maximum" ? Math.max : Math.min,
    grads: [
      (c) => add(c, "mul", c.cot, share(c, cmp)),
      (c) => add(c, "mul", c.cot, add(c, "sub", constant(c.b, 1, c.node.type), share(c, cmp))),
    ],
    docs: [
      doc(`da = dz ⊙ m, m = [a ${word} b] + ½·[a = b]`, `∂z_i/∂a_j = δ_ij·m_i (ties split ½/½)`),
      doc(`db = dz ⊙ (1 − m), m = [a ${word} b] + ½·[a = b]`, `∂z_i/∂b_j = δ_ij·(1 − m_i)`),
    ],
  });
}

function compare(name: string, word: string, f: (x: number, y: number) => boolean): OpDef {
  return {
    name,
    arity: 2,
    summary: `a ${word} b elementwise, as bool`,
    type: ([a, b]) => {
      const err = requireSameType(name, a!, b!) ?? (name === "eq" || name === "ne" ? undefined : requireNumeric(name, a!));
      return err ?? tensorType("bool", a!.shape);
    },
    evaluate: ([a, b]) => map2(a!, b!, (x, y) => (f(x, y) ? 1 : 0)),
    vjp: () => [null, null],
    vjpDoc: [null, null],
    nonDifferentiable: true,
    samples: samples("any", "any"),
  };
}

function castValue(v: number, to: DType): number {
  if (to === "bool") return v !== 0 ? 1 : 0;
  if (to === "i32") return Math.trunc(v);
  return v;
}

export const BINARY_OPS = {
  add: {
    ...arith("add", { summary: "a + b", f: (x, y) => x + y, grads: [(c) => c.cot, (c) => c.cot], docs: [doc("da = dz", "∂z_i/∂a_j = δ_ij"), doc("db = dz", "∂z_i/∂b_j = δ_ij")] }),
    commutative: true,
  },
  sub: arith("sub", {
    summary: "a − b",
    f: (x, y) => x - y,
    grads: [(c) => c.cot, (c) => add(c, "neg", c.cot)],
    docs: [doc("da = dz", "∂z_i/∂a_j = δ_ij"), doc("db = −dz", "∂z_i/∂b_j = −δ_ij")],
  }),
  mul: {
    ...arith("mul", {
      summary: "a ⊙ b",
      f: (x, y) => x * y,
      grads: [(c) => add(c, "mul", c.cot, B(c)), (c) => add(c, "mul", c.cot, A(c))],
      docs: [doc("da = dz ⊙ b", "∂z_i/∂a_j = δ_ij·b_i"), doc("db = dz ⊙ a", "∂z_i/∂b_j = δ_ij·a_i")],
    }),
    commutative: true,
  },
  div: arith("div", {
    summary: "a / b",
    f: (x, y) => x / y,
    floatOnly: true,
    domain: ["any", "nonzero"],
    grads: [(c) => add(c, "div", c.cot, B(c)), (c) => add(c, "neg", add(c, "div", add(c, "mul", c.cot, c.node.id), B(c)))],
    docs: [doc("da = dz / b", "∂z_i/∂a_j = δ_ij / b_i"), doc("db = −dz ⊙ z / b", "∂z_i/∂b_j = −δ_ij·a_i / b_i² = −δ_ij·z_i / b_i")],
  }),
  pow: arith("pow", {
    summary: "a ^ b",
    f: Math.pow,
    floatOnly: true,
    domain: ["positive", "any"],
    grads: [
      (c) => {
        const bm1 = add(c, "sub", B(c), constant(c.b, 1, c.node.type));
        return add(c, "mul", c.cot, add(c, "mul", B(c), add(c, "pow", A(c), bm1)));
      },
      (c) => add(c, "mul", c.cot, add(c, "mul", c.node.id, add(c, "log", A(c)))),
    ],
    docs: [doc("da = dz ⊙ b ⊙ a^(b − 1)", "∂z_i/∂a_j = δ_ij·b_i·a_i^(b_i − 1)"), doc("db = dz ⊙ z ⊙ log(a)", "∂z_i/∂b_j = δ_ij·a_i^b_i·ln a_i")],
  }),
  maximum: { ...extremum("maximum"), commutative: true },
  minimum: { ...extremum("minimum"), commutative: true },
  lt: compare("lt", "<", (x, y) => x < y),
  le: compare("le", "≤", (x, y) => x <= y),
  gt: compare("gt", ">", (x, y) => x > y),
  ge: compare("ge", "≥", (x, y) => x >= y),
  eq: { ...compare("eq", "=", (x, y) => x === y), commutative: true },
  ne: { ...compare("ne", "≠", (x, y) => x !== y), commutative: true },
  where: {
    name: "where",
    arity: 3,
    summary: "a where cond is true, else b",
    type: ([cond, a, b]) => {
      const c = cond!;
      if (c.dtype !== "bool") return { error: `where: the condition must be bool, got ${fmt(c)}`, code: "E0201", help: "use a comparison such as `x > 0`" };
      const err = requireSameType("where", a!, b!);
      if (err !== undefined) return err;
      if (!shapesEqual(c.shape, a!.shape)) {
        return { error: `where: condition ${fmt(c)} and branches ${fmt(a!)} differ in shape`, code: "E0301" };
      }
      return a!;
    },
    evaluate: ([c, a, b]) => {
      const out = tensor(a!.shape);
      for (let i = 0; i < out.data.length; i++) out.data[i] = c!.data[i] !== 0 ? a!.data[i]! : b!.data[i]!;
      return out;
    },
    vjp: (c) => {
      if (!isFloat(c.node.type.dtype)) return [null, null, null];
      const cond = c.inputs[0]!.id;
      const zero = (): string => constant(c.b, 0, c.node.type);
      return [
        null,
        c.wanted[1] === true ? add(c, "where", cond, c.cot, zero()) : null,
        c.wanted[2] === true ? add(c, "where", cond, zero(), c.cot) : null,
      ];
    },
    vjpDoc: [
      null,
      mathDoc(["c", "a", "b"], "da = where(c, dz, 0)", "∂z_i/∂a_j = δ_ij·[c_i]"),
      mathDoc(["c", "a", "b"], "db = where(c, 0, dz)", "∂z_i/∂b_j = δ_ij·[¬c_i]"),
    ],
    samples: [
      { label: "(3,4)", inputs: [tensorType("bool", [3, 4]), tensorType("f64", [3, 4]), tensorType("f64", [3, 4])], attrs: {}, domain: ["bool", "any", "any"] },
      { label: "scalar", inputs: [tensorType("bool", []), tensorType("f64", []), tensorType("f64", [])], attrs: {}, domain: ["bool", "any", "any"] },
    ],
  },
  cast: {
    name: "cast",
    arity: 1,
    summary: "converts to `dtype` (to i32 truncates toward zero; to bool tests ≠ 0)",
    type: ([x], attrs) => tensorType(attrDType(attrs), x!.shape),
    evaluate: ([x], ctx) => {
      const to = attrDType(ctx.attrs);
      return map1(x!, (v) => castValue(v, to));
    },
    // Only float → float casts carry a gradient: the identity, cast back to the operand's dtype.
    vjp: (c) => {
      const from = c.inputs[0]!.type.dtype;
      if (c.wanted[0] !== true || !isFloat(from) || !isFloat(c.node.type.dtype)) return [null];
      return [from === c.node.type.dtype ? c.cot : c.b.add("cast", [c.cot], { dtype: from })];
    },
    vjpDoc: [mathDoc(["x"], "dx = cast(dz)", "∂z_i/∂x_j = δ_ij (float to float)")],
    samples: [{ label: "f64→f64 (3,4)", inputs: [tensorType("f64", [3, 4])], attrs: { dtype: "f64" } }],
  },
} satisfies Record<string, OpDef>;
