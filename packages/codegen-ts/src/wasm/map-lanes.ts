/**
 * One-op elementwise loops in WebAssembly lanes: out[i] = x[i] ∘ y[i] (mapVV), x[i] ∘ s (mapVS) and
 * s ∘ y[i] (mapSV) for ∘ one of LANE_OPS, over float32 arrays, s a float64 scalar. Each pair of
 * elements is widened to f64x2 (exact), combined in float64 and narrowed to float32 (round to nearest
 * even): the steps of the generated JavaScript loop (`out[i] = x[i] * y[i]` multiplies doubles and the
 * Float32Array store rounds), so a value does not depend on whether the kernel or the loop computed it,
 * on n % 4, or on the thread count (bit for bit, except that a NaN's payload may differ: NaN stays NaN). Float64 arithmetic also keeps a literal such as 0.70710678 exact,
 * where float32 lanes would round it first.
 *
 * The class helpers (mapLanesVV, mapLanesVS, mapLanesSV) run a kernel on the first n − n % 4
 * elements and return that count — 0 where the arrays are not in the model's memory or n is too small
 * to pay for the call — and the generated loop does the rest (../lane-loop.ts).
 */
import type { HelperTarget } from "../helpers/signature.ts";
import { header } from "../helpers/signature.ts";
import { F64, I32, op, V128, type WasmFunction } from "./encode.ts";

/** The binary ops with a lane form, by the index the kernels take; a map kernel record names one (kernel-types.ts MapKernel.lanes). */
export const LANE_OPS = ["add", "sub", "mul", "div"] as const;
export type LaneOp = (typeof LANE_OPS)[number];

const F64X2: Record<LaneOp, readonly number[]> = { add: op.f64x2Add, sub: op.f64x2Sub, mul: op.f64x2Mul, div: op.f64x2Div };
/** Fewer elements than this stay in the JavaScript loop (a call into WebAssembly costs about as much as 32 elements). */
export const LANE_MIN = 32;

const i32Eq = [0x46];
const ifVoid = [0x04, 0x40];

/**
 * Operand forms: V an array read at the output's index, S a float64 scalar, R a row of m floats read
 * at the output's column (a bias: out[i·m + j] = a[i·m + j] ∘ r[j]), C a column of one float per row
 * (out[i·m + j] = a[i·m + j] ∘ c[i]: layer norm's mean and 1/σ).
 */
type Form = "VV" | "VS" | "SV" | "VR" | "RV" | "VC" | "CV";

/**
 * (op, a, b, out, rows, m): `rows` rows of m elements (m a multiple of 4; the flat forms take one row),
 * the loop of each op behind an `if op == k`; a and b are byte addresses or, on a scalar side, an f64.
 * Locals after the 6 params: the row's byte offset, the column's, the end, the row's bytes, the row's
 * index in bytes (a column's element), the splat (a scalar, or the column's element of the row).
 */
function laneKernel(form: Form): WasmFunction {
  const [OP, A, B, OUT, ROWS, M, O, J, END, ROW, I, S] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  if (form === "VS") emit(op.get(B), op.f64x2Splat, op.set(S));
  if (form === "SV") emit(op.get(A), op.f64x2Splat, op.set(S));
  emit(op.get(M), op.i32(4), op.mul, op.set(ROW), op.get(ROWS), op.get(ROW), op.mul, op.set(END));
  /** The two f64 lanes of the elements at byte `half` (0 or 8) past the element's offset (O + J; J alone for a row). */
  const lanes = (arr: number, row: boolean, half: number): number[] => [...op.get(arr), ...(row ? [] : [...op.get(O), ...op.add]), ...op.get(J), ...op.add, ...op.v128Load64Zero(half), ...op.f64x2PromoteLow];
  const side = (code: string, arr: number, half: number): number[] => (code === "S" || code === "C" ? op.get(S) : lanes(arr, code === "R", half));
  const column = form.indexOf("C");
  /** S = the column's float of row I, widened and splatted. */
  const rowSplat = column < 0 ? [] : [...op.get(column === 0 ? A : B), ...op.get(I), ...op.add, ...op.f32Load(0), ...op.f64PromoteF32, ...op.f64x2Splat, ...op.set(S)];
  LANE_OPS.forEach((name, k) => {
    emit(op.get(OP), op.i32(k), i32Eq, ifVoid);
    emit(op.i32(0), op.set(O), op.i32(0), op.set(I), op.block, op.loop, op.get(O), op.get(END), op.geU, op.brIf(1), rowSplat);
    emit(op.i32(0), op.set(J), op.block, op.loop, op.get(J), op.get(ROW), op.geU, op.brIf(1));
    for (const half of [0, 8]) {
      emit(op.get(OUT), op.get(O), op.add, op.get(J), op.add, side(form[0]!, A, half), side(form[1]!, B, half), F64X2[name], op.f32x4DemoteZero, op.v128Store64Lane0(half));
    }
    emit(op.get(J), op.i32(16), op.add, op.set(J), op.br(0), op.end, op.end);
    emit(op.get(O), op.get(ROW), op.add, op.set(O), op.get(I), op.i32(4), op.add, op.set(I), op.br(0), op.end, op.end, op.end);
  });
  const a = form === "SV" ? F64 : I32;
  const b = form === "VS" ? F64 : I32;
  return { name: `map${form}`, params: [I32, a, b, I32, I32, I32], locals: [I32, I32, I32, I32, I32, V128], body };
}

export function mapLaneKernels(): WasmFunction[] {
  return (["VV", "VS", "SV", "VR", "RV", "VC", "CV"] as const).map(laneKernel);
}

/** The class helper running export map<form> (a flat form): `a`/`b` arrays (F) or, on a scalar side, a number. */
function laneHelper(t: HelperTarget, form: "VV" | "VS" | "SV"): string {
  const [a, b] = [form === "SV" ? "a: number" : "a: F", form === "VS" ? "b: number" : "b: F"];
  const arrays = ["out", ...(form === "SV" ? [] : ["a"]), ...(form === "VS" ? [] : ["b"])];
  const addr = (name: string, scalar: boolean): string => (scalar ? name : `${name}.byteOffset`);
  return [
    `/** map${form}'s lanes (LANE_OPS[op]) on the first n − n % 4 elements; returns that count, 0 where n < ${LANE_MIN} or the arrays are not in this model's memory. */`,
    header(t, `mapLanes${form}`, ["op: number", a, b, "out: F", "n: number"], "number"),
    `  if (!(n >= ${LANE_MIN} && ${arrays.map((x) => `${x}.length >= n`).join(" && ")} && ${arrays.slice(1).map((x) => `${x}.buffer === out.buffer`).join(" && ")})) return 0;`,
    `  const k = this.SIMD_KERNELS.get(out.buffer);`,
    `  if (k === undefined) return 0;`,
    `  const m = n - (n % 4);`,
    // Never cut over the threads (../threads/cut-code.ts): one op on two or three arrays is memory-bound, and took longer cut (131,072 elements: 39 µs against 25).
    `  k.map${form}(op, ${addr("a", form === "SV")}, ${addr("b", form === "VS")}, out.byteOffset, 1, m);`,
    `  return m;`,
    `}`,
  ].join("\n");
}

export const mapLanesVVHelper = (t: HelperTarget): string => laneHelper(t, "VV");
export const mapLanesVSHelper = (t: HelperTarget): string => laneHelper(t, "VS");
export const mapLanesSVHelper = (t: HelperTarget): string => laneHelper(t, "SV");

/**
 * The class helper of a row or column form: true where the kernel wrote all `rows`·m elements (m a
 * multiple of 4), false where it declines. `r` is the row (m floats) or the column (rows floats).
 */
function rowHelper(t: HelperTarget, form: "VR" | "RV" | "VC" | "CV"): string {
  const [a, b] = form[0] === "V" ? ["a", "r"] : ["r", "a"];
  const what = form.includes("R") ? "r a row of m" : "r a column of one float per row";
  return [
    `/** map${form}'s lanes (LANE_OPS[op]) over rows × m elements, ${what}; false where m % 4 ≠ 0, rows · m < ${LANE_MIN} or the arrays are not in this model's memory. */`,
    header(t, `mapLanes${form}`, ["op: number", `${a}: F`, `${b}: F`, "out: F", "rows: number", "m: number"], "boolean"),
    `  const n = rows * m;`,
    `  if (!(m % 4 === 0 && n >= ${LANE_MIN} && a.length >= n && r.length >= ${form.includes("R") ? "m" : "rows"} && out.length >= n && a.buffer === out.buffer && r.buffer === out.buffer)) return false;`,
    `  const k = this.SIMD_KERNELS.get(out.buffer);`,
    `  if (k === undefined) return false;`,
    `  k.map${form}(op, ${a}.byteOffset, ${b}.byteOffset, out.byteOffset, rows, m);`,
    `  return true;`,
    `}`,
  ].join("\n");
}

export const mapLanesVRHelper = (t: HelperTarget): string => rowHelper(t, "VR");
export const mapLanesRVHelper = (t: HelperTarget): string => rowHelper(t, "RV");
export const mapLanesVCHelper = (t: HelperTarget): string => rowHelper(t, "VC");
export const mapLanesCVHelper = (t: HelperTarget): string => rowHelper(t, "CV");
