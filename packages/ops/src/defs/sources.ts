/**
 * Source ops: values with no operands. `input`, `param` and `buffer` are fed by the interpreter (their
 * values are external); `const`, `dimsize` and `dropout_mask` evaluate from their attributes, `training`
 * from the evaluation's training flag.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimToString, evalDim, isFloat, tensorType } from "@nnc/ir";
import type { OpDef } from "../op-def.ts";
import { mulberry32 } from "../prng.ts";
import { attrDType, attrDims, attrNumber, attrString } from "../rule-helpers.ts";
import { tensor } from "../tensor.ts";

const ROLES = ["model", "train", "cotangent"];

function external(op: string): OpDef["evaluate"] {
  return () => {
    throw new InternalCompilerError(`${op} values are external: the interpreter takes them from the feeds`);
  };
}

export const SOURCES_OPS = {
  input: {
    name: "input",
    arity: 0,
    summary: "a graph input (model input, train input or cotangent), fed at run time",
    type: (_in, attrs) => {
      const role = attrString(attrs, "role");
      if (!ROLES.includes(role)) throw new InternalCompilerError(`input: unknown role '${role}'`);
      return tensorType(attrDType(attrs), attrDims(attrs, "shape"));
    },
    evaluate: external("input"),
    vjp: () => [],
    vjpDoc: [],
    isSource: true,
    samples: [],
  },
  param: {
    name: "param",
    arity: 0,
    summary: "a trainable parameter; its initializer lives in Graph.inits",
    type: (_in, attrs) => tensorType(attrDType(attrs), attrDims(attrs, "shape")),
    evaluate: external("param"),
    vjp: () => [],
    vjpDoc: [],
    isSource: true,
    samples: [],
  },
  buffer: {
    name: "buffer",
    arity: 0,
    summary: "non-trainable state (running statistics, masks); its initializer lives in Graph.inits, Graph.updates says what it becomes after a training step",
    type: (_in, attrs) => tensorType(attrDType(attrs), attrDims(attrs, "shape")),
    evaluate: external("buffer"),
    vjp: () => [],
    vjpDoc: [],
    isSource: true,
    nonDifferentiable: true,
    samples: [],
  },
  training: {
    name: "training",
    arity: 0,
    summary: "a bool scalar: true while evaluating a training step, false in eval, predict and inference",
    type: () => tensorType("bool", []),
    evaluate: (_in, ctx) => tensor([], [ctx.training ? 1 : 0]),
    vjp: () => [],
    vjpDoc: [],
    isSource: true,
    nonDifferentiable: true,
    samples: [],
  },
  const: {
    name: "const",
    arity: 0,
    summary: "a tensor whose every element equals `value`",
    type: (_in, attrs) => {
      const value = attrNumber(attrs, "value");
      const dtype = attrDType(attrs);
      if (dtype === "bool" && value !== 0 && value !== 1) return { error: `const: a bool constant must be 0 or 1, got ${value}`, code: "E0201" };
      if (dtype === "i32" && !Number.isInteger(value)) return { error: `const: an i32 constant must be a whole number, got ${value}`, code: "E0201" };
      return tensorType(dtype, attrDims(attrs, "shape"));
    },
    evaluate: (_in, ctx) => {
      const out = tensor(ctx.outShape);
      out.data.fill(attrNumber(ctx.attrs, "value"));
      return out;
    },
    vjp: () => [],
    vjpDoc: [],
    samples: [],
  },
  dimsize: {
    name: "dimsize",
    arity: 0,
    summary: "the product of `dims` at run time, as a scalar (e.g. the batch size B for a mean)",
    type: (_in, attrs) => {
      attrDims(attrs, "dims");
      const dtype = attrDType(attrs);
      if (!isFloat(dtype)) return { error: `dimsize: dtype must be f32 or f64, got ${dtype}`, code: "E0201" };
      return tensorType(dtype, []);
    },
    evaluate: (_in, ctx) => {
      let n = 1;
      for (const d of attrDims(ctx.attrs, "dims")) {
        const v = evalDim(d, ctx.dims);
        if (v === undefined) throw new InternalCompilerError(`dimsize: dim ${dimToString(d)} is unbound`);
        n *= v;
      }
      return tensor([], [n]);
    },
    vjp: () => [],
    vjpDoc: [],
    samples: [],
  },
  dropout_mask: {
    name: "dropout_mask",
    arity: 0,
    summary: "in training each element is 0 with probability p, else 1/(1−p) (so E[mask] = 1); 1 otherwise",
    type: (_in, attrs) => {
      const p = attrNumber(attrs, "p");
      const dtype = attrDType(attrs);
      if (!(p >= 0 && p < 1)) return { error: `dropout: the drop probability p must be in [0, 1), got ${p}` };
      if (!isFloat(dtype)) return { error: `dropout_mask: dtype must be f32 or f64, got ${dtype}`, code: "E0201" };
      return tensorType(dtype, attrDims(attrs, "shape"));
    },
    // Deterministic: element i is 0 iff the i-th draw of mulberry32(seed) is < p.
    evaluate: (_in, ctx) => {
      const out = tensor(ctx.outShape);
      const p = attrNumber(ctx.attrs, "p");
      if (!ctx.training || p === 0) return (out.data.fill(1), out);
      const rand = mulberry32(attrNumber(ctx.attrs, "seed", 0));
      for (let i = 0; i < out.data.length; i++) out.data[i] = rand() < p ? 0 : 1 / (1 - p);
      return out;
    },
    vjp: () => [],
    vjpDoc: [],
    isSource: true,
    samples: [],
  },
} satisfies Record<string, OpDef>;
