/**
 * Inlining a block at a call site: arguments bound to the signature, signature dims (and the leading
 * axes of a rank-generic signature) unified with the arguments' shapes (rank-unify.ts), the body lowered in a fresh scope whose nodes are named `<prefix>.<name>`,
 * and the returned value checked against the declared return type.
 */
import { diagnostic } from "@nnc/diagnostics";
import type { Dim } from "@nnc/ir";
import type { BlockDecl, BlockParam, CallExpr } from "@nnc/syntax";
import { bindArgs, type ArgKind, type CallArgs, type ParamSpec } from "./args.ts";
import { BodyScope, declareBody } from "./body.ts";
import { registerBlockLowerer } from "./block-hook.ts";
import type { LowerCtx } from "./context.ts";
import { ConstScope } from "./const-scope.ts";
import { lowerExpr } from "./expr.ts";
import { MAX_BLOCK_DEPTH, overNodeBudget } from "./limits.ts";
import { unify } from "./rank-unify.ts";
import { lowerReturn } from "./results.ts";
import { isLibraryBlock } from "./stdlib/library.ts";
import type { Scope } from "./scope.ts";
import { asDim, POISON, type Value } from "./values.ts";

const KINDS: Readonly<Record<string, ArgKind>> = { dim: "dim", float: "number", int: "int", bool: "bool" };

function specOf(scope: Scope, p: BlockParam): ParamSpec {
  const kind = p.type.kind === "TensorType" ? "tensor" : (KINDS[p.type.name.name] ?? "any");
  if (p.default === null || p.type.kind === "TensorType") return { name: p.name.name, kind };
  return { name: p.name.name, kind, default: lowerExpr(new ConstScope(scope.ctx), p.default) };
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
  const unified = unify(ctx, decl, bound, env);
  if (unified === undefined) return POISON;
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
    return lowerReturn(body, decl, ret, env, unified.pack);
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
