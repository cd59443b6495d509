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
