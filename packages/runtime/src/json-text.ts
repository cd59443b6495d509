/**
 * JSON text of `value` in which non-finite numbers stay distinguishable: JSON has no NaN or
 * infinities (JSON.stringify writes `null` for them), so NaN, Infinity and -Infinity are written as
 * the strings "NaN", "Infinity" and "-Infinity". Every `--json` output of nnc and of generated
 * programs goes through here.
 */
export function jsonText(value: unknown): string {
  const plain = JSON.stringify(value);
  // A non-finite number can only have become `null`: without "null" in the text there was none.
  if (!plain.includes("null")) return plain;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}
