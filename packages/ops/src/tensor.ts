/**
 * A concrete tensor for reference evaluation: row-major values in float64 whatever the dtype
 * (i32 and bool are stored as whole numbers and 0/1).
 */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function tensor(shape: readonly number[], data?: ArrayLike<number>): Tensor {
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  if (data !== undefined) {
    if (data.length !== n) throw new Error(`tensor: ${data.length} values for shape [${shape.join(", ")}]`);
    out.set(data);
  }
  return { shape: [...shape], data: out };
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}
