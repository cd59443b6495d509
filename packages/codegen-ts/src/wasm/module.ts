/**
 * The one WebAssembly module a generated class embeds: every SIMD kernel the compiler emits (matmul,
 * convolution, optimizer updates and reductions), assembled from the per-kernel builders. `simdExports()`
 * lists each export's name and parameter types in module order; ../helpers/simd.ts takes the
 * exports it types and binds from this list, so a new kernel is one entry in `moduleKernels`.
 * Nothing is built at import time (processes that never generate code, e.g. `nnc check`, import this
 * package): the kernels are built once, on the first call that needs them.
 * Every export takes i32 byte addresses / counts (and f32/f64 scalars where its params say) and returns
 * nothing or one number (`result`); all arrays live in the instance's imported `env.memory`.
 */
import { encodeModule, F32, F64, I32, type WasmFunction } from "./encode.ts";
import { poolKernels } from "./conv-pool.ts";
import { convKernels } from "./conv-simd.ts";
import { erfKernels } from "./elementwise-erf.ts";
import { finiteKernels } from "./finite-simd.ts";
import { mapLaneKernels } from "./map-lanes.ts";
import { softmaxKernels } from "./softmax-lanes.ts";
import { copyKernels } from "./copy-lanes.ts";
import { transposeKernels } from "./transpose-lanes.ts";
import { gatherKernels } from "./gather-lanes.ts";
import { matmulBatchKernels } from "./matmul-batch.ts";
import { matmulKernels } from "./matmul-simd.ts";
import { updateKernels } from "./update-simd.ts";

/** Every kernel of the module, in export order. Add new builders here (one line each). */
function moduleKernels(): WasmFunction[] {
  const kernels = [...matmulKernels(), ...convKernels(), ...poolKernels(), ...updateKernels(), ...finiteKernels(), ...erfKernels(), ...mapLaneKernels(), ...softmaxKernels(), ...copyKernels(), ...transposeKernels(), ...gatherKernels()];
  return [...kernels, ...matmulBatchKernels((name) => kernels.findIndex((k) => k.name === name))];
}

export interface SimdExport {
  readonly name: string;
  /** Number of parameters (= params.length). */
  readonly arity: number;
  readonly params: readonly ("i32" | "f32" | "f64")[];
  /** The result's type; null: returns nothing. */
  readonly result: "i32" | "f64" | null;
}

/**
 * The exports whose last two i32 parameters are a row range i0, i1 of their output (multiples of 4;
 * i1 ≤ 0 means to the end): calls over disjoint ranges write disjoint rows, each computed exactly as
 * in one whole call, so threads may split them.
 */
export const ROW_SPLIT: readonly string[] = ["mmNN", "mmTN", "mmNT", "mmNNP"];

let kernels: readonly WasmFunction[] | undefined;
let exportsList: readonly SimdExport[] | undefined;
let bytes: Uint8Array | undefined;

function allKernels(): readonly WasmFunction[] {
  return (kernels ??= moduleKernels());
}

function resultType(f: WasmFunction): "i32" | "f64" | null {
  const r = f.results ?? [];
  if (r.length === 0) return null;
  if (r.length === 1 && r[0] === I32) return "i32";
  if (r.length === 1 && r[0] === F64) return "f64";
  throw new Error(`wasm kernel ${f.name}: results must be none, one i32 or one f64`);
}

function paramType(f: WasmFunction, p: number): "i32" | "f32" | "f64" {
  if (p === I32) return "i32";
  if (p === F32) return "f32";
  if (p === F64) return "f64";
  throw new Error(`wasm kernel ${f.name}: parameter type 0x${p.toString(16)} has no JS number form`);
}

function describe(f: WasmFunction): SimdExport {
  return { name: f.name, arity: f.params.length, params: f.params.map((p) => paramType(f, p)), result: resultType(f) };
}

/**
 * Name, parameter and result types of each export, in module order; `extra`: a class's own kernels
 * (its fused groups, ./fused-lanes.ts), exported after the shared ones.
 */
export function simdExports(extra: readonly WasmFunction[] = []): readonly SimdExport[] {
  const shared = (exportsList ??= allKernels().map(describe));
  return extra.length === 0 ? shared : [...shared, ...extra.map(describe)];
}

/** The module's bytes (a fresh copy): imports `env.memory`, exports every entry of simdExports(extra). */
export function simdModule(extra: readonly WasmFunction[] = []): Uint8Array {
  if (extra.length > 0) return encodeModule([...allKernels(), ...extra]);
  return (bytes ??= encodeModule(allKernels())).slice();
}

/** The TypeScript type of the instance's exports, e.g. `{ mmNN: (p0: number, …) => void; … }`. */
export function simdExportsType(extra: readonly WasmFunction[] = []): string {
  const sig = (e: SimdExport): string => `${e.name}: (${e.params.map((_, i) => `p${i}: number`).join(", ")}) => ${e.result === null ? "void" : "number"}`;
  return `{ ${simdExports(extra).map(sig).join("; ")} }`;
}
