/**
 * Index arithmetic for the float64 reference evaluations: clear loops over row-major data.
 */
import { sizeOf, stridesOf, tensor, type Tensor } from "./tensor.ts";

/** Applies `f` to every element. */
export function map1(x: Tensor, f: (v: number) => number): Tensor {
  const out = tensor(x.shape);
  for (let i = 0; i < x.data.length; i++) out.data[i] = f(x.data[i]!);
  return out;
}

/** Applies `f` elementwise to operands of equal shape. */
export function map2(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const out = tensor(a.shape);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i]!, b.data[i]!);
  return out;
}

/** Multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    idx[i] = flat % d;
    flat = Math.floor(flat / d);
  }
  return idx;
}

/** NumPy right-aligned broadcast of `x` to `shape` (x's dims are 1 or equal). */
export function broadcastEval(x: Tensor, shape: readonly number[]): Tensor {
  const out = tensor(shape);
  const lead = shape.length - x.shape.length;
  const xs = stridesOf(x.shape);
  for (let i = 0; i < out.data.length; i++) {
    const idx = unravel(i, shape);
    let src = 0;
    for (let k = 0; k < x.shape.length; k++) if (x.shape[k] !== 1) src += idx[lead + k]! * xs[k]!;
    out.data[i] = x.data[src]!;
  }
  return out;
}

/**
 * Reduces `x` over `axes` with `combine` from `init`, returning the kept-dims shape's data
 * (reduced axes have size 1); the caller reshapes when keepdims is false.
 */
export function reduceEval(x: Tensor, axes: readonly number[], init: number, combine: (acc: number, v: number) => number): Tensor {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = tensor(kept);
  out.data.fill(init);
  const os = stridesOf(kept);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    let dst = 0;
    for (let k = 0; k < idx.length; k++) if (!axes.includes(k)) dst += idx[k]! * os[k]!;
    out.data[dst] = combine(out.data[dst]!, x.data[i]!);
  }
  return out;
}

/** Same data under another shape of equal size. */
export function withShape(x: Tensor, shape: readonly number[]): Tensor {
  if (sizeOf(shape) !== x.data.length) throw new Error(`reshape: ${x.data.length} values for shape [${shape.join(", ")}]`);
  return { shape: [...shape], data: x.data };
}

/** `out[idx] = x[idx permuted]`: output axis i is input axis perm[i]. */
export function transposeEval(x: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => x.shape[p]!);
  const out = tensor(shape);
  const xs = stridesOf(x.shape);
  for (let i = 0; i < out.data.length; i++) {
    const idx = unravel(i, shape);
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k]! * xs[perm[k]!]!;
    out.data[i] = x.data[src]!;
  }
  return out;
}

/** Rows (`outer` = product of dims before `axis`), the axis size and inner block size of a shape. */
export function splitAt(shape: readonly number[], axis: number): { outer: number; size: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), size: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)) };
}
