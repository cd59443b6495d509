/**
 * Dimensions: integers, or polynomials over symbolic dims (`B`, `2*B`, `B*T`, `B + 1`).
 * Invariant: a SymDim is canonical — terms sorted by their symbol key, like terms merged, no zero
 * coefficient, and at least one term with symbols; a polynomial without symbols is a plain number.
 */
export type Dim = number | SymDim;

export interface Term {
  readonly coef: number;
  /** Sorted symbol names; repeated names mean powers. Empty for the constant term. */
  readonly syms: readonly string[];
}

export interface SymDim {
  readonly terms: readonly Term[];
}

function termKey(t: Term): string {
  return t.syms.join("*");
}

function normalize(terms: readonly Term[]): Dim {
  const merged = new Map<string, Term>();
  for (const t of terms) {
    const syms = [...t.syms].sort();
    const key = syms.join("*");
    const prev = merged.get(key);
    merged.set(key, { coef: (prev?.coef ?? 0) + t.coef, syms });
  }
  const out = [...merged.values()].filter((t) => t.coef !== 0);
  out.sort((a, b) => compareKeys(termKey(a), termKey(b)));
  if (out.every((t) => t.syms.length === 0)) return out[0]?.coef ?? 0;
  return { terms: out };
}

/** Symbol terms first (alphabetical), the constant term last, so `B + 1` prints naturally. */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "") return 1;
  if (b === "") return -1;
  return a < b ? -1 : 1;
}

function termsOf(d: Dim): readonly Term[] {
  return typeof d === "number" ? (d === 0 ? [] : [{ coef: d, syms: [] }]) : d.terms;
}

export function sym(name: string): Dim {
  return { terms: [{ coef: 1, syms: [name] }] };
}

export function dimAdd(a: Dim, b: Dim): Dim {
  return normalize([...termsOf(a), ...termsOf(b)]);
}

export function dimSub(a: Dim, b: Dim): Dim {
  return normalize([...termsOf(a), ...termsOf(b).map((t) => ({ coef: -t.coef, syms: t.syms }))]);
}

export function dimMul(a: Dim, b: Dim): Dim {
  const out: Term[] = [];
  for (const x of termsOf(a)) for (const y of termsOf(b)) out.push({ coef: x.coef * y.coef, syms: [...x.syms, ...y.syms] });
  return normalize(out);
}

/** Exact division, or undefined when `a / b` is not a whole polynomial (e.g. `B / 2`, `7 / 2`). */
export function dimDiv(a: Dim, b: Dim): Dim | undefined {
  const bt = termsOf(b);
  if (bt.length !== 1) return dimEquals(a, b) ? 1 : undefined;
  const divisor = bt[0]!;
  if (divisor.coef === 0) return undefined;
  const out: Term[] = [];
  for (const t of termsOf(a)) {
    const coef = t.coef / divisor.coef;
    if (!Number.isInteger(coef)) return undefined;
    const rest = [...t.syms];
    for (const s of divisor.syms) {
      const i = rest.indexOf(s);
      if (i < 0) return undefined;
      rest.splice(i, 1);
    }
    out.push({ coef, syms: rest });
  }
  return normalize(out);
}

export function dimEquals(a: Dim, b: Dim): boolean {
  if (typeof a === "number" || typeof b === "number") return a === b;
  return dimToString(a) === dimToString(b);
}

export function isConcrete(d: Dim): d is number {
  return typeof d === "number";
}

export function dimSymbols(d: Dim): string[] {
  return typeof d === "number" ? [] : [...new Set(d.terms.flatMap((t) => t.syms))];
}

/** `B`, `2*B`, `B*T`, `B + 1`, `B - 2`: the canonical text used by printers and the IR parser. */
export function dimToString(d: Dim): string {
  if (typeof d === "number") return String(d);
  let s = "";
  for (const [i, t] of d.terms.entries()) {
    const mag = Math.abs(t.coef);
    const body = t.syms.length === 0 ? String(mag) : mag === 1 ? t.syms.join("*") : `${mag}*${t.syms.join("*")}`;
    if (i === 0) s = t.coef < 0 ? `-${body}` : body;
    else s += t.coef < 0 ? ` - ${body}` : ` + ${body}`;
  }
  return s;
}

/**
 * Value of `d` with every symbol bound; undefined when a symbol is unbound. Only `env`'s own keys
 * bind: a dim named `constructor` or `__proto__` is never read from Object.prototype.
 */
export function evalDim(d: Dim, env: Readonly<Record<string, number>>): number | undefined {
  if (typeof d === "number") return d;
  let total = 0;
  for (const t of d.terms) {
    let v = t.coef;
    for (const s of t.syms) {
      const x = Object.hasOwn(env, s) ? env[s] : undefined;
      if (x === undefined) return undefined;
      v *= x;
    }
    total += v;
  }
  return total;
}

export function dimProduct(dims: readonly Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => dimMul(acc, d), 1);
}
