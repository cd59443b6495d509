/** Shape built-ins: reshape (one −1 solved symbolically), transpose, flatten, concat. */
import { dimDiv, dimEquals, dimProduct, dimToString, isConcrete, shapesEqual, shapeToString, typeToString, type Dim } from "@nnc/ir";
import { POISON, type Value } from "../values.ts";
import { normAxis } from "./helpers.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

function count(shape: readonly Dim[]): string {
  const n = dimProduct(shape);
  return `${dimToString(n)} element${n === 1 ? "" : "s"}`;
}

function reshape(c: CallCtx): Value {
  const x = c.args.tensor("x");
  const target = c.args.dims("shape");
  const at = c.args.span("shape");
  const holes = target.filter((d) => d === -1).length;
  if (holes > 1) {
    c.ctx.report("E0304", `a reshape target may contain at most one -1, found ${holes}`, at, { label: "more than one -1" });
    return POISON;
  }
  const bad = target.find((d) => isConcrete(d) && d !== -1 && d < 1);
  if (bad !== undefined) {
    c.ctx.report("E0304", `reshape dimensions must be positive (or a single -1), found ${dimToString(bad)}`, at, { label: "invalid dimension" });
    return POISON;
  }
  const total = dimProduct(x.type.shape);
  const known = dimProduct(target.filter((d) => d !== -1));
  let shape: Dim[] = target;
  if (holes === 1) {
    const missing = dimDiv(total, known);
    if (missing === undefined || (isConcrete(missing) && missing < 1)) {
      c.ctx.report("E0304", `cannot reshape ${typeToString(x.type)} (${count(x.type.shape)}) into ${shapeToString(target)}: ${dimToString(total)} is not a multiple of ${dimToString(known)}`, at, {
        label: `the other dimensions hold ${dimToString(known)} elements`,
      });
      return POISON;
    }
    shape = target.map((d) => (d === -1 ? missing : d));
  } else if (!dimEquals(total, known)) {
    c.ctx.report("E0304", `cannot reshape ${typeToString(x.type)} (${count(x.type.shape)}) into ${shapeToString(target)} (${count(target)})`, at, {
      label: count(target),
      help: "the element counts must be equal; use -1 for one dimension to have it computed",
    });
    return POISON;
  }
  if (shapesEqual(shape, x.type.shape)) return x;
  return c.ctx.op("reshape", [x], { shape }, c.span);
}

function transpose(c: CallCtx): Value {
  const x = c.args.tensor("x");
  const rank = x.type.shape.length;
  const given = c.args.axes("perm");
  if (given === undefined) {
    if (rank <= 1) return x;
    return c.ctx.op("transpose", [x], { perm: Array.from({ length: rank }, (_, i) => rank - 1 - i) }, c.span);
  }
  const perm: number[] = [];
  for (const a of given.axes) {
    const n = normAxis(c, a, rank, "perm", x);
    if (n === undefined) return POISON;
    perm.push(n);
  }
  if (perm.length !== rank || new Set(perm).size !== rank) {
    c.ctx.report("E0303", `${shapeToString(given.axes)} is not a permutation of the ${rank} axes of ${typeToString(x.type)}`, c.args.span("perm"), {
      label: "not a permutation",
      help: `list each axis 0..${rank - 1} exactly once`,
    });
    return POISON;
  }
  if (perm.every((p, i) => p === i)) return x;
  return c.ctx.op("transpose", [x], { perm }, c.span);
}

function flatten(c: CallCtx): Value {
  const x = c.args.tensor("x");
  const s = x.type.shape;
  if (s.length === 0) {
    c.ctx.report("E0303", `cannot flatten the scalar ${typeToString(x.type)}: it has no axis 0 to keep`, c.args.span("x"), { label: "a scalar" });
    return POISON;
  }
  if (s.length <= 2) return x;
  return c.ctx.op("reshape", [x], { shape: [s[0]!, dimProduct(s.slice(1))] }, c.span);
}

function concat(c: CallCtx): Value {
  const parts = c.args.tensors("xs");
  const first = parts[0]!;
  const rank = first.value.type.shape.length;
  const axis = normAxis(c, c.args.number("axis"), rank, "axis", first.value);
  if (axis === undefined) return POISON;
  for (const p of parts) {
    const t = p.value.type;
    const label = { label: `this is ${typeToString(t)}`, labels: [{ span: first.span, message: `the first is ${typeToString(first.value.type)}` }] };
    if (t.dtype !== first.value.type.dtype) {
      c.ctx.report("E0201", `\`concat\` operands have different element types: ${first.value.type.dtype} and ${t.dtype}`, p.span, label);
      return POISON;
    }
    const sameRest = t.shape.length === rank && t.shape.every((d, i) => i === axis || dimEquals(d, first.value.type.shape[i]!));
    if (!sameRest) {
      c.ctx.report("E0305", `cannot concat ${typeToString(first.value.type)} and ${typeToString(t)} along axis ${axis}: the other dimensions differ`, p.span, {
        ...label,
        notes: ["all operands must have the same rank and equal dimensions except along the concat axis"],
      });
      return POISON;
    }
  }
  if (parts.length === 1) return first.value;
  return c.ctx.op("concat", parts.map((p) => p.value), { axis }, c.span);
}

export const SHAPE_BUILTINS: readonly BuiltinDef[] = [
  {
    name: "reshape",
    summary: "same elements, new shape; one -1 is computed",
    params: [
      { name: "x", kind: "tensor" },
      { name: "shape", kind: "shape" },
    ],
    lower: reshape,
  },
  {
    name: "transpose",
    summary: "permute axes (default: reverse them)",
    params: [
      { name: "x", kind: "tensor" },
      { name: "perm", kind: "ints", optional: true },
    ],
    lower: transpose,
  },
  { name: "flatten", summary: "[N, d1, d2, …] → [N, d1·d2·…]", params: [{ name: "x", kind: "tensor" }], lower: flatten },
  {
    name: "concat",
    summary: "join tensors along `axis`",
    params: [
      { name: "xs", kind: "tensors" },
      { name: "axis", kind: "int" },
    ],
    lower: concat,
  },
];
