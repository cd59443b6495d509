/**
 * Writing `vjpDoc` entries with placeholders: `mathDoc(["a", "b"], "da = dz ⊙ b", "∂z_i/∂a_j = δ_ij·b_i")`
 * substitutes the display names of operands (`a`, `b`), the output (`z`) and their cotangents
 * (`da`, `db`, `dz`). A placeholder is replaced only where no letter touches it (`a_i` is a indexed;
 * `max` contains no `a`), in one pass, so a substituted name is never substituted again.
 */
import type { VjpDoc, VjpNames } from "./op-def.ts";

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function substitute(text: string, operands: readonly string[], n: VjpNames): string {
  const names = new Map<string, string>([
    ["z", n.out],
    ["dz", n.d(n.out)],
  ]);
  operands.forEach((p, i) => {
    const name = n.ins[i] ?? p;
    names.set(p, name);
    names.set(`d${p}`, n.d(name));
  });
  const keys = [...names.keys()].sort((a, b) => b.length - a.length).map(escape);
  const re = new RegExp(`(?<![A-Za-z])(${keys.join("|")})(?![A-Za-z])`, "g");
  return text.replace(re, (m) => names.get(m) ?? m);
}

export function mathDoc(operands: readonly string[], formula: string, why: string): VjpDoc {
  return { formula: (n) => substitute(formula, operands, n), why: (n) => substitute(why, operands, n) };
}
