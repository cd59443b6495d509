/** ONNX element types: TensorProto.DataType codes and the names `nnc export` reports. */
import type { OnnxDType } from "./contract.ts";

export const ONNX_ELEM = {
  f32: { code: 1, name: "float" },
  f64: { code: 11, name: "double" },
  i32: { code: 6, name: "int32" },
  i64: { code: 7, name: "int64" },
  bool: { code: 9, name: "bool" },
} as const satisfies Record<OnnxDType, { readonly code: number; readonly name: string }>;

/** The `to` attribute of a Cast to `dtype`. */
export function castTo(dtype: OnnxDType): { readonly i: number } {
  return { i: ONNX_ELEM[dtype].code };
}

type Put = (v: DataView, at: number, x: number) => void;

/** Bytes per element and a little-endian writer for each stored type (ONNX raw_data is little-endian). */
const RAW: Record<OnnxDType, { readonly size: number; readonly put: Put }> = {
  f32: { size: 4, put: (v, at, x) => { v.setFloat32(at, x, true); } },
  f64: { size: 8, put: (v, at, x) => { v.setFloat64(at, x, true); } },
  i32: { size: 4, put: (v, at, x) => { v.setInt32(at, Math.trunc(x), true); } },
  i64: { size: 8, put: (v, at, x) => { v.setBigInt64(at, BigInt(Math.trunc(x)), true); } },
  bool: { size: 1, put: (v, at, x) => { v.setUint8(at, x !== 0 ? 1 : 0); } },
};

/** The raw_data bytes of `data` stored as `dtype`. */
export function rawBytes(dtype: OnnxDType, data: ArrayLike<number>): Uint8Array {
  const { size, put } = RAW[dtype];
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) put(view, i * size, data[i]!);
  return out;
}
