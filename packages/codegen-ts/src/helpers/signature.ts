/** Helper method headers: typed parameters for the ts target, bare names for js. */
export interface HelperTarget {
  readonly ts: boolean;
  /** The float array type: Float32Array or Float64Array. */
  readonly F: string;
}

/** `static name(a: T, …): R {` (ts) or `static name(a, …) {` (js); params are `name: Type` strings. */
export function header(t: HelperTarget, name: string, params: readonly string[], ret = "void"): string {
  const ps = params.map((p) => (t.ts ? p.replace(/\bF\b/g, t.F) : p.split(":")[0]!.trim()));
  return `${t.ts ? "private " : ""}static ${name}(${ps.join(", ")})${t.ts ? `: ${ret}` : ""} {`;
}

/**
 * The first lines of a SIMD helper (a static method that returns whether its WebAssembly kernel ran):
 * false unless `applies` holds, every array shares the first one's buffer, and `fits` holds (each array
 * has at least the floats the kernel touches: it addresses raw memory, where a short array would let it
 * write into its neighbour); then `k` is the kernels of that memory, false where it has none.
 */
export function simdGuard(arrays: readonly [string, ...string[]], applies: string, fits: string): string[] {
  const [first, ...rest] = arrays;
  const conditions = [applies, ...rest.map((a) => `${a}.buffer === ${first}.buffer`)].filter((c) => c !== "");
  return [
    `  if (!(${conditions.join(" && ")})) return false;`,
    `  if (!(${fits})) return false;`,
    `  const k = this.SIMD_KERNELS.get(${first}.buffer);`,
    `  if (k === undefined) return false;`,
  ];
}
