/**
 * Relaxed SIMD for the processes nnc starts (nnc's CLI, a program run as a script, the bench), never
 * for a library's caller: a V8 flag is the whole process's. Classes take their f32x4.relaxed_madd
 * kernels where the engine compiles them (docs/cli.md "Relaxed SIMD"): Chrome 114+ and Node 22+ do;
 * Node 20's V8 has them behind --experimental-wasm-relaxed-simd, set here unless NNC_RELAXED_SIMD=0.
 */
/** native: the engine has it; enabled: Node 20's flag set here; declined: NNC_RELAXED_SIMD=0; unavailable: no way to it. */
export type RelaxedSimdState = "native" | "enabled" | "declined" | "unavailable";

/** A module whose one function is f32x4.relaxed_madd of its three v128 parameters. */
const PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11]);

export function engineHasRelaxedSimd(): boolean {
  return (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly?.validate(PROBE) === true;
}

/** Before the first model is made. */
export function offerRelaxedSimd(): RelaxedSimdState {
  if (engineHasRelaxedSimd()) return "native";
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown } }).process;
  if (proc?.env?.["NNC_RELAXED_SIMD"] === "0") return "declined";
  const v8 = proc?.getBuiltinModule?.("node:v8") as { setFlagsFromString?: (flags: string) => void } | undefined;
  if (typeof v8?.setFlagsFromString !== "function") return "unavailable";
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  return engineHasRelaxedSimd() ? "enabled" : "unavailable";
}
