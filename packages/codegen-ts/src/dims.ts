/**
 * Dims in generated code. The only symbolic dim allowed is the batch dim, which is the run-time
 * variable `rows` (or `maxBatch` when sizing buffers); every other dim is a whole number.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimAdd, dimMul, dimProduct, dimToString, sym, type Dim } from "@nnc/ir";

/**
 * Code for `d` with the batch symbol written as `v`; parenthesised when it has several terms or
 * factors, so it can stand anywhere in an expression (`x / (3 * rows)`, never `x / 3 * rows`).
 */
export function dimCode(d: Dim, v: string): string {
  if (typeof d === "number") return String(d);
  const parts = d.terms.map((t) => {
    for (const s of t.syms) if (s !== t.syms[0]) throw new InternalCompilerError(`codegen: dim ${dimToString(d)} mixes symbols`);
    const mag = Math.abs(t.coef);
    const factors = [...(mag === 1 && t.syms.length > 0 ? [] : [String(mag)]), ...t.syms.map(() => v)];
    return { neg: t.coef < 0, body: factors.join(" * ") };
  });
  let s = "";
  parts.forEach((p, i) => (s += i === 0 ? (p.neg ? `-${p.body}` : p.body) : p.neg ? ` - ${p.body}` : ` + ${p.body}`));
  return parts.length > 1 || s.includes(" * ") ? `(${s})` : s;
}

export function sizeDim(shape: readonly Dim[]): Dim {
  return dimProduct(shape);
}

/** Row-major strides as dims. */
export function contiguousStrides(shape: readonly Dim[]): Dim[] {
  const s: Dim[] = new Array<Dim>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = dimMul(s[i + 1]!, shape[i + 1]!);
  return s;
}

function coefs(d: Dim): Map<string, number> {
  const m = new Map<string, number>();
  if (typeof d === "number") {
    if (d !== 0) m.set("", d);
    return m;
  }
  for (const t of d.terms) m.set(t.syms.join("*"), t.coef);
  return m;
}

function fromCoefs(m: ReadonlyMap<string, number>): Dim {
  let out: Dim = 0;
  for (const [k, c] of m) out = dimAdd(out, dimMul(c, k === "" ? 1 : dimProduct(k.split("*").map(sym))));
  return out;
}

/** True when a ≥ b for every batch size ≥ 0 (coefficientwise). */
export function dominates(a: Dim, b: Dim): boolean {
  const ca = coefs(a);
  for (const [k, c] of coefs(b)) if ((ca.get(k) ?? 0) < c) return false;
  for (const [k, c] of ca) if (c < 0 && !coefs(b).has(k)) return false;
  return true;
}

/** The coefficientwise maximum: a size that holds both. */
export function dimMax(a: Dim, b: Dim): Dim {
  const ca = coefs(a);
  const m = new Map(ca);
  for (const [k, c] of coefs(b)) m.set(k, Math.max(c, ca.get(k) ?? 0));
  return fromCoefs(m);
}

/** A number for ordering sizes (the size at batch 64). */
export function sizeRank(d: Dim): number {
  let total = 0;
  for (const [k, c] of coefs(d)) total += c * (k === "" ? 1 : 64 ** k.split("*").length);
  return total;
}
