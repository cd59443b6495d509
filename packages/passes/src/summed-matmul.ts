/**
 * A sum of products aᵢᵀ·dᵢ as one product of the stacked rows:
 *
 *   a₁ᵀ·d₁ + a₂ᵀ·d₂ + … + aₙᵀ·dₙ = [a₁; a₂; …; aₙ]ᵀ·[d₁; d₂; …; dₙ]
 *
 * (aᵢ: [Kᵢ, M], dᵢ: [Kᵢ, N]; stacking along axis 0 concatenates the summed index). This is the
 * gradient of a weight shared by the steps of an unrolled scan: differentiation sums the uses'
 * cotangents (`fanout`) as a chain of adds of matmul(xₜ, dyₜ, transA), each product in an array of
 * its own until the chain ends (the LSTM's dWh: 16 arrays of 128×512). After the rewrite the
 * backward graph reads dW = matmul(concat(x…), concat(dy…), transA): one product, one array.
 *
 * The sum is an add tree: adds of the root's type whose inner adds have no other use. Its leaves
 * that are matmul(a, d, transA) of rank-2 operands with no other attributes, no other use, and
 * a, d, root of one dtype with a's columns M and d's columns N the root's [M, N], are replaced
 * (when there are at least 2) by the one product; the other leaves are added to it. The root keeps
 * its id and type; the leaves and inner adds left unused are removed by dce.
 *
 * The pass builds its node list itself instead of going through rewrite.ts: it expands one node (the
 * root) into several new ones (two concats, the product, the remaining adds), which rewrite's Visit
 * (keep a node or replace it by an earlier one) cannot express. It never removes or renames a node,
 * so no operand, output or update needs redirecting.
 */
import { dimAdd, dimEquals, shapesEqual, type Graph, type Node } from "@nnc/ir";

type Users = ReadonlyMap<string, number>;

function useCounts(g: Graph): Users {
  const uses = new Map<string, number>();
  for (const n of g.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of g.outputs) uses.set(o.id, (uses.get(o.id) ?? 0) + 1);
  for (const u of g.updates ?? []) uses.set(u.value, (uses.get(u.value) ?? 0) + 1);
  return uses;
}

const sameType = (a: Node, b: Node): boolean => a.type.dtype === b.type.dtype && shapesEqual(a.type.shape, b.type.shape);

/**
 * The add tree's leaves under `root`, left to right: inner adds are of the root's type and used once.
 * An explicit stack (operands pushed right to left): a chain of thousands of adds is no deeper a call.
 */
function sumLeaves(root: Node, byId: ReadonlyMap<string, Node>, uses: Users): string[] {
  const out: string[] = [];
  const stack = [...root.inputs].reverse();
  while (stack.length > 0) {
    const id = stack.pop()!;
    const n = byId.get(id);
    if (n !== undefined && n.op === "add" && n.id !== root.id && uses.get(id) === 1 && sameType(n, root)) {
      for (let k = n.inputs.length - 1; k >= 0; k--) stack.push(n.inputs[k]!);
    } else out.push(id);
  }
  return out;
}

/** matmul(a, d, transA) whose stacking is exact: rank 2, only the transA attribute, one use, the root's dtype and columns. */
function stackable(id: string, root: Node, byId: ReadonlyMap<string, Node>, uses: Users): boolean {
  const mm = byId.get(id);
  if (mm?.op !== "matmul" || uses.get(id) !== 1 || !sameType(mm, root) || root.type.shape.length !== 2) return false;
  if (mm.attrs.transA !== true || Object.keys(mm.attrs).some((k) => k !== "transA" && !(k === "transB" && mm.attrs.transB === false))) return false;
  const [a, d] = mm.inputs.map((i) => byId.get(i));
  if (a === undefined || d === undefined || a.type.shape.length !== 2 || d.type.shape.length !== 2) return false;
  if (a.type.dtype !== root.type.dtype || d.type.dtype !== root.type.dtype) return false;
  const [m, n] = root.type.shape;
  return dimEquals(a.type.shape[1]!, m!) && dimEquals(d.type.shape[1]!, n!) && dimEquals(a.type.shape[0]!, d.type.shape[0]!);
}

/** A fresh id derived from `base`, unused in `taken` (which it joins). */
function freshId(base: string, taken: Set<string>): string {
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}_${k}`;
  taken.add(id);
  return id;
}

function spanOf(n: Node): Pick<Node, "span" | "origin" | "step"> {
  return { ...(n.span === undefined ? {} : { span: n.span }), ...(n.origin === undefined ? {} : { origin: n.origin }), ...(n.step === undefined ? {} : { step: n.step }) };
}

/** concat(ids) along axis 0: the rows of each operand, in order. */
function stackRows(ids: readonly string[], byId: ReadonlyMap<string, Node>, id: string, like: Node): Node {
  const parts = ids.map((i) => byId.get(i)!);
  const rows = parts.map((p) => p.type.shape[0]!).reduce((s, k) => dimAdd(s, k));
  const shape = [rows, parts[0]!.type.shape[1]!];
  return { id, op: "concat", inputs: [...ids], attrs: { axis: 0 }, type: { dtype: like.type.dtype, shape }, ...spanOf(like) };
}

/** The rewritten sum: the stacked product, then the other leaves added in order, the last add (or the product) taking the root's id. */
function stackedSum(root: Node, leaves: readonly string[], byId: ReadonlyMap<string, Node>, uses: Users, taken: Set<string>): Node[] | undefined {
  const products = leaves.filter((l) => stackable(l, root, byId, uses));
  if (products.length < 2 || new Set(products).size !== products.length) return undefined;
  const stacked = new Set(products);
  const rest = leaves.filter((l) => !stacked.has(l));
  const a = stackRows(products.map((p) => byId.get(p)!.inputs[0]!), byId, freshId(`${root.id}_rows_a`, taken), root);
  const d = stackRows(products.map((p) => byId.get(p)!.inputs[1]!), byId, freshId(`${root.id}_rows_d`, taken), root);
  const productId = rest.length === 0 ? root.id : freshId(`${root.id}_stacked`, taken);
  const out: Node[] = [a, d, { id: productId, op: "matmul", inputs: [a.id, d.id], attrs: { transA: true }, type: root.type, ...spanOf(root) }];
  let acc = productId;
  rest.forEach((l, k) => {
    const id = k === rest.length - 1 ? root.id : freshId(`${root.id}_sum`, taken);
    out.push({ id, op: "add", inputs: [acc, l], attrs: {}, type: root.type, ...spanOf(root) });
    acc = id;
  });
  return out;
}

export function summedMatmul(g: Graph): Graph {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const uses = useCounts(g);
  const taken = new Set(byId.keys());
  // Roots: adds that are not an inner add of a larger tree (one use, by an add of the same type).
  const inner = new Set<string>();
  for (const n of g.nodes) {
    if (n.op !== "add") continue;
    for (const i of n.inputs) {
      const c = byId.get(i);
      if (c?.op === "add" && uses.get(i) === 1 && sameType(c, n)) inner.add(i);
    }
  }
  const nodes: Node[] = [];
  for (const n of g.nodes) {
    const out = n.op === "add" && !inner.has(n.id) ? stackedSum(n, sumLeaves(n, byId, uses), byId, uses, taken) : undefined;
    if (out === undefined) nodes.push(n);
    else nodes.push(...out);
  }
  return { ...g, nodes };
}
