/**
 * Matmuls with a matrix shared across a batch (`x @ W` with x: [B, T, D], W: [D, N]), as one product.
 *
 * Lowering makes both operands' batch dims equal, so `x @ W` arrives as matmul(x, broadcast(W)) and
 * its gradient for W as reduce_sum(matmul(x, dy, transA), batch axes). Two rewrites, each keeping
 * the node's id and type exactly:
 *
 *   matmul(a, broadcast(W))  → matmul(a, W)   when W has rank 2, the broadcast only prepends batch
 *   matmul(broadcast(W), b)  → matmul(W, b)   dims, and the other operand has the result's rank (it
 *                                             carries the batch dims: the op's "shared operand" form;
 *                                             codegen runs it as one [batch·M, K] product when a is
 *                                             not transposed)
 *   reduce_sum(matmul(a, d, transA), every batch axis), a and d with equal batch dims
 *                            → matmul(reshape(a, [n·M, K]), reshape(d, [n·M, N]), transA)
 *     since Σ_b a_bᵀ·d_b = [a_1; …; a_n]ᵀ·[d_1; …; d_n] (reshapes of contiguous data cost nothing).
 *
 * The broadcasts left unused are removed by dce.
 */
import { dimProduct, shapesEqual, type Attrs, type Dim, type Graph, type Node } from "@nnc/ir";

/** W when `id` is broadcast(W) with W of rank 2, whose result only prepends dims to W's shape. */
function sharedMatrix(id: string | undefined, byId: ReadonlyMap<string, Node>): string | undefined {
  const n = id === undefined ? undefined : byId.get(id);
  if (n?.op !== "broadcast") return undefined;
  const w = byId.get(n.inputs[0] ?? "");
  if (w === undefined || w.type.shape.length !== 2) return undefined;
  return shapesEqual(n.type.shape.slice(-2), w.type.shape) ? w.id : undefined;
}

const flag = (attrs: Attrs, name: string): boolean => attrs[name] === true;

/** matmul(a, d, transA) whose batch axes `n` sums, all of them and nothing else; or undefined. */
function summedBatchProduct(n: Node, byId: ReadonlyMap<string, Node>): Node | undefined {
  if (n.op !== "reduce_sum" || n.attrs.keepdims === true) return undefined;
  const mm = byId.get(n.inputs[0] ?? "");
  if (mm?.op !== "matmul" || !flag(mm.attrs, "transA") || flag(mm.attrs, "transB")) return undefined;
  const [a, d] = mm.inputs.map((i) => byId.get(i));
  const rank = mm.type.shape.length;
  if (a === undefined || d === undefined || rank < 3 || a.type.shape.length !== rank || d.type.shape.length !== rank) return undefined;
  // Stacking the rows of a and d pairs a_b with d_b only when both have the same batch dims.
  if (!shapesEqual(a.type.shape.slice(0, -2), d.type.shape.slice(0, -2))) return undefined;
  const axes = n.attrs.axes;
  const batch = Array.from({ length: rank - 2 }, (_, i) => i);
  const sumsBatch = Array.isArray(axes) && axes.length === batch.length && batch.every((i) => axes[i] === i);
  return sumsBatch ? mm : undefined;
}

/** A fresh id derived from `base`, unused in `taken` (which it joins). */
function freshId(base: string, taken: Set<string>): string {
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}_${k}`;
  taken.add(id);
  return id;
}

/** The rows of a [batch…, M, C] value stacked: reshape to [batch·M, C]. */
function stacked(v: Node, taken: Set<string>, like: Node): Node {
  const s = v.type.shape;
  const shape: Dim[] = [dimProduct(s.slice(0, -1)), s[s.length - 1]!];
  const id = freshId(`${v.id}_rows`, taken);
  return { id, op: "reshape", inputs: [v.id], attrs: { shape }, type: { dtype: v.type.dtype, shape }, ...spanOf(like) };
}

function spanOf(n: Node): Pick<Node, "span" | "origin" | "step"> {
  return { ...(n.span === undefined ? {} : { span: n.span }), ...(n.origin === undefined ? {} : { origin: n.origin }), ...(n.step === undefined ? {} : { step: n.step }) };
}

export function sharedMatmul(g: Graph): Graph {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const taken = new Set(byId.keys());
  const nodes: Node[] = [];
  for (const n of g.nodes) {
    if (n.op === "matmul") {
      const [a, b] = n.inputs;
      // The other operand must carry the batch dims (its rank is the result's), or the product of
      // the matrix itself would lose them: matmul(a: [3, 4], W: [4, 5]) is [3, 5], not [2, 3, 5].
      const batched = (id: string | undefined): boolean => (byId.get(id ?? "")?.type.shape.length ?? 0) === n.type.shape.length;
      const wb = batched(a) ? sharedMatrix(b, byId) : undefined;
      const wa = wb === undefined && batched(b) ? sharedMatrix(a, byId) : undefined;
      if (wb !== undefined) nodes.push({ ...n, inputs: [a!, wb] });
      else if (wa !== undefined) nodes.push({ ...n, inputs: [wa, b!] });
      else nodes.push(n);
      continue;
    }
    const mm = summedBatchProduct(n, byId);
    if (mm === undefined) {
      nodes.push(n);
      continue;
    }
    const [a, d] = [byId.get(mm.inputs[0]!)!, byId.get(mm.inputs[1]!)!];
    const ra = stacked(a, taken, n);
    const rd = stacked(d, taken, n);
    nodes.push(ra, rd, { ...n, op: "matmul", inputs: [ra.id, rd.id], attrs: { transA: true } });
  }
  return { ...g, nodes };
}
