/**
 * Lookups on integer ids: `take` (rows of a table) and its transpose `scatter_add`. Both are linear in
 * their float operand and each one's VJP is the other, so grad-of-grad closes over the pair:
 *   Y = take(E, ids):            Y[p] = E[ids[p]]           dE = scatter_add(ids, dY, rows = V)
 *   Z = scatter_add(ids, U, V):  Z[v] = Σ_{p: ids[p]=v} U[p]  dU = take(dZ, ids)
 * ids are integers: they never get a gradient.
 */
import { sym, tensorType, type Dim, type Node } from "@nnc/ir";
import type { OpDef } from "../op-def.ts";
import { scatterAddEval, scatterAddType, takeEval, takeType } from "./gather-types.ts";

const f64 = (...shape: Dim[]) => tensorType("f64", shape);
const i32 = (...shape: Dim[]) => tensorType("i32", shape);

const takeDef: OpDef = {
  name: "take",
  arity: 2,
  summary: "take(table, ids)[p, ...] = table[ids[p], ...]: rows of a float table picked by i32 ids",
  type: (inputs) => takeType(inputs),
  evaluate: ([table, ids]) => takeEval(table!, ids!),
  vjp: (ctx) => {
    if (!ctx.wanted[0]) return [null, null];
    const [table, ids] = ctx.inputs as [Node, Node];
    return [ctx.b.add("scatter_add", [ids.id, ctx.cot], { rows: table.type.shape[0]! }), null];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = scatter_add(${n.ins[1]!}, ${n.d(n.out)}): ${n.d(n.ins[0]!)}[v] = Σ_{p : ${n.ins[1]!}[p] = v} ${n.d(n.out)}[p]`,
      why: (n) => `∂${n.out}[p]/∂${n.ins[0]!}[v] = [${n.ins[1]!}[p] = v]·I (each output row is a copy of the row its id names)`,
    },
    null,
  ],
  samples: [
    { label: "matrix table, vector of ids", inputs: [f64(5, 3), i32(4)], attrs: {}, domain: ["any", "label"], classes: 5 },
    { label: "repeated ids", inputs: [f64(3, 2), i32(8)], attrs: {}, domain: ["any", "label"], classes: 3 },
    { label: "ids of rank 2", inputs: [f64(6, 2), i32(2, 3)], attrs: {}, domain: ["any", "label"], classes: 6 },
    { label: "rank-3 table", inputs: [f64(4, 2, 3), i32(3)], attrs: {}, domain: ["any", "label"], classes: 4 },
    { label: "vector table, scalar id", inputs: [f64(5), i32()], attrs: {}, domain: ["any", "label"], classes: 5 },
    { label: "symbolic batch B", inputs: [f64(4, 3), i32(sym("B"), 2)], attrs: {}, domain: ["any", "label"], classes: 4 },
    // A table with B rows (B is bound to 3 by the generated tests): the VJP's scatter_add has rows = B.
    { label: "symbolic table rows B", inputs: [f64(sym("B"), 2), i32(4)], attrs: {}, domain: ["any", "label"], classes: 3 },
  ],
};

const scatterAddDef: OpDef = {
  name: "scatter_add",
  arity: 2,
  summary: "scatter_add(ids, upd, rows)[v, ...] = Σ over positions p with ids[p] = v of upd[p, ...] (zeros elsewhere)",
  type: scatterAddType,
  evaluate: ([ids, upd], ctx) => scatterAddEval(ids!, upd!, ctx.outShape),
  vjp: (ctx) => {
    if (!ctx.wanted[1]) return [null, null];
    const [ids] = ctx.inputs as [Node];
    return [null, ctx.b.add("take", [ctx.cot, ids.id])];
  },
  vjpDoc: [
    null,
    {
      formula: (n) => `${n.d(n.ins[1]!)} = take(${n.d(n.out)}, ${n.ins[0]!}): ${n.d(n.ins[1]!)}[p] = ${n.d(n.out)}[${n.ins[0]!}[p]]`,
      why: (n) => `∂${n.out}[v]/∂${n.ins[1]!}[p] = [${n.ins[0]!}[p] = v]·I (each update row is added to the row its id names)`,
    },
  ],
  samples: [
    { label: "vector of ids", inputs: [i32(4), f64(4, 3)], attrs: { rows: 5 }, domain: ["label", "any"], classes: 5 },
    { label: "repeated ids", inputs: [i32(7), f64(7, 2)], attrs: { rows: 3 }, domain: ["label", "any"], classes: 3 },
    { label: "ids of rank 2", inputs: [i32(2, 3), f64(2, 3, 2)], attrs: { rows: 4 }, domain: ["label", "any"], classes: 4 },
    { label: "scalar id", inputs: [i32(), f64(3)], attrs: { rows: 2 }, domain: ["label", "any"], classes: 2 },
    { label: "symbolic batch B", inputs: [i32(sym("B")), f64(sym("B"), 2)], attrs: { rows: 4 }, domain: ["label", "any"], classes: 4 },
  ],
};

export const GATHER_OPS = {
  take: takeDef,
  scatter_add: scatterAddDef,
} satisfies Record<string, OpDef>;
