/**
 * The value a block call returns, checked against its declared return type: one tensor type, or named
 * results `-> (h: f32[B, H], c: f32[B, H])` checked element by element (a call with two or more results
 * is a tuple value, in declaration order; a single named result is the plain tensor).
 */
import { typeToString, typesEqual, type Dim, type TensorType } from "@nnc/ir";
import type { BlockDecl, Expr, ReturnStmt } from "@nnc/syntax";
import type { BodyScope } from "./body.ts";
import { lowerExpr } from "./expr.ts";
import { resolveType } from "./resolve-type.ts";
import { isPoisoned, POISON, type Spanned, type Value } from "./values.ts";

/** The number of results `decl` declares (1 for a plain tensor return type). */
export function resultCount(decl: BlockDecl): number {
  return decl.returnType.kind === "Results" ? decl.returnType.results.length : 1;
}

/** The returned values: a `(a, b)` return's elements lowered one by one (each keeps its span), a tuple value's items, or the one value. */
function returnedItems(body: BodyScope, value: Expr): Spanned[] {
  if (value.kind === "Tuple") return value.elements.map((e) => ({ value: lowerExpr(body, e), span: e.span }));
  const v = lowerExpr(body, value);
  return v.kind === "tuple" ? [...v.items] : [{ value: v, span: value.span }];
}

/** `f32[N, H] = f32[B, 5]`: the written type, and its value under the call's dims when that reads differently. */
function written(text: string, value: string): string {
  return text.replace(/\s+/g, " ") === value ? value : `${text} = ${value}`;
}

/** One returned value against its declared type; numbers become constants of that type. undefined after reporting. */
function checkOne(body: BodyScope, decl: BlockDecl, item: Spanned, declared: TensorType, what: string, declSpan: Expr["span"]): Value | undefined {
  const ctx = body.ctx;
  const v = item.value;
  if (v.kind === "tensor" && typesEqual(v.type, declared)) return v;
  if (v.kind === "number") return ctx.constant(v.value, declared, item.span);
  const got = v.kind === "tensor" ? typeToString(v.type) : "a non-tensor value";
  const single = decl.returnType.kind !== "Results";
  const message = single
    ? `\`${decl.name.name}\` returns ${got}, but its declared return type is ${ctx.text(declSpan)} = ${typeToString(declared)}`
    : `${what} of \`${decl.name.name}\` is ${got}, but its declared type is ${written(ctx.text(declSpan), typeToString(declared))}`;
  ctx.report(single ? "E0309" : "E0331", message, item.span, {
    label: "returned here",
    labels: [{ span: declSpan, message: "declared here" }],
    ...(single ? {} : { help: `return a value of type ${typeToString(declared)} in this position, or correct the declaration` }),
  });
  return undefined;
}

/**
 * Lowers `ret`'s value in the block's body and checks it against the declared result types (dims
 * bound in `env`, a leading `...` standing for `pack`, the call's leading axes); POISON after reporting (E0309 for a single tensor type, E0330 count, E0331 type).
 */
export function lowerReturn(body: BodyScope, decl: BlockDecl, ret: ReturnStmt, env: ReadonlyMap<string, Dim>, pack: readonly Dim[] | undefined): Value {
  const ctx = body.ctx;
  const rt = decl.returnType;
  const sigs = rt.kind === "Results" ? rt.results.map((r) => ({ name: r.name.name, type: r.type })) : [{ name: "", type: rt }];
  const declared = sigs.map((s) => resolveType(ctx, s.type, env, pack));
  const items = returnedItems(body, ret.value);
  if (items.some((i) => isPoisoned(i.value))) return POISON;
  if (items.length !== sigs.length) {
    const names = sigs.map((s) => `\`${s.name}\``).join(", ");
    const declaredText = sigs.length === 1 ? "one value" : `${sigs.length} values (${names})`;
    ctx.report("E0330", `\`${decl.name.name}\` declares ${sigs.length} result${sigs.length === 1 ? "" : "s"}, but its return gives ${items.length === 1 ? "one value" : `${items.length} values`}`, ret.value.span, {
      label: `${items.length === 1 ? "one value" : `${items.length} values`} returned here`,
      labels: [{ span: rt.span, message: `declared here: ${declaredText}` }],
      help: sigs.length === 1 ? "return one tensor" : `return one value per result, in order: \`return (${sigs.map((s) => s.name).join(", ")})\``,
    });
    return POISON;
  }
  const out: Spanned[] = [];
  for (const [i, s] of sigs.entries()) {
    const want = declared[i];
    if (want === undefined) return POISON;
    const what = rt.kind === "Results" ? `result \`${s.name}\`` : "the returned value";
    const v = checkOne(body, decl, items[i]!, want, what, s.type.span);
    if (v === undefined) return POISON;
    out.push({ value: v, span: items[i]!.span });
  }
  return out.length === 1 ? out[0]!.value : { kind: "tuple", items: out };
}
