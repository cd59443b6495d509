/**
 * The processor line of a bench report. Two hosts that both call themselves "AMD EPYC" can differ
 * 1.6× in PyTorch's per-core speed (Zen 4 against Zen 5 here), so the line names the family and
 * model numbers and the widest vector extension, which PyTorch's BLAS uses and nnc's 128-bit
 * WebAssembly SIMD does not.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** `family 26, model 2, AVX-512` from /proc/cpuinfo's text (its first processor), or null where the fields are missing. */
export function cpuDetails(cpuinfo: string): string | null {
  const first = cpuinfo.split(/\n\s*\n/)[0] ?? "";
  const field = (name: string): string | undefined => new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(first)?.[1]?.trim();
  const family = field("cpu family");
  const model = field("model");
  if (family === undefined || model === undefined) return null;
  const flags = new Set((field("flags") ?? "").split(/\s+/));
  const vector = flags.has("avx512f") ? "AVX-512" : flags.has("avx2") ? "AVX2" : flags.has("avx") ? "AVX" : flags.has("asimd") ? "NEON" : "no AVX";
  return `family ${family}, model ${model}, ${vector}`;
}

/** `AMD EPYC (family 26, model 2, AVX-512; 2 logical cores)`: the model name, what /proc/cpuinfo adds where it can be read, the core count. */
export function cpuLine(): string {
  const cs = cpus();
  let details: string | null = null;
  try {
    details = cpuDetails(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    // Not Linux: the model name alone.
  }
  return `${cs[0]?.model.trim() ?? "unknown"} (${details === null ? "" : `${details}; `}${cs.length} logical cores)`;
}
