/**
 * A batch of equal matmuls in one call (attention's per-head products: 4·B of 16×16×16 each, one
 * JavaScript → WebAssembly call apiece otherwise). mmNNBatch, mmTNBatch and mmNTBatch take
 * (a, b, c, M, N, K, acc, count, sa, sb, sc) and call their form's kernel (./matmul-simd.ts) on the
 * t-th matrices at a + t·sa, b + t·sb, c + t·sc for t < count (byte strides; 0 shares an operand), so
 * every element is what that kernel computes for the matrix alone. The helper takes the batch only
 * where the kernel covers all of C: always for mmNN and mmTN, where M % 4 = N % 4 = 0 for mmNT.
 */
import { header, type HelperTarget } from "../helpers/signature.ts";
import { countedLoop, I32, op, type WasmFunction } from "./encode.ts";

const FORMS = ["mmNN", "mmTN", "mmNT"] as const;

/** The three batch kernels; `indexOf` gives a kernel's function index in the module. */
export function matmulBatchKernels(indexOf: (name: string) => number): WasmFunction[] {
  const [A, B, C, M, N, K, ACC, COUNT, SA, SB, SC, T] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const step = (local: number, by: number): number[] => [...op.get(local), ...op.get(by), ...op.add, ...op.set(local)];
  return FORMS.map((form) => {
    const fn = indexOf(form);
    if (fn < 0) throw new Error(`wasm ${form}Batch: no ${form} kernel in the module`);
    // i0 = 0, i1 = 0: every row.
    const call = [...[A, B, C, M, N, K, ACC].flatMap((l) => op.get(l)), ...op.i32(0), ...op.i32(0), ...op.call(fn)];
    const body = countedLoop(T, COUNT, 1, [...call, ...step(A, SA), ...step(B, SB), ...step(C, SC)]);
    return { name: `${form}Batch`, params: new Array<number>(11).fill(I32), locals: [I32], body };
  });
}

/** The class helper: count matmuls on the wasm kernel in one call; false where it declines (the caller loops over the matmul helper). */
export function mmBatchSimdHelper(t: HelperTarget): string {
  return [
    `/** C[t] (=|+=) op(A[t])·op(B[t]) for t < count, the t-th operands at element offsets ao + t·sa, bo + t·sb, co + t·sc (a stride 0 shares one), on the wasm kernel; false where its kernel would leave edge rows or columns, or an array is outside this model's memory or too short. */`,
    header(t, "mmBatchSimd", ['form: "mmNN" | "mmTN" | "mmNT"', "A: F", "ao: number", "sa: number", "B: F", "bo: number", "sb: number", "C: F", "co: number", "sc: number", "count: number", "M: number", "N: number", "K: number", "acc: boolean"], "boolean"),
    `  if (!(count >= 1 && M >= 1 && N >= 4 && K >= 1 && (form !== "mmNT" || (M % 4 === 0 && N % 4 === 0)) && A.buffer === C.buffer && B.buffer === C.buffer)) return false;`,
    `  if (!(ao >= 0 && bo >= 0 && co >= 0 && sa >= 0 && sb >= 0 && sc >= 0 && ao + (count - 1) * sa + M * K <= A.length && bo + (count - 1) * sb + K * N <= B.length && co + (count - 1) * sc + M * N <= C.length)) return false;`,
    `  const k = this.SIMD_KERNELS.get(C.buffer);`,
    `  if (k === undefined) return false;`,
    // Matrices t < count write apart only where sc ≥ M·N (sc = 0 adds every product into one C: work 0, never cut); ≈ 0.05 ns a multiply-add on one thread.
    `  this.simdCall(k, C.buffer, \`\${form}Batch\`, sc >= M * N ? 0.05 * count * M * N * K : 0, 7, 1, [A.byteOffset + 4 * ao, B.byteOffset + 4 * bo, C.byteOffset + 4 * co, M, N, K, acc ? 1 : 0, count, 4 * sa, 4 * sb, 4 * sc], [4 * sa, 4 * sb, 4 * sc, 0, 0, 0, 0, 0, 0, 0, 0]);`,
    `  return true;`,
    `}`,
  ].join("\n");
}
