/**
 * Shared helpers of the ONNX suites: run an exported model in onnxruntime-node (CPU provider) and
 * compare its outputs with nnc's float64 values.
 */
import * as ort from "onnxruntime-node";

export type OrtDType = "f32" | "f64" | "i32" | "i64" | "bool";

export interface OrtFeed {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
  readonly dtype: OrtDType;
}

export interface OrtResult {
  readonly shape: number[];
  readonly data: Float64Array;
}

function ortTensor(f: OrtFeed): ort.Tensor {
  const dims = [...f.shape];
  const n = f.data.length;
  switch (f.dtype) {
    case "f32":
      return new ort.Tensor("float32", Float32Array.from(f.data), dims);
    case "f64":
      return new ort.Tensor("float64", Float64Array.from(f.data), dims);
    case "i32":
      return new ort.Tensor("int32", Int32Array.from(f.data), dims);
    case "i64":
      return new ort.Tensor("int64", BigInt64Array.from(Array.from({ length: n }, (_, i) => BigInt(Math.trunc(f.data[i]!)))), dims);
    case "bool":
      return new ort.Tensor("bool", Uint8Array.from(Array.from({ length: n }, (_, i) => (f.data[i] !== 0 ? 1 : 0))), dims);
  }
}

function toFloat64(t: ort.Tensor): Float64Array {
  const d = t.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) return Float64Array.from(d, (v) => Number(v));
  if (typeof d[0] === "string") throw new Error(`onnx output of type ${t.type} is not numeric`);
  return Float64Array.from(d as ArrayLike<number>);
}

/** Runs `bytes` once in a fresh session; every graph output (or the named ones) as float64. */
export async function runOnnx(bytes: Uint8Array, feeds: Readonly<Record<string, OrtFeed>>, outputs?: readonly string[]): Promise<Record<string, OrtResult>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"], graphOptimizationLevel: "all", intraOpNumThreads: 1 });
  try {
    const input = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, ortTensor(f)]));
    const out = outputs === undefined ? await session.run(input) : await session.run(input, [...outputs]);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { shape: [...t.dims], data: toFloat64(t) }]));
  } finally {
    await session.release();
  }
}

/** The worst |got − want| / max(|want|, 1) and where; NaN anywhere counts as worst (Infinity). */
export function closeTo(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): { ok: boolean; worst: number; at: number } {
  if (got.length !== want.length) return { ok: false, worst: Infinity, at: -1 };
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    const err = Number.isNaN(g) !== Number.isNaN(w) ? Infinity : Number.isNaN(w) || g === w ? 0 : Math.abs(g - w) / Math.max(Math.abs(w), 1);
    if (err > worst) [worst, at] = [err, i];
  }
  return { ok: worst <= tol, worst, at };
}
