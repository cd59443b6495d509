/**
 * Tuples: several results (`split`, a block with several results, `scan` with a tuple state, `(a, b)`).
 * They are valid only as the value of a destructuring binding, a block's `return` value and `scan`'s
 * `init`; anywhere one value is expected a tuple is reported once (E0115).
 */
import { joinSpans, type Span } from "@nnc/diagnostics";
import type { Ident, TupleBindingStmt } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { describe, POISON, type Value } from "./values.ts";

/** Reports a tuple used where `expected` (e.g. "a tensor") is needed. */
export function reportTupleMisuse(ctx: LowerCtx, v: Value, span: Span, expected: string): void {
  ctx.report("E0115", `${describe(v)} is used where ${expected} is expected`, span, {
    label: "several results, not one value",
    notes: ["tuples are only valid as the value of `(a, b) = ...`, as a block's `return` value and as the `init` of `scan`"],
    help: "destructure it first: `(a, b) = ...`, then use its parts",
  });
}

function namesSpan(names: readonly Ident[]): Span {
  return joinSpans(names[0]!.span, names[names.length - 1]!.span);
}

/**
 * The values of `stmt`'s names, one per name, from the tuple `v` (its value, lowered once). A value that
 * is not a tuple (E0326) or has another number of items (E0325) makes every name poison.
 */
export function destructure(ctx: LowerCtx, stmt: TupleBindingStmt, v: Value): Value[] {
  const n = stmt.names.length;
  const poison = (): Value[] => stmt.names.map(() => POISON);
  if (v.kind === "poison") return poison();
  if (v.kind !== "tuple") {
    ctx.report("E0326", `cannot destructure ${describe(v)} into ${n} names: it is a single value, not a tuple`, stmt.value.span, {
      label: `this is ${describe(v)}`,
      labels: [{ span: namesSpan(stmt.names), message: `${n} names` }],
      help: `bind it to one name (\`${stmt.names[0]!.name} = ...\`), or cut a tensor into parts with \`split\``,
    });
    return poison();
  }
  if (v.items.length !== n) {
    const got = v.items.length;
    const names = `(${stmt.names.map((x) => x.name).join(", ")})`;
    ctx.report("E0325", `\`${names}\` has ${n} names, but its value is ${describe(v)}`, namesSpan(stmt.names), {
      label: `${n} names`,
      labels: [{ span: stmt.value.span, message: `${got} value${got === 1 ? "" : "s"}` }],
      help: `give exactly ${got} name${got === 1 ? "" : "s"}, one per value`,
    });
    return poison();
  }
  return v.items.map((i) => i.value);
}
