import { hasErrors, type Diagnostic } from "@nnc/diagnostics";
import type { Graph } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { lookupOp, sizeOf, tensor, type OpLookup, type Tensor } from "@nnc/ops";
import { differentiate } from "@nnc/autodiff";

export interface JacobianResult {
  /** `[...of.shape, ...wrt.shape]`, concrete. */
  readonly shape: number[];
  /** J[i..., k...] = ∂of[i...]/∂wrt[k...], row-major in that shape. */
  readonly values: Tensor;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The full Jacobian of `of` with respect to `wrt` at `feeds`, one row per element of `of`: the
 * backward graph is evaluated (reference interpreter) with each basis cotangent e_i, giving row
 * e_iᵀ·J. ∂of/∂wrt is never built symbolically. Throws when `of` or `wrt` is not a float value.
 */
export function jacobian(graph: Graph, of: string, wrt: string, feeds: Readonly<Record<string, Tensor>>, lookup: OpLookup = lookupOp): JacobianResult {
  const r = differentiate({ graph, of, wrt: [wrt], lookup });
  if (hasErrors(r.diagnostics)) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  const grad = r.grads[wrt]!;
  const forward = interpret(graph, { ...feeds });
  const ofShape = forward.get(of)!.shape;
  const wrtShape = forward.get(wrt)!.shape;
  const shape = [...ofShape, ...wrtShape];
  const values = tensor(shape);
  const cot = r.cotangent;
  if (cot === undefined) {
    values.data.set(interpret(r.graph, { ...feeds }).get(grad)!.data);
    return { shape, values, diagnostics: r.diagnostics };
  }
  const rows = sizeOf(ofShape);
  const cols = sizeOf(wrtShape);
  for (let i = 0; i < rows; i++) {
    const e = tensor(ofShape);
    e.data[i] = 1;
    const row = interpret(r.graph, { ...feeds, [cot]: e }).get(grad)!;
    values.data.set(row.data, i * cols);
  }
  return { shape, values, diagnostics: r.diagnostics };
}
