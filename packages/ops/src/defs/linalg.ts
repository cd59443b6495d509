/**
 * matmul (NumPy semantics, with transA/transB flags on rank ≥ 2 operands) and outer.
 * Batch dims: when both operands have them (rank ≥ 3) they must be equal; a rank ≤ 2 operand is
 * shared across the other's batch (its gradient is then summed over the batch).
 */
import { dimEquals, dimToString, isFloat, shapeToString, shapesEqual, tensorType, type Attrs, type Dim, type TensorType } from "@nnc/ir";
import { broadcastTo, reshapeTo, sumTo } from "../build-helpers.ts";
import type { OpDef, OpSample, TypeRuleResult, VjpContext, VjpDoc, VjpNames } from "../op-def.ts";
import { attrBool, fmt, requireFloat, swapLastTwo } from "../rule-helpers.ts";
import { sizeOf, tensor, type Tensor } from "../tensor.ts";
import { withShape } from "../eval-helpers.ts";

/** Flags attrs with only the true ones, so plain matmuls print without attributes. */
function flags(transA: boolean, transB: boolean): Attrs {
  return { ...(transA ? { transA: true } : {}), ...(transB ? { transB: true } : {}) };
}

/** Last two dims of a rank ≥ 2 shape as [rows, cols], after the optional transpose. */
function rowsCols(shape: readonly Dim[], trans: boolean): [Dim, Dim] {
  const r = shape[shape.length - 2]!;
  const c = shape[shape.length - 1]!;
  return trans ? [c, r] : [r, c];
}

function matmulType([a, b]: readonly TensorType[], attrs: Attrs): TypeRuleResult {
  const A = a!;
  const B = b!;
  const tA = attrBool(attrs, "transA");
  const tB = attrBool(attrs, "transB");
  const shown = `${fmt(A)}${tA ? "ᵀ" : ""} @ ${fmt(B)}${tB ? "ᵀ" : ""}`;
  if (A.dtype !== B.dtype) return { error: `matmul: dtypes differ: ${shown}`, code: "E0201" };
  const fe = requireFloat("matmul", A);
  if (fe !== undefined) return fe;
  const ra = A.shape.length;
  const rb = B.shape.length;
  if (ra === 0 || rb === 0) return { error: `matmul needs operands of rank ≥ 1: ${shown}`, code: "E0302", help: "use `*` to multiply by a scalar" };
  if ((tA && ra < 2) || (tB && rb < 2)) return { error: `matmul: a transposed operand must have rank ≥ 2: ${shown}`, code: "E0302" };
  const [m, k1] = ra === 1 ? [undefined, A.shape[0]!] : rowsCols(A.shape, tA);
  const [k2, n] = rb === 1 ? [B.shape[0]!, undefined] : rowsCols(B.shape, tB);
  if (!dimEquals(k1, k2)) return { error: `inner dimensions differ: ${shown} (${dimToString(k1)} ≠ ${dimToString(k2)})`, code: "E0302", ...transposeHint(A, B, tA || tB) };
  const batchA = A.shape.slice(0, Math.max(0, ra - 2));
  const batchB = B.shape.slice(0, Math.max(0, rb - 2));
  if (batchA.length > 0 && batchB.length > 0 && !shapesEqual(batchA, batchB)) {
    return { error: `matmul: batch dimensions differ: ${shown} (${shapeToString(batchA)} ≠ ${shapeToString(batchB)})`, code: "E0302", help: "broadcast the operands to the same batch dims first" };
  }
  const batch = batchA.length > 0 ? batchA : batchB;
  return tensorType(A.dtype, [...batch, ...(m === undefined ? [] : [m]), ...(n === undefined ? [] : [n])]);
}

/** A help line when transposing one operand would make the inner dims agree. */
function transposeHint(a: TensorType, b: TensorType, flagged: boolean): { help?: string } {
  if (flagged) return {};
  const last = (t: TensorType): Dim => t.shape[t.shape.length - 1]!;
  const k = last(a);
  if (b.shape.length >= 2 && dimEquals(last(b), k)) {
    const bt = [...b.shape.slice(0, -2), last(b), b.shape[b.shape.length - 2]!];
    const tb = swapLastTwo("b", b.shape.length);
    return { help: `did you mean \`a @ ${tb}\`? ${tb} is ${shapeToString(bt)}, whose first matrix dim matches ${dimToString(k)}` };
  }
  const kb = b.shape.length === 1 ? b.shape[0]! : b.shape[b.shape.length - 2]!;
  if (a.shape.length >= 2 && dimEquals(a.shape[a.shape.length - 2]!, kb)) {
    const ta = swapLastTwo("a", a.shape.length);
    return { help: `did you mean \`${ta} @ b\`? ${ta}'s last dim would match ${dimToString(kb)}` };
  }
  return {};
}

/** Reference matmul: vectors promoted to [1, k] / [k, 1], shared operands reused across the batch. */
function matmulEval([a, b]: readonly Tensor[], attrs: Attrs, outShape: readonly number[]): Tensor {
  const tA = attrBool(attrs, "transA");
  const tB = attrBool(attrs, "transB");
  const A = a!.shape.length === 1 ? withShape(a!, [1, a!.shape[0]!]) : a!;
  const B = b!.shape.length === 1 ? withShape(b!, [b!.shape[0]!, 1]) : b!;
  const [m, k] = rowsCols(A.shape, tA) as [number, number];
  const n = rowsCols(B.shape, tB)[1] as number;
  const colsA = A.shape[A.shape.length - 1]!;
  const colsB = B.shape[B.shape.length - 1]!;
  const batchA = sizeOf(A.shape.slice(0, -2));
  const batchB = sizeOf(B.shape.slice(0, -2));
  const nb = Math.max(batchA, batchB);
  const out = tensor([nb, m, n]);
  for (let t = 0; t < nb; t++) {
    const ao = A.shape.length > 2 ? t * m * k : 0;
    const bo = B.shape.length > 2 ? t * k * n : 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = A.data[ao + (tA ? p * colsA + i : i * colsA + p)]!;
          const bv = B.data[bo + (tB ? j * colsB + p : p * colsB + j)]!;
          s += av * bv;
        }
        out.data[(t * m + i) * n + j] = s;
      }
    }
  }
  return withShape(out, outShape);
}

const mm = (c: VjpContext, x: string, y: string, tA: boolean, tB: boolean): string => c.b.add("matmul", [x, y], flags(tA, tB));

/**
 * Cotangents of Z = op(A)·op(B) for rank ≥ 2 operands, built with the flags (no transpose node):
 * dop(A) = dZ·op(B)ᵀ and dop(B) = op(A)ᵀ·dZ, then transposed back where A or B was flagged.
 */
function matrixGrads(c: VjpContext, g: string, a: string, b: string, tA: boolean, tB: boolean, want: readonly boolean[]): [string | null, string | null] {
  const da = want[0] !== true ? null : tA ? mm(c, b, g, tB, true) : mm(c, g, b, false, !tB);
  const db = want[1] !== true ? null : tB ? mm(c, g, a, true, tA) : mm(c, a, g, !tA, false);
  return [da, db];
}

function matmulVjp(c: VjpContext): (string | null)[] {
  if (!isFloat(c.node.type.dtype)) return [null, null];
  const [a, b] = [c.inputs[0]!, c.inputs[1]!];
  const tA = attrBool(c.node.attrs, "transA");
  const tB = attrBool(c.node.attrs, "transB");
  const ra = a.type.shape.length;
  const rb = b.type.shape.length;
  const w = c.wanted;
  const outer = (x: string, y: string): string => c.b.add("outer", [x, y]);
  if (ra === 1 && rb === 1) {
    const g = broadcastTo(c.b, c.cot, a.type.shape);
    return [w[0] === true ? c.b.add("mul", [g, b.id]) : null, w[1] === true ? c.b.add("mul", [g, a.id]) : null];
  }
  if (ra === 2 && rb === 1) {
    return [w[0] === true ? (tA ? outer(b.id, c.cot) : outer(c.cot, b.id)) : null, w[1] === true ? mm(c, a.id, c.cot, !tA, false) : null];
  }
  if (ra === 1 && rb === 2) {
    return [w[0] === true ? mm(c, b.id, c.cot, tB, false) : null, w[1] === true ? (tB ? outer(c.cot, a.id) : outer(a.id, c.cot)) : null];
  }
  // Batched forms with a vector: promote it to a matrix, apply the matrix rule, sum and reshape back.
  const k = ra === 1 ? a.type.shape[0]! : b.type.shape[0]!;
  const a2 = ra === 1 ? reshapeTo(c.b, a.id, [1, k]) : a.id;
  const b2 = rb === 1 ? reshapeTo(c.b, b.id, [k, 1]) : b.id;
  const z = c.node.type.shape;
  const z2 = ra === 1 ? [...z.slice(0, -1), 1, z[z.length - 1]!] : rb === 1 ? [...z, 1] : z;
  const [da, db] = matrixGrads(c, reshapeTo(c.b, c.cot, z2), a2, b2, tA, tB, w);
  const back = (g: string | null, op: string, promoted: string): string | null =>
    g === null ? null : reshapeTo(c.b, sumTo(c.b, g, c.b.type(promoted).shape), c.b.type(op).shape);
  return [back(da, a.id, a2), back(db, b.id, b2)];
}

/** Worded per operand ranks: mat-vec `b = W @ a` gives `dW = db ⊗ a` and `da = Wᵀ·db`. */
function matmulDoc(i: 0 | 1): VjpDoc {
  const parts = (n: VjpNames): readonly [string, string] => {
    const [x, y] = [n.ins[0] ?? "A", n.ins[1] ?? "B"];
    const [ra, rb] = [n.ranks[0] ?? 2, n.ranks[1] ?? 2];
    const [z, dz, dx, dy] = [n.out, n.d(n.out), n.d(x), n.d(y)];
    if (ra === 1 && rb === 1) return i === 0 ? [`${dx} = ${dz}·${y}`, `∂${z}/∂${x}_k = ${y}_k`] : [`${dy} = ${dz}·${x}`, `∂${z}/∂${y}_k = ${x}_k`];
    if (rb === 1) return i === 0 ? [`${dx} = ${dz} ⊗ ${y}`, `∂${z}_i/∂${x}_jk = δ_ij·${y}_k`] : [`${dy} = ${x}ᵀ·${dz}`, `∂${z}_i/∂${y}_k = ${x}_ik`];
    if (ra === 1) return i === 0 ? [`${dx} = ${y}·${dz}`, `∂${z}_j/∂${x}_k = ${y}_kj`] : [`${dy} = ${x} ⊗ ${dz}`, `∂${z}_j/∂${y}_kl = ${x}_k·δ_jl`];
    return i === 0 ? [`${dx} = ${dz}·${y}ᵀ`, `∂${z}_ij/∂${x}_kl = δ_ik·${y}_lj`] : [`${dy} = ${x}ᵀ·${dz}`, `∂${z}_ij/∂${y}_kl = ${x}_ik·δ_jl`];
  };
  return { formula: (n) => parts(n)[0], why: (n) => parts(n)[1] };
}

const f64 = (shape: number[]): TensorType => tensorType("f64", shape);
const s = (label: string, a: number[], b: number[], tA = false, tB = false): OpSample => ({ label, inputs: [f64(a), f64(b)], attrs: flags(tA, tB) });

export const LINALG_OPS = {
  matmul: {
    name: "matmul",
    arity: 2,
    summary: "NumPy matmul (vector·vector, matrix·vector, vector·matrix, matrix·matrix, batched)",
    type: matmulType,
    evaluate: (ins, ctx) => matmulEval(ins, ctx.attrs, ctx.outShape),
    vjp: matmulVjp,
    vjpDoc: [matmulDoc(0), matmulDoc(1)],
    samples: [
      s("(3,4)@(4,5)", [3, 4], [4, 5]),
      s("(4,3)ᵀ@(4,5)", [4, 3], [4, 5], true),
      s("(3,4)@(5,4)ᵀ", [3, 4], [5, 4], false, true),
      s("(4,3)ᵀ@(5,4)ᵀ", [4, 3], [5, 4], true, true),
      s("mat-vec (3,4)@(4)", [3, 4], [4]),
      s("mat-vec (4,3)ᵀ@(4)", [4, 3], [4], true),
      s("vec-mat (4)@(4,5)", [4], [4, 5]),
      s("vec-mat (4)@(5,4)ᵀ", [4], [5, 4], false, true),
      s("vec-vec (4)@(4)", [4], [4]),
      s("batched (2,3,4)@(2,4,5)", [2, 3, 4], [2, 4, 5]),
      s("batched flags (2,4,3)ᵀ@(2,5,4)ᵀ", [2, 4, 3], [2, 5, 4], true, true),
      s("shared weight (2,3,4)@(4,5)", [2, 3, 4], [4, 5]),
      s("shared lhs (3,4)@(2,4,5)", [3, 4], [2, 4, 5]),
      // Rows and columns in whole 4×4 blocks: the f32 batch runs as one SIMD call, forward and backward.
      s("batched 4-blocks (2,4,4)@(2,4,8)", [2, 4, 4], [2, 4, 8]),
      s("shared lhs 4-blocks (4,4)@(2,4,8)", [4, 4], [2, 4, 8]),
      s("batched mat-vec (2,3,4)@(4)", [2, 3, 4], [4]),
      s("vec-batched (4)@(2,4,5)ᵀ", [4], [2, 5, 4], false, true),
      // The f32 products that copy an operand transposed and multiply as A·B (codegen-ts kernels/linalg.ts PACK): Aᵀ·B
      // with K ≥ 128 rows and N ≥ 32, A·Bᵀ with M ≥ 128 rows and N ≥ 16 (Bᵀ in 16-column panels where N % 16 = 0).
      s("tall (128,6)ᵀ@(128,36)", [128, 6], [128, 36], true),
      s("tall (128,6)@(36,6)ᵀ", [128, 6], [36, 6], false, true),
      s("panels (129,5)@(32,5)ᵀ", [129, 5], [32, 5], false, true),
    ],
  },
  outer: {
    name: "outer",
    arity: 2,
    summary: "outer product of two vectors: z_ij = a_i·b_j",
    type: ([a, b]) => {
      if (a!.dtype !== b!.dtype) return { error: `outer: dtypes differ: ${fmt(a!)} and ${fmt(b!)}`, code: "E0201" };
      if (a!.shape.length !== 1 || b!.shape.length !== 1) return { error: `outer takes two vectors, got ${fmt(a!)} and ${fmt(b!)}`, code: "E0302" };
      return requireFloat("outer", a!) ?? tensorType(a!.dtype, [a!.shape[0]!, b!.shape[0]!]);
    },
    evaluate: ([a, b]) => {
      const [m, n] = [a!.shape[0]!, b!.shape[0]!];
      const out = tensor([m, n]);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = a!.data[i]! * b!.data[j]!;
      return out;
    },
    vjp: (c) => [
      c.wanted[0] === true ? mm(c, c.cot, c.inputs[1]!.id, false, false) : null,
      c.wanted[1] === true ? mm(c, c.cot, c.inputs[0]!.id, true, false) : null,
    ],
    vjpDoc: [
      { formula: (n) => `${n.d(n.ins[0] ?? "a")} = ${n.d(n.out)}·${n.ins[1] ?? "b"}`, why: (n) => `∂${n.out}_ij/∂${n.ins[0] ?? "a"}_k = δ_ik·${n.ins[1] ?? "b"}_j` },
      { formula: (n) => `${n.d(n.ins[1] ?? "b")} = ${n.d(n.out)}ᵀ·${n.ins[0] ?? "a"}`, why: (n) => `∂${n.out}_ij/∂${n.ins[1] ?? "b"}_k = ${n.ins[0] ?? "a"}_i·δ_jk` },
    ],
    samples: [s("(3)⊗(4)", [3], [4])],
  },
} satisfies Record<string, OpDef>;
