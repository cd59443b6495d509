/**
 * The names of one body (a model, or one inlined block call): inputs/arguments, params and
 * bindings. Bindings are lowered on first use, so statement order does not matter; a binding met
 * again while it is being lowered closes a cycle, which is reported once (its members become poison).
 * A destructuring binding `(a, b) = e` is one entry shared by its names: `e` is lowered once, on the
 * first use of any of them (or by lowerAll), and each name takes its part.
 */
import type { Span } from "@nnc/diagnostics";
import type { Dim } from "@nnc/ir";
import type { BindingStmt, Ident, NextStmt, Stmt, TupleBindingStmt } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { lowerExpr } from "./expr.ts";
import { freeNames } from "./free-names.ts";
import { lowerParam } from "./body-params.ts";
import type { Scope } from "./scope.ts";
import { lowerBuffer, lowerNext } from "./state.ts";
import { destructure } from "./tuples.ts";
import { POISON, type Value } from "./values.ts";

interface FixedEntry {
  readonly kind: "fixed";
  /** "input", "parameter", "argument", "train input" — for messages. */
  readonly what: string;
  readonly span: Span;
  value: Value;
}

/** A binding `a = e` or `(a, b) = e`; `value` is e's value, `parts` the destructured values by name. */
interface BindingEntry {
  readonly kind: "binding";
  readonly stmt: BindingStmt | TupleBindingStmt;
  state: "pending" | "visiting" | "done";
  value: Value;
  parts?: ReadonlyMap<string, Value>;
}

/** One name of a destructuring binding: its value is `group`'s part of that name. */
interface PartEntry {
  readonly kind: "part";
  readonly name: Ident;
  readonly group: BindingEntry;
}

type Entry = FixedEntry | BindingEntry | PartEntry;

/** The binding entry behind an entry (itself, or a part's group); undefined for fixed values. */
function bindingOf(e: Entry | undefined): BindingEntry | undefined {
  return e === undefined || e.kind === "fixed" ? undefined : e.kind === "part" ? e.group : e;
}

/** The value an entry holds now (a part of a group not yet lowered is poison). */
function valueOf(e: Entry): Value {
  return e.kind === "part" ? (e.group.parts?.get(e.name.name) ?? POISON) : e.value;
}

/** The name that identifies a binding entry (a destructuring binding: its first target). */
function entryName(e: BindingEntry): Ident {
  return e.stmt.kind === "Binding" ? e.stmt.name : e.stmt.names[0]!;
}

export class BodyScope implements Scope {
  private readonly entries = new Map<string, Entry>();
  private readonly stack: { name: string; via: Span; entry: BindingEntry }[] = [];
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

  /** Where `name` is defined (a binding's value, a destructured name, an input's signature). */
  definitionSpan(name: string): Span | undefined {
    const e = this.entries.get(name);
    return e === undefined ? undefined : e.kind === "fixed" ? e.span : e.kind === "part" ? e.name.span : e.stmt.value.span;
  }

  /** Defines a fixed value (input, argument, parameter); false after reporting a duplicate. */
  defineValue(name: Ident, what: string, value: Value): boolean {
    if (!this.checkFresh(name)) return false;
    this.entries.set(name.name, { kind: "fixed", what, span: name.span, value });
    return true;
  }

  setValue(name: string, value: Value): void {
    const e = this.entries.get(name);
    if (e !== undefined && e.kind !== "part") e.value = value;
  }

  defineBinding(stmt: BindingStmt): void {
    if (this.checkFresh(stmt.name)) this.entries.set(stmt.name.name, { kind: "binding", stmt, state: "pending", value: POISON });
  }

  /** `(a, b) = e`: each fresh name becomes a part of one shared entry. */
  defineTupleBinding(stmt: TupleBindingStmt): void {
    const group: BindingEntry = { kind: "binding", stmt, state: "pending", value: POISON };
    for (const name of stmt.names) if (this.checkFresh(name)) this.entries.set(name.name, { kind: "part", name, group });
  }

  private checkFresh(name: Ident): boolean {
    const prev = this.entries.get(name.name);
    if (prev === undefined) return true;
    const what = prev.kind === "fixed" ? `as ${prev.what === "input" ? "an" : "a"} ${prev.what}` : "by a binding";
    const first = prev.kind === "fixed" ? prev.span : prev.kind === "part" ? prev.name.span : entryName(prev).span;
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
    const b = bindingOf(e);
    if (b === undefined || b.state === "done") return valueOf(e);
    if (b.state === "visiting") {
      this.reportCycle(b, name, span);
      return POISON;
    }
    this.force(b, name, span);
    return valueOf(e);
  }

  /** True when some name's value is poison (an error was reported for it, maybe elsewhere). */
  anyPoisoned(): boolean {
    return [...this.entries.values()].some((e) => valueOf(e).kind === "poison");
  }

  /**
   * Lowers every binding not yet lowered, dependencies first (an iterative depth-first post-order
   * from each binding in source order), so lowering never recurses along a long chain of bindings.
   */
  lowerAll(): void {
    for (const e of this.dependencyOrder()) if (e.state === "pending") this.force(e, entryName(e).name, entryName(e).span);
    for (const n of this.nexts.splice(0)) lowerNext(this, n);
  }

  deferNext(stmt: NextStmt): void {
    this.nexts.push(stmt);
  }

  private dependencyOrder(): BindingEntry[] {
    const depsOf = (e: BindingEntry): BindingEntry[] =>
      freeNames(e.stmt.value)
        .map((n) => bindingOf(this.entries.get(n)))
        .filter((d): d is BindingEntry => d !== undefined);
    const out: BindingEntry[] = [];
    const seen = new Set<BindingEntry>();
    for (const entry of this.entries.values()) {
      const root = bindingOf(entry);
      if (root === undefined || seen.has(root)) continue;
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

  /**
   * Lowers a binding reached through `name`. A destructuring binding's value is lowered as if bound to
   * its first target (`(hs, cs) = scan(…)` names params `hs.Wx`), then each tensor part claims its name.
   */
  private force(e: BindingEntry, name: string, via: Span): void {
    e.state = "visiting";
    this.stack.push({ name, via, entry: e });
    const v = lowerExpr(this, e.stmt.value, entryName(e).name);
    this.stack.pop();
    e.state = "done";
    e.value = v;
    if (e.stmt.kind === "Binding") {
      if (v.kind === "tensor") this.ctx.claim(v.id, this.prefix + e.stmt.name.name);
      return;
    }
    const values = destructure(this.ctx, e.stmt, v);
    const parts = new Map<string, Value>();
    for (const [i, n] of e.stmt.names.entries()) {
      const part = values[i] ?? POISON;
      if (part.kind === "tensor") this.ctx.claim(part.id, this.prefix + n.name);
      if (!parts.has(n.name)) parts.set(n.name, part);
    }
    e.parts = parts;
  }

  private reportCycle(entry: BindingEntry, name: string, span: Span): void {
    const i = this.stack.findIndex((s) => s.entry === entry);
    const steps = this.stack.slice(i);
    const path = [...steps.map((s) => s.name), name].map((n) => `\`${n}\``).join(" → ");
    const labels = steps.slice(1).map((s, j) => ({ span: s.via, message: `\`${steps[j]!.name}\` uses \`${s.name}\` here` }));
    this.ctx.report("E0103", `\`${name}\` depends on itself: ${path}`, span, {
      label: `\`${steps[steps.length - 1]?.name ?? name}\` uses \`${name}\` here`,
      labels,
      notes: ["bindings form a dataflow graph, which cannot contain cycles", ...together(entry)],
    });
  }
}

/** For a destructuring binding in a cycle: which names it binds at once. */
function together(e: BindingEntry): string[] {
  if (e.stmt.kind === "Binding") return [];
  const names = e.stmt.names.map((n) => n.name);
  return [`${names.map((n) => `\`${n}\``).join(", ")} are bound together by \`(${names.join(", ")}) = ...\`, which is lowered once`];
}

/** Declares a body's params (created now, in order) and bindings (lowered on demand); returns are the caller's. */
export function declareBody(scope: BodyScope, stmts: readonly Stmt[]): void {
  for (const s of stmts) {
    if (s.kind === "Param") {
      if (scope.defineValue(s.name, "parameter", POISON)) scope.setValue(s.name.name, lowerParam(scope, s));
    } else if (s.kind === "Buffer") {
      if (scope.defineValue(s.name, "buffer", POISON)) scope.setValue(s.name.name, lowerBuffer(scope, s));
    } else if (s.kind === "Binding") scope.defineBinding(s);
    else if (s.kind === "TupleBinding") scope.defineTupleBinding(s);
    else if (s.kind === "Next") scope.deferNext(s);
  }
}
