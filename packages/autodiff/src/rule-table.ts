import { allOps, type OpDef, type VjpNames } from "@nnc/ops";
import { vjpDocFor } from "./explain.ts";

const GENERIC_NAMES: Readonly<Record<number, readonly string[]>> = { 1: ["x"], 2: ["a", "b"], 3: ["c", "a", "b"] };

/**
 * The VJP rule of every op as a markdown table (op, operand, formula, local Jacobian), with generic
 * display names: output `z`, operands `x` / `a, b` / `c, a, b` / `x0, x1, …`; operand ranks are
 * those of the op's first sample.
 */
export function ruleTable(ops: readonly OpDef[] = allOps()): string {
  const rows = ["| op | operand | rule | local Jacobian |", "|---|---|---|---|"];
  for (const def of ops) {
    if (def.isSource === true) continue;
    const sample = def.samples[0];
    const arity = sample?.inputs.length ?? (typeof def.arity === "number" ? def.arity : 1);
    const ins = def.arity === "variadic" ? Array.from({ length: arity }, () => "x") : (GENERIC_NAMES[arity] ?? Array.from({ length: arity }, (_, i) => `x${i}`));
    const names: VjpNames = { out: "z", ins, d: (n) => `d${n}`, ranks: sample?.inputs.map((t) => t.shape.length) ?? ins.map(() => 2) };
    const docs = def.nonDifferentiable === true ? [] : Array.from({ length: def.arity === "variadic" ? 1 : arity }, (_, i) => vjpDocFor(def, i));
    if (docs.every((doc) => doc === null)) rows.push(`| \`${def.name}\` | – | no gradient | – |`);
    for (const [i, doc] of docs.entries()) {
      if (doc === null) continue;
      const operand = def.arity === "variadic" ? "each" : (ins[i] ?? String(i));
      rows.push(`| \`${def.name}\` | ${operand} | \`${doc.formula(names)}\` | \`${doc.why(names)}\` |`);
    }
  }
  return rows.join("\n");
}
