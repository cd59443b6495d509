/** Type expressions (`f32[B, 8 * 13 * 13]`) → TensorType, in an environment of dim names. */
import { dimAdd, dimDiv, dimMul, dimSub, dimToString, DTYPES, isConcrete, tensorType, type Dim, type DType, type TensorType } from "@nnc/ir";
import type { DimExpr, Ident, TensorTypeExpr } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { checkDimSize, checkTensorSize } from "./limits.ts";
import { didYouMean } from "./suggest.ts";

export function resolveDtype(ctx: LowerCtx, id: Ident): DType | undefined {
  const d = DTYPES.find((t) => t === id.name);
  if (d !== undefined) return ctx.dtype(d);
  ctx.report("E0205", `unknown element type \`${id.name}\``, id.span, {
    label: "not a type",
    notes: [`element types are ${DTYPES.join(", ")}`],
    ...helpOf(didYouMean(id.name, DTYPES)),
  });
  return undefined;
}

function helpOf(h: string | undefined): { help?: string } {
  return h === undefined ? {} : { help: h };
}

/** Reports and returns undefined on an undeclared name or a dim that is not a positive whole number. */
export function resolveDim(ctx: LowerCtx, e: DimExpr, env: ReadonlyMap<string, Dim>): Dim | undefined {
  const d = evalDim(ctx, e, env);
  if (d === undefined) return undefined;
  if (isConcrete(d) && (!Number.isInteger(d) || d < 1)) {
    ctx.report("E0311", `dimension \`${ctx.text(e.span)}\` is ${d}, not a positive whole number`, e.span, { label: `this is ${d}` });
    return undefined;
  }
  return checkDimSize(ctx, d, e.span, ctx.text(e.span)) ? d : undefined;
}

function evalDim(ctx: LowerCtx, e: DimExpr, env: ReadonlyMap<string, Dim>): Dim | undefined {
  switch (e.kind) {
    case "DimNumber":
      return e.value;
    case "DimName": {
      const d = env.get(e.name);
      if (d !== undefined) return d;
      if (ctx.prog.undeclaredDims.has(e.name)) return undefined;
      ctx.prog.undeclaredDims.add(e.name);
      const near = didYouMean(e.name, env.keys());
      ctx.report("E0112", `undeclared dimension \`${e.name}\``, e.span, {
        label: "not a declared dim",
        help: near ?? `declare it at the top of the file with \`dim ${e.name}\``,
      });
      return undefined;
    }
    case "DimBinary": {
      const l = evalDim(ctx, e.left, env);
      const r = evalDim(ctx, e.right, env);
      if (l === undefined || r === undefined) return undefined;
      return combine(ctx, e.op, l, r, e);
    }
  }
}

function combine(ctx: LowerCtx, op: "+" | "-" | "*" | "/", l: Dim, r: Dim, e: DimExpr): Dim | undefined {
  if (op === "+") return dimAdd(l, r);
  if (op === "-") return dimSub(l, r);
  if (op === "*") return dimMul(l, r);
  const q = dimDiv(l, r);
  if (q === undefined) {
    ctx.report("E0311", `\`${ctx.text(e.span)}\` is not a whole number: ${dimToString(l)} is not divisible by ${dimToString(r)}`, e.span, {
      label: "not a whole number",
    });
  }
  return q;
}

/**
 * Resolves a tensor type; undefined (already reported) on any error. A leading `...` (only in a block's
 * signature) stands for `pack`, the leading axes of the call; without a pack it was reported (E0128).
 */
export function resolveType(ctx: LowerCtx, t: TensorTypeExpr, env: ReadonlyMap<string, Dim>, pack?: readonly Dim[]): TensorType | undefined {
  const dtype = resolveDtype(ctx, t.dtype);
  const dims = t.dims.map((d) => resolveDim(ctx, d, env));
  if (dtype === undefined || dims.some((d) => d === undefined)) return undefined;
  if (t.ellipsis !== undefined && pack === undefined) return undefined;
  const type = tensorType(dtype, [...(t.ellipsis === undefined ? [] : (pack ?? [])), ...(dims as Dim[])]);
  return checkTensorSize(ctx, type, t.span, `\`${ctx.text(t.span)}\``) ? type : undefined;
}

/** The declared symbolic dims as an environment: each name stands for itself. */
export function symbolEnv(names: Iterable<string>): Map<string, Dim> {
  const env = new Map<string, Dim>();
  for (const n of names) env.set(n, { terms: [{ coef: 1, syms: [n] }] });
  return env;
}
