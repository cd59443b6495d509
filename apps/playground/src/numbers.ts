/**
 * The numbers behind one forward node, for small tensors: sample inputs, the seeded params, the full
 * Jacobian ∂node/∂operand (built row by row by `jacobian`, never symbolically) and what backprop
 * computes instead — the operand's VJP for a sample cotangent, by the op's rule. Symbolic dims are
 * bound to 1 (one example).
 */
import { differentiate, evalDim, initBuffers, initParams, interpret, isFloat, jacobian, nodeMap, sizeOf, tensor, type Graph, type Node, type Tensor } from "@nnc/compiler";

export interface Matrix {
  readonly title: string;
  readonly rows: number;
  readonly cols: number;
  /** Row-major, rows × cols. */
  readonly data: readonly number[];
}

export interface OperandNumbers {
  readonly operand: string;
  /** ∂node/∂operand as matrices: one when the operand has rank ≤ 1, else one slice per output element. */
  readonly jacobian: readonly Matrix[];
  readonly jacobianShape: readonly number[];
  /** d<operand> for the sample cotangent, computed by the VJP rule. */
  readonly vjp: Matrix;
}

export interface NodeNumbers {
  readonly node: string;
  /** The sample values used: inputs, params, and the cotangent of the node. */
  readonly samples: readonly Matrix[];
  readonly operands: readonly OperandNumbers[];
}

const MAX_OUT = 9;
const MAX_IN = 81;

/** A tensor shown as a matrix: last axis across, everything else down. */
export function asMatrix(title: string, t: Tensor): Matrix {
  const cols = t.shape.length === 0 ? 1 : t.shape[t.shape.length - 1]!;
  const rows = cols === 0 ? 0 : t.data.length / cols;
  return { title, rows, cols, data: Array.from(t.data) };
}

function shapeOf(n: Node, env: Readonly<Record<string, number>>): number[] | undefined {
  const out: number[] = [];
  for (const d of n.type.shape) {
    const v = evalDim(d, env);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** Input k of a sample: 1, 2, 3, … (so patterns like δ_ij·a_k show the values of a plainly). */
function sampleInput(n: Node, shape: number[]): Tensor {
  const t = tensor(shape);
  for (let k = 0; k < t.data.length; k++) t.data[k] = isFloat(n.type.dtype) ? (k % 9) + 1 : 0;
  return t;
}

/** A sample cotangent: 1, −1, 0.5, 1, −1, 0.5, … */
function sampleCotangent(shape: readonly number[]): Tensor {
  const t = tensor(shape);
  const pattern = [1, -1, 0.5];
  for (let k = 0; k < t.data.length; k++) t.data[k] = pattern[k % 3]!;
  return t;
}

function jacobianMatrices(of: string, wrt: string, ofShape: readonly number[], wrtShape: readonly number[], values: Tensor): Matrix[] {
  const rows = sizeOf(ofShape);
  const cols = sizeOf(wrtShape);
  const data = Array.from(values.data);
  if (wrtShape.length <= 1) return [{ title: `∂${of}/∂${wrt}`, rows, cols, data }];
  const last = wrtShape[wrtShape.length - 1]!;
  return Array.from({ length: rows }, (_, i) => ({
    title: `∂${of}[${i}]/∂${wrt}`,
    rows: cols / last,
    cols: last,
    data: data.slice(i * cols, (i + 1) * cols),
  }));
}

function operandNumbers(
  graph: Graph,
  id: string,
  o: string,
  feeds: Readonly<Record<string, Tensor>>,
  cot: Tensor,
  outShape: readonly number[],
  wrtShape: readonly number[],
): OperandNumbers | null {
  try {
    const j = jacobian(graph, id, o, feeds);
    const r = differentiate({ graph, of: id, wrt: [o] });
    const cotFeed = r.cotangent === undefined ? {} : { [r.cotangent]: cot };
    const g = interpret(r.graph, { ...feeds, ...cotFeed }).get(r.grads[o]!)!;
    return { operand: o, jacobian: jacobianMatrices(id, o, outShape, wrtShape, j.values), jacobianShape: j.shape, vjp: asMatrix(`d${o}`, g) };
  } catch {
    // An operand the differentiation pass cannot take as `wrt` (an intermediate value): no numbers.
    return null;
  }
}

/**
 * Numbers for node `id` of `graph`, or a reason why there are none (not an op, too large, no float
 * operand). `seed` seeds the params exactly as `initParams` does everywhere else.
 */
export function nodeNumbers(graph: Graph, id: string, seed: number): NodeNumbers | { reason: string } {
  const byId = nodeMap(graph);
  const node = byId.get(id);
  if (node === undefined) return { reason: `no node ${id}` };
  if (node.op === "input" || node.op === "param" || node.op === "buffer" || node.op === "const") return { reason: "a source value: select an op to see its Jacobian" };
  if (!isFloat(node.type.dtype)) return { reason: "not a float value: no Jacobian" };
  const env = Object.fromEntries(graph.dims.map((d) => [d, 1]));
  const feeds: Record<string, Tensor> = {};
  for (const n of graph.nodes) {
    if (n.op !== "input") continue;
    const s = shapeOf(n, env);
    if (s === undefined) return { reason: `the shape of ${n.id} is not known` };
    feeds[n.id] = sampleInput(n, s);
  }
  const params = initParams(graph, seed);
  // Buffers (running statistics) are fed like params, at their initial values.
  Object.assign(feeds, params, initBuffers(graph, seed));
  const values = interpret(graph, feeds);
  const outShape = values.get(id)!.shape;
  if (sizeOf(outShape) > MAX_OUT) return { reason: `${id} has ${sizeOf(outShape)} elements: the numbers are shown for tensors of at most ${MAX_OUT}` };
  const operands = [...new Set(node.inputs)].filter((o) => {
    const n = byId.get(o)!;
    const v = values.get(o);
    return isFloat(n.type.dtype) && v !== undefined && sizeOf(v.shape) <= MAX_IN;
  });
  if (operands.length === 0) return { reason: `the operands of ${id} are too large (or not float) to show their Jacobians` };
  const cot = sampleCotangent(outShape);
  const result: OperandNumbers[] = [];
  for (const o of operands) {
    const got = operandNumbers(graph, id, o, feeds, cot, outShape, values.get(o)!.shape);
    if (got !== null) result.push(got);
  }
  if (result.length === 0) return { reason: `no Jacobian of ${id} could be evaluated` };
  const used = new Set(node.inputs);
  const samples = graph.nodes
    .filter((n) => used.has(n.id) && (n.op === "input" || n.op === "param"))
    .map((n) => asMatrix(n.id, feeds[n.id]!));
  samples.push(asMatrix(`d${id}`, cot));
  return { node: id, samples, operands: result };
}
