/** Test helpers: evaluate one op record on concrete tensors (types derived from the shapes). */
import { tensorType, type Attrs, type DType, type TensorType } from "@nnc/ir";
import { isTypeError, type TypeRuleResult } from "../op-def.ts";
import { lookupOp } from "../table.ts";
import { tensor, type Tensor } from "../tensor.ts";

export function t(shape: readonly number[], data: readonly number[]): Tensor {
  return tensor(shape, data);
}

export function typeOf(op: string, types: readonly TensorType[], attrs: Attrs = {}): TypeRuleResult {
  const def = lookupOp(op);
  if (def === undefined) throw new Error(`no op ${op}`);
  return def.type(types, attrs);
}

/** Runs `op` on `inputs` (of `dtype`, or per-operand dtypes), checking the type rule agrees with the result shape. */
export function run(op: string, inputs: readonly Tensor[], attrs: Attrs = {}, dtype: DType | readonly DType[] = "f64", training = false): Tensor {
  const dt = (i: number): DType => (typeof dtype === "string" ? dtype : (dtype[i] ?? "f64"));
  const ty = typeOf(op, inputs.map((x, i) => tensorType(dt(i), x.shape)), attrs);
  if (isTypeError(ty)) throw new Error(ty.error);
  const outShape = ty.shape.map((d) => {
    if (typeof d !== "number") throw new Error("symbolic");
    return d;
  });
  const out = lookupOp(op)!.evaluate(inputs, { attrs, outShape, dims: {}, training });
  return out;
}

export const vals = (x: Tensor): number[] => [...x.data];
