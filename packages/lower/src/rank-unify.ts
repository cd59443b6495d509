/**
 * Unifying a block's signature with its call's arguments: dim names bound from the tensor arguments'
 * shapes, and the leading axes of a rank-generic signature (`f32[..., D]`). Every `...` of one signature
 * is the same axes, the pack: the first `...` argument's shape without its trailing declared axes.
 */
import type { Span } from "@nnc/diagnostics";
import { dimAdd, dimDiv, dimEquals, dimMul, dimSub, dimToString, shapeToString, typeToString, type Dim, type TensorType } from "@nnc/ir";
import type { BlockDecl, BlockParam, DimExpr, TensorTypeExpr } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { resolveDtype } from "./resolve-type.ts";
import type { Spanned } from "./values.ts";

type TensorParam = BlockParam & { type: TensorTypeExpr };

/** Value of a dim expression under `env` without reporting; undefined when a name is unbound. */
function tryDim(e: DimExpr, env: ReadonlyMap<string, Dim>): Dim | undefined {
  if (e.kind === "DimNumber") return e.value;
  if (e.kind === "DimName") return env.get(e.name);
  const l = tryDim(e.left, env);
  const r = tryDim(e.right, env);
  if (l === undefined || r === undefined) return undefined;
  return combineDims(e.op, l, r);
}

function combineDims(op: "+" | "-" | "*" | "/", l: Dim, r: Dim): Dim | undefined {
  return op === "+" ? dimAdd(l, r) : op === "-" ? dimSub(l, r) : op === "*" ? dimMul(l, r) : dimDiv(l, r);
}

/** Where a dim name or the pack was bound: the parameter, its argument's span and type. */
interface Origin {
  readonly param: string;
  readonly span: Span;
  readonly type: TensorType;
}

/** One tensor argument: its trailing axes (those the written dims describe) start at `lead`. */
interface Matched {
  readonly p: TensorParam;
  readonly arg: Spanned;
  readonly t: TensorType;
  readonly lead: number;
}

function sameDims(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i]!));
}

/** `[B, 8]`, or `[]` (no leading axes), as the pack of leading axes reads in messages. */
export function packToString(pack: readonly Dim[]): string {
  return pack.length === 0 ? "[] (no leading axes)" : shapeToString(pack);
}

/** The element type and rank of one argument; the index of its first trailing axis, or undefined after reporting. */
function matchRank(ctx: LowerCtx, decl: BlockDecl, p: TensorParam, arg: Spanned, t: TensorType): number | undefined {
  const dtype = resolveDtype(ctx, p.type.dtype);
  if (dtype === undefined) return undefined;
  const want = ctx.text(p.type.span);
  const trailing = p.type.dims.length;
  const generic = p.type.ellipsis !== undefined;
  if (dtype === t.dtype && (generic ? t.shape.length >= trailing : t.shape.length === trailing)) return t.shape.length - trailing;
  if (dtype === t.dtype) {
    if (!generic) {
      ctx.report("E0309", `argument \`${p.name.name}\` of \`${decl.name.name}\` must be ${want}, but it is ${typeToString(t)}`, arg.span, {
        label: `this is ${typeToString(t)}`,
        labels: [{ span: p.type.span, message: "declared here" }],
        notes: [`the ranks differ: ${trailing} vs ${t.shape.length}`],
      });
      return undefined;
    }
    const axes = `${trailing} ${trailing === 1 ? "axis" : "axes"}`;
    ctx.report("E0344", `argument \`${p.name.name}\` of \`${decl.name.name}\` must have at least ${axes} for ${want}, but it is ${typeToString(t)}`, arg.span, {
      label: `this has ${t.shape.length} ${t.shape.length === 1 ? "axis" : "axes"}`,
      labels: [{ span: p.type.span, message: `\`...\` may be no axes, but the ${axes} after it must exist` }],
      help: "pass a tensor that has the trailing axes (reshape a single value to `[1]`)",
    });
    return undefined;
  }
  ctx.report("E0309", `argument \`${p.name.name}\` of \`${decl.name.name}\` must be ${want}, but it is ${typeToString(t)}`, arg.span, {
    label: `this is ${typeToString(t)}`,
    labels: [{ span: p.type.span, message: "declared here" }],
    notes: [`the element types differ: ${dtype} vs ${t.dtype}`],
  });
  return undefined;
}

/** E0343: a second `...` argument whose leading axes differ from the pack's. */
function reportPack(ctx: LowerCtx, m: Matched, pack: readonly Dim[], from: Origin): void {
  const lead = m.t.shape.slice(0, m.lead);
  ctx.report("E0343", `\`...\` is ${packToString(pack)} from argument \`${from.param}\` but ${packToString(lead)} from argument \`${m.p.name.name}\``, m.arg.span, {
    label: `here the leading axes would be ${packToString(lead)} (${typeToString(m.t)})`,
    labels: [
      { span: from.span, message: `\`...\` = ${packToString(pack)} from this ${typeToString(from.type)}` },
      { span: m.p.type.ellipsis ?? m.p.type.span, message: "`...` in the signature: the same leading axes for every argument" },
    ],
    help: "every `...` of one signature stands for the same leading axes; pass arguments whose leading axes agree",
  });
}

/**
 * Unifies the block's tensor parameter types with the arguments, filling `env` with the signature's dim
 * names; the pack (absent when no parameter has `...`), or undefined after reporting.
 */
export function unify(ctx: LowerCtx, decl: BlockDecl, bound: ReadonlyMap<string, Spanned>, env: Map<string, Dim>): { readonly pack?: readonly Dim[] } | undefined {
  const origins = new Map<string, Origin>();
  const matched: Matched[] = [];
  let pack: { dims: readonly Dim[]; from: Origin } | undefined;
  for (const p of decl.params.filter((q): q is TensorParam => q.type.kind === "TensorType")) {
    const arg = bound.get(p.name.name);
    if (arg?.value.kind !== "tensor") return undefined;
    const t = arg.value.type;
    const lead = matchRank(ctx, decl, p, arg, t);
    if (lead === undefined) return undefined;
    const m: Matched = { p, arg, t, lead };
    if (p.type.ellipsis !== undefined) {
      if (pack === undefined) pack = { dims: t.shape.slice(0, lead), from: { param: p.name.name, span: arg.span, type: t } };
      else if (!sameDims(pack.dims, t.shape.slice(0, lead))) {
        reportPack(ctx, m, pack.dims, pack.from);
        return undefined;
      }
    }
    matched.push(m);
    for (const [i, d] of p.type.dims.entries()) {
      if (d.kind === "DimName" && !env.has(d.name)) {
        env.set(d.name, t.shape[lead + i]!);
        origins.set(d.name, { param: p.name.name, span: arg.span, type: t });
      }
    }
  }
  for (const m of matched) if (!checkDims(ctx, decl, m, env, origins)) return undefined;
  return pack === undefined ? {} : { pack: pack.dims };
}

/** The trailing axes of one argument against the signature's dims under `env`; false after reporting (E0312, E0309). */
function checkDims(ctx: LowerCtx, decl: BlockDecl, m: Matched, env: ReadonlyMap<string, Dim>, origins: ReadonlyMap<string, Origin>): boolean {
  const { p, arg, t, lead } = m;
  for (const [i, d] of p.type.dims.entries()) {
    const want = tryDim(d, env);
    const got = t.shape[lead + i]!;
    if (want !== undefined && dimEquals(want, got)) continue;
    const dn = d.kind === "DimName" ? d.name : "";
    const o = origins.get(dn);
    if (o !== undefined && o.param !== p.name.name) {
      ctx.report("E0312", `\`${dn}\` is ${dimToString(want ?? 0)} from argument \`${o.param}\` but ${dimToString(got)} from argument \`${p.name.name}\``, arg.span, {
        label: `here \`${dn}\` would be ${dimToString(got)} (${typeToString(t)})`,
        labels: [{ span: o.span, message: `\`${dn}\` = ${dimToString(want ?? 0)} from this ${typeToString(o.type)}` }, { span: d.span, message: `\`${dn}\` in the signature` }],
      });
    } else {
      const shown = want === undefined ? ctx.text(d.span) : dimToString(want);
      ctx.report("E0309", `argument \`${p.name.name}\` of \`${decl.name.name}\` must be ${ctx.text(p.type.span)}, but dimension ${lead + i} is ${dimToString(got)} instead of ${shown}`, arg.span, {
        label: `this is ${typeToString(t)}`,
        labels: [{ span: d.span, message: `expected ${shown}` }],
      });
    }
    return false;
  }
  return true;
}
