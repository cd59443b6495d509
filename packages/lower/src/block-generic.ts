/**
 * Blocks that no model calls are still checked for name-level mistakes: each is inlined once with
 * generic arguments (its signature dims as symbols, one symbolic axis for a `...`, constants from defaults) and only diagnostics
 * that cannot depend on the arguments' actual shapes are kept (undefined names, unknown functions,
 * argument names and counts, cycles, undeclared dims, unknown types, non-finite numbers).
 */
import { diagnostic, type Span } from "@nnc/diagnostics";
import { dimAdd, dimDiv, dimMul, dimSub, tensorType, type Dim } from "@nnc/ir";
import type { BlockDecl, CallExpr, DimExpr } from "@nnc/syntax";
import { lowerBlockCall } from "./block-call.ts";
import { blockCalls } from "./block-checks.ts";
import { ConstScope } from "./const-scope.ts";
import { DiagnosticSink, LowerCtx, type ProgramInfo } from "./context.ts";
import { lowerExpr } from "./expr.ts";
import { resolveDtype, symbolEnv } from "./resolve-type.ts";
import { num, type Spanned, type Value } from "./values.ts";

const SHAPE_INDEPENDENT = new Set([
  "E0101", "E0102", "E0103", "E0104", "E0105", "E0106", "E0107", "E0112", "E0114", "E0204", "E0205",
  // scan/repeat naming a block, counts of results and states
  "E0120", "E0121", "E0122", "E0330", "E0336", "E0337",
  // `next` on a param / a non-buffer / twice / inside a scanned cell; a random initializer on an i32/bool buffer
  "E0125", "E0126", "E0127", "E0129", "E0341",
]);

/** A dim expression with unknown names standing for themselves; undefined when not whole. */
function genericDim(e: DimExpr, env: Map<string, Dim>): Dim | undefined {
  if (e.kind === "DimNumber") return e.value;
  if (e.kind === "DimName") {
    if (!env.has(e.name)) env.set(e.name, symbolEnv([e.name]).get(e.name)!);
    return env.get(e.name);
  }
  const l = genericDim(e.left, env);
  const r = genericDim(e.right, env);
  if (l === undefined || r === undefined) return undefined;
  return e.op === "+" ? dimAdd(l, r) : e.op === "-" ? dimSub(l, r) : e.op === "*" ? dimMul(l, r) : dimDiv(l, r);
}

/**
 * The pack of a rank-generic signature's `...` in the generic check: one symbolic axis, named so that no
 * dim name can be the same (`...` is not an identifier).
 */
const GENERIC_PACK: readonly Dim[] = [symbolEnv(["..."]).get("...")!];

function genericArgs(ctx: LowerCtx, decl: BlockDecl): Spanned[] | undefined {
  const env = symbolEnv(ctx.prog.dims.keys());
  const out: Spanned[] = [];
  for (const p of decl.params) {
    let v: Value;
    if (p.type.kind === "TensorType") {
      const dtype = resolveDtype(ctx, p.type.dtype);
      const dims = p.type.dims.map((d) => genericDim(d, env));
      if (dtype === undefined || dims.some((d) => d === undefined)) return undefined;
      const t = tensorType(dtype, [...(p.type.ellipsis === undefined ? [] : GENERIC_PACK), ...(dims as Dim[])]);
      v = ctx.source("input", { role: "model", dtype, shape: t.shape }, t, p.span, p.name.name);
    } else if (p.default !== null) {
      v = lowerExpr(new ConstScope(ctx), p.default);
    } else {
      const kind = p.type.name.name;
      v = kind === "dim" ? { kind: "dim", dim: genericDim({ kind: "DimName", name: p.name.name, span: p.span }, env)! } : kind === "bool" ? { kind: "bool", value: false } : num(1);
    }
    out.push({ value: v, span: p.span });
  }
  return out;
}

/**
 * The blocks with their callers before them (Kahn's order on the call graph; blocks on cycles last),
 * so that one generic check, which inlines the callees too, covers a whole chain.
 */
function callersFirst(blocks: ReadonlyMap<string, BlockDecl>): BlockDecl[] {
  const edges = blockCalls(blocks);
  const callers = new Map<string, number>([...blocks.keys()].map((b) => [b, 0]));
  for (const calls of edges.values()) for (const c of new Set(calls.map((x) => x.name))) callers.set(c, callers.get(c)! + 1);
  const ready = [...blocks.keys()].filter((b) => callers.get(b) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const b = ready[i]!;
    order.push(b);
    for (const c of new Set(edges.get(b)!.map((x) => x.name))) {
      callers.set(c, callers.get(c)! - 1);
      if (callers.get(c) === 0) ready.push(c);
    }
  }
  const placed = new Set(order);
  return [...order, ...[...blocks.keys()].filter((b) => !placed.has(b))].map((b) => blocks.get(b)!);
}

export function checkUncalledBlocks(prog: ProgramInfo): void {
  // Blocks whose bodies were lowered (by a model, or inlined by another block's generic check).
  const done = new Set(prog.instantiated);
  for (const decl of callersFirst(prog.blocks)) {
    const name = decl.name.name;
    if (done.has(name) || prog.recursive.has(name)) continue;
    const sink = new DiagnosticSink();
    const ctx = new LowerCtx({ ...prog, sink, undeclaredDims: new Set(prog.undeclaredDims), instantiated: new Set() }, name);
    const args = genericArgs(ctx, decl);
    const call: CallExpr = { kind: "Call", callee: decl.name, args: [], named: [], piped: false, span: decl.name.span };
    if (args !== undefined) lowerBlockCall(new ConstScope(ctx), call, decl, { positional: args, named: [] }, name);
    const synthetic = (s: Span): boolean => s.start === call.span.start && s.end === call.span.end;
    for (const d of sink.list) {
      if (!SHAPE_INDEPENDENT.has(d.code) || synthetic(d.span)) continue;
      prog.sink.add(diagnostic(d.code, d.message, d.span, { ...d, labels: d.labels.filter((l) => !synthetic(l.span)) }));
    }
    for (const n of ctx.prog.undeclaredDims) prog.undeclaredDims.add(n);
    for (const b of ctx.prog.instantiated) done.add(b);
  }
}
