/**
 * Inlining a block at a call site: arguments bound to the signature, signature dims unified with
 * the arguments' shapes, the body lowered in a fresh scope whose nodes are named `<prefix>.<name>`,
 * and the returned value checked against the declared return type.
 */
import { diagnostic, type Span } from "@nnc/diagnostics";
import { dimAdd, dimDiv, dimEquals, dimMul, dimSub, dimToString, typeToString, type Dim, type TensorType } from "@nnc/ir";
import type { BlockDecl, BlockParam, CallExpr, DimExpr, TensorTypeExpr } from "@nnc/syntax";
import { bindArgs, type ArgKind, type CallArgs, type ParamSpec } from "./args.ts";
import { BodyScope, declareBody } from "./body.ts";
import { registerBlockLowerer } from "./block-hook.ts";
import type { LowerCtx } from "./context.ts";
import { ConstScope } from "./const-scope.ts";
import { lowerExpr } from "./expr.ts";
import { MAX_BLOCK_DEPTH, overNodeBudget } from "./limits.ts";
import { resolveDtype } from "./resolve-type.ts";
import { lowerReturn } from "./results.ts";
import { isLibraryBlock } from "./stdlib/library.ts";
import type { Scope } from "./scope.ts";
import { asDim, POISON, type Spanned, type Value } from "./values.ts";

const KINDS: Readonly<Record<string, ArgKind>> = { dim: "dim", float: "number", int: "int", bool: "bool" };

function specOf(scope: Scope, p: BlockParam): ParamSpec {
  const kind = p.type.kind === "TensorType" ? "tensor" : (KINDS[p.type.name.name] ?? "any");
  if (p.default === null || p.type.kind === "TensorType") return { name: p.name.name, kind };
  return { name: p.name.name, kind, default: lowerExpr(new ConstScope(scope.ctx), p.default) };
}

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

interface Origin {
  readonly param: string;
  readonly span: Span;
  readonly type: TensorType;
}

/** Unifies the block's tensor parameter types with the arguments; false after reporting. */
function unify(ctx: LowerCtx, decl: BlockDecl, bound: ReadonlyMap<string, Spanned>, env: Map<string, Dim>): boolean {
  const origins = new Map<string, Origin>();
  const tensorParams = decl.params.filter((p): p is BlockParam & { type: TensorTypeExpr } => p.type.kind === "TensorType");
  const args: { p: BlockParam & { type: TensorTypeExpr }; arg: Spanned; t: TensorType }[] = [];
  for (const p of tensorParams) {
    const arg = bound.get(p.name.name);
    if (arg?.value.kind !== "tensor") return false;
    const t = arg.value.type;
    const dtype = resolveDtype(ctx, p.type.dtype);
    if (dtype === undefined) return false;
    const want = ctx.text(p.type.span);
    if (dtype !== t.dtype || p.type.dims.length !== t.shape.length) {
      ctx.report("E0309", `argument \`${p.name.name}\` of \`${decl.name.name}\` must be ${want}, but it is ${typeToString(t)}`, arg.span, {
        label: `this is ${typeToString(t)}`,
        labels: [{ span: p.type.span, message: "declared here" }],
        notes: [dtype !== t.dtype ? `the element types differ: ${dtype} vs ${t.dtype}` : `the ranks differ: ${p.type.dims.length} vs ${t.shape.length}`],
      });
      return false;
    }
    args.push({ p, arg, t });
    for (const [i, d] of p.type.dims.entries()) {
      if (d.kind === "DimName" && !env.has(d.name)) {
        env.set(d.name, t.shape[i]!);
        origins.set(d.name, { param: p.name.name, span: arg.span, type: t });
      }
    }
  }
  for (const { p, arg, t } of args) {
    for (const [i, d] of p.type.dims.entries()) {
      const want = tryDim(d, env);
      const got = t.shape[i]!;
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
        ctx.report("E0309", `argument \`${p.name.name}\` of \`${decl.name.name}\` must be ${ctx.text(p.type.span)}, but dimension ${i} is ${dimToString(got)} instead of ${shown}`, arg.span, {
          label: `this is ${typeToString(t)}`,
          labels: [{ span: d.span, message: `expected ${shown}` }],
        });
      }
      return false;
    }
  }
  return true;
}

/** E0316 at the call one past the limit, labelled with the outermost call (not all MAX_BLOCK_DEPTH of them). */
function reportTooDeep(ctx: LowerCtx, call: CallExpr, name: string): void {
  const chain = [...ctx.callStack.map((c) => c.block), name];
  const shown = chain.length > 6 ? [...chain.slice(0, 3), "…", ...chain.slice(-2)] : chain;
  const outer = ctx.callStack[0]!;
  ctx.prog.sink.add(
    diagnostic("E0316", `block calls nested more than ${MAX_BLOCK_DEPTH} deep`, call.span, {
      label: `call ${MAX_BLOCK_DEPTH + 1} of the nest`,
      labels: [{ span: outer.span, message: "the outermost call" }],
      notes: [`the nest: ${shown.map((b) => `\`${b}\``).join(" → ")}`],
      help: "call the blocks one after another in the model instead of nesting them",
    }),
  );
}

/** Names of one inlined body: its values are `<prefix><name>`, its params `<paramPrefix><name>`. */
export interface InlineNames {
  /** e.g. `h1.`, a scan step's `hs[3].`, a repetition's `y.0.` */
  readonly prefix: string;
  /** e.g. `h1.`, every scan step's `hs.` (shared params), a repetition's `y.0.` */
  readonly paramPrefix: string;
}

/** The prefix of params declared under `scope` (a scan step's values are `hs[3].…` but its params `hs.…`). */
export function paramPrefixOf(scope: Scope): string {
  return scope.paramPrefix ?? scope.prefix;
}

/**
 * Inlines `decl` with `args` (already lowered) under `names`: binds them to the signature, unifies
 * the signature dims, lowers the body and checks the returned value(s). `call` locates argument
 * errors and labels diagnostics inside the body ("in this call of …").
 */
export function inlineBlock(scope: Scope, call: CallExpr, decl: BlockDecl, args: CallArgs, names: InlineNames): Value {
  const ctx = scope.ctx;
  const name = decl.name.name;
  if (ctx.prog.recursive.has(name) || ctx.callStack.some((c) => c.decl === decl)) return POISON;
  if (overNodeBudget(ctx, call.span)) return POISON;
  if (ctx.callStack.length >= MAX_BLOCK_DEPTH) {
    reportTooDeep(ctx, call, name);
    return POISON;
  }
  const bound = bindArgs(ctx, name, decl.params.map((p) => specOf(scope, p)), call, args);
  if (bound === undefined) return POISON;
  const env = new Map<string, Dim>();
  // A library block sees only its own signature's dims: a user's `dim I` must not bind the library's `I`.
  if (!isLibraryBlock(decl)) for (const [k, d] of scope.dims) if (ctx.prog.dims.has(k)) env.set(k, d);
  for (const p of decl.params) {
    if (p.type.kind !== "KindType" || p.type.name.name !== "dim") continue;
    const d = asDim(bound.get(p.name.name)?.value ?? POISON);
    if (d !== undefined) env.set(p.name.name, d);
  }
  if (!unify(ctx, decl, bound, env)) return POISON;
  const body = new BodyScope(ctx, names.prefix, env, names.paramPrefix);
  for (const p of decl.params) {
    const a = bound.get(p.name.name);
    if (a !== undefined && !(p.type.kind === "KindType" && p.type.name.name === "dim")) body.defineValue(p.name, "argument", a.value);
  }
  ctx.prog.instantiated.add(name);
  ctx.callStack.push({ block: name, span: call.span, decl });
  try {
    declareBody(body, decl.body);
    body.lowerAll();
    const ret = decl.body.find((s) => s.kind === "Return");
    if (ret === undefined) return POISON;
    return lowerReturn(body, decl, ret, env);
  } finally {
    ctx.callStack.pop();
  }
}

/** The local name of a call: its binding, else `<block>_<n>` counted per body. */
export function callName(scope: Scope, block: string, bindName?: string): string {
  return bindName ?? `${block}_${scope.ctx.next(scope.prefix + block)}`;
}

/** Inlines `decl` at `call`; `bindName` is the binding the call is the whole value of. */
export function lowerBlockCall(scope: Scope, call: CallExpr, decl: BlockDecl, args: CallArgs, bindName?: string): Value {
  const ctx = scope.ctx;
  const name = decl.name.name;
  if (ctx.prog.recursive.has(name) || ctx.callStack.some((c) => c.decl === decl)) return POISON;
  const local = callName(scope, name, bindName);
  return inlineBlock(scope, call, decl, args, { prefix: `${scope.prefix}${local}.`, paramPrefix: `${paramPrefixOf(scope)}${local}.` });
}

registerBlockLowerer(lowerBlockCall);
