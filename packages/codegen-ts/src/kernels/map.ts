/**
 * Elementwise kernels as scalar expressions of their operands' elements. Each argument is a
 * name or a literal, so repeating it is free. The formulas are the reference evaluations' own
 * (stable sigmoid and softplus, relu'(0) = 0 conventions live in the VJP graphs, not here).
 */
import type { Node } from "@nnc/ir";
import type { HelperName } from "../helpers/table.ts";
import type { MapKernel } from "../kernel-types.ts";
import { numLit } from "../names.ts";
import { op } from "../wasm/encode.ts";
import { expLanes } from "../wasm/exp-lanes.ts";
import { binaryLanes, compareLanes, reluLanes, unaryLanes, whereLanes, type LaneCode } from "../wasm/fused-lanes.ts";
import type { LaneOp } from "../wasm/map-lanes.ts";

function unary(f: (x: string, node: Node, helper: (h: HelperName) => string) => string, f64x2?: LaneCode): MapKernel {
  return { kind: "map", expr: (a, node, _inputs, helper) => f(a[0]!, node, helper), ...(f64x2 === undefined ? {} : { f64x2 }) };
}

function binary(f: (x: string, y: string) => string, f64x2?: LaneCode, lanes?: LaneOp): MapKernel {
  return { kind: "map", expr: (a) => f(a[0]!, a[1]!), ...(f64x2 === undefined ? {} : { f64x2 }), ...(lanes === undefined ? {} : { lanes }) };
}

const cmp = (js: string, lanes: readonly number[]): MapKernel => binary((x, y) => `(${x} ${js} ${y} ? 1 : 0)`, compareLanes(lanes));

function attrNum(node: Node, name: string): number {
  const v = node.attrs[name];
  if (typeof v !== "number") throw new Error(`codegen: ${node.op} ${node.id} lacks numeric attribute ${name}`);
  return v;
}

export const MAP_KERNELS = {
  neg: unary((x) => `-${x}`, unaryLanes(op.f64x2Neg)),
  // Float32 programs: exp32 (helpers/exp32.ts), cheaper; within 0.084 float32 ulp of e^x, so stored in
  // float32 it is Math.exp's rounding or 1 ulp from it (0.6 % of arguments).
  exp: unary((x, n, helper) => (n.type.dtype === "f32" ? `${helper("exp32")}(${x})` : `Math.exp(${x})`), expLanes),
  log: unary((x) => `Math.log(${x})`),
  sqrt: unary((x) => `Math.sqrt(${x})`, unaryLanes(op.f64x2Sqrt)),
  abs: unary((x) => `Math.abs(${x})`, unaryLanes(op.f64x2Abs)),
  sign: unary((x) => `(${x} > 0 ? 1 : ${x} < 0 ? -1 : 0)`),
  relu: unary((x) => `(${x} > 0 ? ${x} : 0)`, reluLanes),
  leaky_relu: unary((x, n) => `(${x} > 0 ? ${x} : ${numLit(attrNum(n, "alpha"))} * ${x})`),
  sigmoid: unary((x) => `(${x} >= 0 ? 1 / (1 + Math.exp(-${x})) : Math.exp(${x}) / (1 + Math.exp(${x})))`),
  tanh: unary((x) => `Math.tanh(${x})`),
  softplus: unary((x) => `(Math.max(${x}, 0) + Math.log1p(Math.exp(-Math.abs(${x}))))`),
  stop_gradient: unary((x) => x, (a) => op.get(a[0]!)),
  sin: unary((x) => `Math.sin(${x})`),
  cos: unary((x) => `Math.cos(${x})`),
  elu: unary((x, n) => `(${x} > 0 ? ${x} : ${numLit(attrNum(n, "alpha"))} * Math.expm1(${x}))`),
  add: binary((x, y) => `${x} + ${y}`, binaryLanes(op.f64x2Add), "add"),
  sub: binary((x, y) => `${x} - ${y}`, binaryLanes(op.f64x2Sub), "sub"),
  mul: binary((x, y) => `${x} * ${y}`, binaryLanes(op.f64x2Mul), "mul"),
  div: binary((x, y) => `${x} / ${y}`, binaryLanes(op.f64x2Div), "div"),
  pow: binary((x, y) => `Math.pow(${x}, ${y})`),
  maximum: binary((x, y) => `Math.max(${x}, ${y})`, binaryLanes(op.f64x2Max)),
  minimum: binary((x, y) => `Math.min(${x}, ${y})`, binaryLanes(op.f64x2Min)),
  lt: cmp("<", op.f64x2Lt),
  le: cmp("<=", op.f64x2Le),
  gt: cmp(">", op.f64x2Gt),
  ge: cmp(">=", op.f64x2Ge),
  eq: cmp("===", op.f64x2Eq),
  ne: cmp("!==", op.f64x2Ne),
  where: { kind: "map", expr: (a) => `(${a[0]!} !== 0 ? ${a[1]!} : ${a[2]!})`, f64x2: whereLanes },
  cast: {
    kind: "map",
    expr: (a, node) => {
      const to = node.attrs["dtype"];
      return to === "bool" ? `(${a[0]!} !== 0 ? 1 : 0)` : to === "i32" ? `Math.trunc(${a[0]!})` : a[0]!;
    },
  },
  bce_with_logits: binary((z, t) => `(Math.max(${z}, 0) - ${t} * ${z} + Math.log1p(Math.exp(-Math.abs(${z}))))`),
} satisfies Record<string, MapKernel>;
