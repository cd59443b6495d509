/**
 * The SIMD runtime of a generated class: the matmul kernel module's bytes (assembled by
 * ../wasm/matmul-simd.ts when the code is generated), `simdArrays`, which places every planned buffer
 * in one WebAssembly memory and instantiates the kernels on it, and the registry the matmul helpers
 * consult. Where WebAssembly or its SIMD is missing, `simdArrays` returns plain arrays and the
 * matmul helpers take their scalar path: the scalar kernel stays the reference and the fallback.
 */
import { simdMatmulModule } from "../wasm/matmul-simd.ts";
import { header, type HelperTarget } from "./signature.ts";

const MM = "(a: number, b: number, c: number, M: number, N: number, K: number, acc: number) => void";
const KERNELS_TYPE = `{ mmNN: ${MM}; mmTN: ${MM}; mmNT: ${MM} }`;
const ANY = "Float32Array | Float64Array | Int32Array | Uint8Array";
const CTOR = `{ new (n: number): ${ANY}; new (b: ArrayBuffer, at: number, n: number): ${ANY}; readonly BYTES_PER_ELEMENT: number }`;
const WASM = "{ Memory: new (d: { initial: number }) => { buffer: ArrayBuffer }; Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } }";

export function simdHelper(t: HelperTarget): string {
  const T = (s: string): string => (t.ts ? s : "");
  const p = t.ts ? "private " : "";
  const bytes = [...simdMatmulModule()].join(",");
  return [
    `/** WebAssembly module (f32x4 matmul kernels mmNN, mmTN (4×8 and 4×4 tiles), mmNT (4×2 tiles of dot products)), emitted by nnc. */`,
    `${p}static ${T("readonly ")}SIMD_BYTES = new Uint8Array([${bytes}]);`,
    `/** The kernels instantiated on each model's memory, by that memory's buffer. */`,
    `${p}static ${T("readonly ")}SIMD_KERNELS = new WeakMap${T(`<ArrayBuffer | SharedArrayBuffer, ${KERNELS_TYPE}>`)}();`,
    ``,
    `/** One array per [type, length], 16-byte aligned views of one WebAssembly memory (plain arrays without WebAssembly SIMD). */`,
    `${p}static simdArrays(specs${T(`: readonly (readonly [${CTOR}, number])[]`)})${T(`: (${ANY})[]`)} {`,
    `  const at${T(": number[]")} = [];`,
    `  let bytes = 0;`,
    `  for (const [C, n] of specs) {`,
    `    at.push(bytes);`,
    `    bytes += Math.ceil((n * C.BYTES_PER_ELEMENT) / 16) * 16;`,
    `  }`,
    `  try {`,
    `    const W = (globalThis${T(` as unknown as { WebAssembly: ${WASM} }`)}).WebAssembly;`,
    `    const memory = new W.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });`,
    `    const kernels = new W.Instance(new W.Module(this.SIMD_BYTES), { env: { memory } }).exports${T(` as ${KERNELS_TYPE}`)};`,
    `    this.SIMD_KERNELS.set(memory.buffer, kernels);`,
    `    return specs.map(([C, n], i) => new C(memory.buffer, at[i]${T("!")}, n));`,
    `  } catch {`,
    `    return specs.map(([C, n]) => new C(n));`,
    `  }`,
    `}`,
    ``,
    `/** C (=|+=) op(A)·op(B) on the SIMD kernel \`form\` when every operand lives in this model's memory and C has a 4×4 block; false: the scalar kernel must. */`,
    header(t, "simdMm", ['form: "mmNN" | "mmTN" | "mmNT"', "A: F", "ao: number", "B: F", "bo: number", "C: F", "co: number", "M: number", "N: number", "K: number", "acc: boolean"], "boolean"),
    `  if (!(M >= 4 && N >= 4 && K >= 1 && A.buffer === C.buffer && B.buffer === C.buffer)) return false;`,
    `  const k = this.SIMD_KERNELS.get(C.buffer);`,
    `  if (k === undefined) return false;`,
    `  k[form](A.byteOffset + 4 * ao, B.byteOffset + 4 * bo, C.byteOffset + 4 * co, M, N, K, acc ? 1 : 0);`,
    `  return true;`,
    `}`,
  ].join("\n");
}

/**
 * The first line of the f32 mmNN/mmTN/mmNT helpers: the SIMD kernel computes the block of C it
 * covers (rows below M − M % 4, columns below N − N % 4) and `tiled` says so, so the scalar kernel
 * that follows does only the edges.
 */
export function simdPrologue(form: "NN" | "TN" | "NT"): string[] {
  return [`  const tiled = this.simdMm("mm${form}", A, ao, B, bo, C, co, M, N, K, acc);`];
}
