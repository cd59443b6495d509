/** Test helpers: build `op(inputs)` plus its VJP graph with a cotangent input, and feed it. */
import { isFloat, type Attrs, type Graph, type TensorType } from "@nnc/ir";
import { GraphBuilder, lookupOp, mulberry32, tensor, type OpSample, type Tensor } from "@nnc/ops";

export interface VjpGraph {
  readonly graph: Graph;
  readonly inputs: readonly string[];
  readonly out: string;
  readonly cot: string;
  readonly grads: readonly (string | null)[];
}

export function buildVjp(op: string, types: readonly TensorType[], attrs: Attrs): VjpGraph {
  const b = new GraphBuilder(lookupOp);
  const inputs = types.map((t, i) => b.addTyped("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, t, { name: `x${i}` }));
  const out = b.add(op, inputs, attrs, { name: "z" });
  const node = b.get(out);
  const cot = b.addTyped("input", [], { role: "cotangent", dtype: node.type.dtype, shape: node.type.shape }, node.type, { name: "dz" });
  const def = lookupOp(op)!;
  const grads = def.vjp({ b, node, inputs: inputs.map((i) => b.get(i)), cot, wanted: types.map((t) => isFloat(t.dtype)) });
  return { graph: b.finish([]), inputs, out, cot, grads };
}

type Domain = NonNullable<OpSample["domain"]>[number];

/** Seeded random values inside an operand's domain. */
export function randomIn(shape: readonly number[], domain: Domain, rand: () => number, classes = 3): Tensor {
  const x = tensor(shape);
  for (let i = 0; i < x.data.length; i++) {
    const u = rand();
    const mag = 0.5 + 1.5 * rand();
    x.data[i] = {
      any: 4 * u - 2,
      positive: mag,
      nonzero: u < 0.5 ? -mag : mag,
      unit: 0.05 + 0.9 * u,
      bool: u < 0.5 ? 0 : 1,
      label: Math.floor(u * classes),
    }[domain];
  }
  return x;
}

export const seeded = (seed: number): (() => number) => mulberry32(seed);
