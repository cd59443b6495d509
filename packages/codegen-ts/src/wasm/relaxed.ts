/**
 * The relaxed-SIMD module a generated class embeds beside its kernel module (./module.ts): mmNN, mmTN,
 * mmNT, their batch forms and the convolutions (conv2dS1/S2, conv2dGradS1/S2), each multiply-add one
 * `f32x4.relaxed_madd` (a gradient row's masked last step excepted) — fused (one
 * rounding) where the hardware has FMA, as the engine chooses. It compiles only where the engine has
 * relaxed SIMD (V8 11.4+: Chrome 114, Node 22; Node 20 behind `--experimental-wasm-relaxed-simd`); the
 * class then instantiates it on the same memory and its exports replace the plain ones of the same
 * names. Everywhere else, and when the class's RELAXED_SIMD is false, the plain kernels (f32x4.mul then
 * f32x4.add: the same bits on every engine) run: they are the fallback.
 * Every export has the plain export's name and signature, and sums each output element in the same order.
 */
import { encodeModule, type WasmFunction } from "./encode.ts";
import { matmulBatchKernels } from "./matmul-batch.ts";
import { matmulKernels } from "./matmul-simd.ts";
import { convKernels } from "./conv-simd.ts";

let kernels: readonly WasmFunction[] | undefined;
let bytes: Uint8Array | undefined;

/** The module's functions, in export order. */
export function relaxedKernels(): readonly WasmFunction[] {
  if (kernels !== undefined) return kernels;
  const matmuls = matmulKernels(true);
  return (kernels = [...matmuls, ...matmulBatchKernels((name) => matmuls.findIndex((k) => k.name === name)), ...convKernels(true)]);
}

/** The module's bytes (a fresh copy): imports `env.memory`, exports relaxedKernels() by name. */
export function relaxedModule(): Uint8Array {
  return (bytes ??= encodeModule(relaxedKernels())).slice();
}
