/**
 * The names of one body (a model, or one inlined block call): inputs/arguments, params and
 * bindings. Bindings are lowered on first use, so statement order does not matter; a binding met
 * again while it is being lowered closes a cycle, which is reported once (its members become poison).
 */
import type { Span } from "@nnc/diagnostics";
import { dimSymbols, isConcrete, isFloat, typeToString, type Dim } from "@nnc/ir";
import type { BindingStmt, Ident, NextStmt, ParamStmt, Stmt } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { lowerExpr } from "./expr.ts";
import { freeNames } from "./free-names.ts";
import { defaultInit, lowerInit } from "./initializers.ts";
import { resolveType } from "./resolve-type.ts";
import type { Scope } from "./scope.ts";
import { lowerBuffer, lowerNext } from "./state.ts";
import { POISON, type Value } from "./values.ts";

interface FixedEntry {
  readonly kind: "fixed";
  /** "input", "parameter", "argument", "train input" — for messages. */
  readonly what: string;
  readonly span: Span;
  value: Value;
}

interface BindingEntry {
  readonly kind: "binding";
  readonly stmt: BindingStmt;
  state: "pending" | "visiting" | "done";
  value: Value;
}

type Entry = FixedEntry | BindingEntry;

export class BodyScope implements Scope {
  private readonly entries = new Map<string, Entry>();
  private readonly stack: { name: string; via: Span }[] = [];
  /** `next` statements, lowered after every binding (they may use any of them). */
  private readonly nexts: NextStmt[] = [];

  /** Prefix of the params declared here: `prefix` unless given (a `scan` step: `hs.` for values named `hs[3].`). */
  readonly paramPrefix: string;

  constructor(
    readonly ctx: LowerCtx,
    readonly prefix: string,
    readonly dims: ReadonlyMap<string, Dim>,
    paramPrefix?: string,
  ) {
    this.paramPrefix = paramPrefix ?? prefix;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Where `name` is defined (a binding's statement, an input's signature). */
  definitionSpan(name: string): Span | undefined {
    const e = this.entries.get(name);
    return e === undefined ? undefined : e.kind === "fixed" ? e.span : e.stmt.value.span;
  }

  /** Defines a fixed value (input, argument, parameter); false after reporting a duplicate. */
  defineValue(name: Ident, what: string, value: Value): boolean {
    if (!this.checkFresh(name)) return false;
    this.entries.set(name.name, { kind: "fixed", what, span: name.span, value });
    return true;
  }

  setValue(name: string, value: Value): void {
    const e = this.entries.get(name);
    if (e !== undefined) e.value = value;
  }

  defineBinding(stmt: BindingStmt): void {
    if (this.checkFresh(stmt.name)) this.entries.set(stmt.name.name, { kind: "binding", stmt, state: "pending", value: POISON });
  }

  private checkFresh(name: Ident): boolean {
    const prev = this.entries.get(name.name);
    if (prev === undefined) return true;
    const what = prev.kind === "fixed" ? `as ${prev.what === "input" ? "an" : "a"} ${prev.what}` : "by a binding";
    const first = prev.kind === "fixed" ? prev.span : prev.stmt.name.span;
    this.ctx.report("E0102", `\`${name.name}\` is defined twice`, name.span, {
      label: "defined again here",
      labels: [{ span: first, message: `first defined here, ${what}` }],
      notes: ["each name is bound once: a body is a dataflow graph, not a sequence of assignments"],
      help: `give the new value its own name, e.g. \`${name.name}2\``,
    });
    return false;
  }

  lookup(name: string, span: Span): Value | undefined {
    const e = this.entries.get(name);
    if (e === undefined) return undefined;
    if (e.kind === "fixed" || e.state === "done") return e.value;
    if (e.state === "visiting") {
      this.reportCycle(name, span);
      return POISON;
    }
    return this.force(e, span);
  }

  /** True when some name's value is poison (an error was reported for it, maybe elsewhere). */
  anyPoisoned(): boolean {
    return [...this.entries.values()].some((e) => e.value.kind === "poison");
  }

  /**
   * Lowers every binding not yet lowered, dependencies first (an iterative depth-first post-order
   * from each binding in source order), so lowering never recurses along a long chain of bindings.
   */
  lowerAll(): void {
    for (const e of this.dependencyOrder()) if (e.state === "pending") this.force(e, e.stmt.name.span);
    for (const n of this.nexts.splice(0)) lowerNext(this, n);
  }

  deferNext(stmt: NextStmt): void {
    this.nexts.push(stmt);
  }

  private dependencyOrder(): BindingEntry[] {
    const depsOf = (e: BindingEntry): BindingEntry[] =>
      freeNames(e.stmt.value)
        .map((n) => this.entries.get(n))
        .filter((d): d is BindingEntry => d?.kind === "binding");
    const out: BindingEntry[] = [];
    const seen = new Set<BindingEntry>();
    for (const root of this.entries.values()) {
      if (root.kind !== "binding" || seen.has(root)) continue;
      seen.add(root);
      const stack = [{ e: root, i: 0, deps: depsOf(root) }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const d = top.deps[top.i++];
        if (d === undefined) {
          stack.pop();
          out.push(top.e);
        } else if (!seen.has(d)) {
          seen.add(d);
          stack.push({ e: d, i: 0, deps: depsOf(d) });
        }
      }
    }
    return out;
  }

  private force(e: BindingEntry, via: Span): Value {
    const name = e.stmt.name.name;
    e.state = "visiting";
    this.stack.push({ name, via });
    const v = lowerExpr(this, e.stmt.value, name);
    this.stack.pop();
    if (v.kind === "tensor") this.ctx.claim(v.id, this.prefix + name);
    e.state = "done";
    e.value = v;
    return v;
  }

  private reportCycle(name: string, span: Span): void {
    const i = this.stack.findIndex((s) => s.name === name);
    const steps = this.stack.slice(i);
    const path = [...steps.map((s) => s.name), name].map((n) => `\`${n}\``).join(" → ");
    const labels = steps.slice(1).map((s, j) => ({ span: s.via, message: `\`${steps[j]!.name}\` uses \`${s.name}\` here` }));
    this.ctx.report("E0103", `\`${name}\` depends on itself: ${path}`, span, {
      label: `\`${steps[steps.length - 1]?.name ?? name}\` uses \`${name}\` here`,
      labels,
      notes: ["bindings form a dataflow graph, which cannot contain cycles"],
    });
  }
}

/** Creates the `param` node of `stmt` (named prefix + name) with its initializer. */
function lowerParam(scope: BodyScope, stmt: ParamStmt): Value {
  const ctx = scope.ctx;
  const type = resolveType(ctx, stmt.type, scope.dims);
  if (type === undefined) return POISON;
  const symbolic = type.shape.findIndex((d) => !isConcrete(d));
  if (symbolic >= 0) {
    const d = type.shape[symbolic]!;
    ctx.report("E0310", `parameter \`${stmt.name.name}\` has the symbolic dimension ${dimSymbols(d).join(", ")} in its type ${typeToString(type)}`, stmt.type.dims[symbolic]?.span ?? stmt.type.span, {
      label: "a parameter cannot have the batch dim",
      notes: ["a parameter's size is fixed when it is created; symbolic dims like the batch size belong to inputs"],
      help: "use whole numbers for every dimension of a parameter",
    });
    return POISON;
  }
  if (!isFloat(type.dtype)) {
    ctx.report("E0409", `parameter \`${stmt.name.name}\` is ${typeToString(type)}, but parameters are trained by their gradients and must be f32 or f64`, stmt.type.dtype.span, {
      label: `${type.dtype} cannot be trained`,
      help: `declare it \`f32\`; integer data (labels, indices) is an input, not a parameter`,
    });
    return POISON;
  }
  const full = scope.paramPrefix + stmt.name.name;
  const shared = ctx.reuseParams?.get(full);
  if (shared !== undefined) return shared;
  const init = lowerInit(scope, stmt, type) ?? defaultInit(type);
  const v = ctx.source("param", { dtype: type.dtype, shape: type.shape }, type, stmt.span, full);
  ctx.b.setInit(v.id, init);
  ctx.reuseParams?.set(full, v);
  return v;
}

/** Declares a body's params (created now, in order) and bindings (lowered on demand); returns are the caller's. */
export function declareBody(scope: BodyScope, stmts: readonly Stmt[]): void {
  for (const s of stmts) {
    if (s.kind === "Param") {
      if (scope.defineValue(s.name, "parameter", POISON)) scope.setValue(s.name.name, lowerParam(scope, s));
    } else if (s.kind === "Buffer") {
      if (scope.defineValue(s.name, "buffer", POISON)) scope.setValue(s.name.name, lowerBuffer(scope, s));
    } else if (s.kind === "Binding") scope.defineBinding(s);
    else if (s.kind === "Next") scope.deferNext(s);
  }
}
