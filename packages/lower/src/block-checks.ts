/** Checks of block declarations that need no call site: signatures, returns, and recursion. */
import type { Span } from "@nnc/diagnostics";
import { DTYPES } from "@nnc/ir";
import type { BlockDecl, Expr, Ident, Stmt, TensorTypeExpr } from "@nnc/syntax";
import type { DiagnosticSink } from "./context.ts";
import { diagnostic } from "@nnc/diagnostics";
import { callsIn } from "./free-names.ts";
import { formBlockRefs } from "./scan-refs.ts";
import { didYouMean } from "./suggest.ts";

const KINDS = ["dim", "float", "int", "bool"];

/** `k: integer` parses as a tensor type with an unknown bare dtype: report it as a parameter type. */
function unknownBareDtype(t: TensorTypeExpr): Ident | undefined {
  const name = t.dtype.name;
  return t.bracketed || DTYPES.some((d) => d === name) ? undefined : t.dtype;
}

/** Parameter kinds, defaults and the single `return` of each block. */
export function checkBlockDecl(sink: DiagnosticSink, b: BlockDecl): void {
  const seen = new Map<string, Span>();
  for (const p of b.params) {
    const first = seen.get(p.name.name);
    if (first !== undefined) {
      sink.add(diagnostic("E0102", `block \`${b.name.name}\` has two parameters named \`${p.name.name}\``, p.name.span, { label: "defined again here", labels: [{ span: first, message: "first defined here" }] }));
    }
    seen.set(p.name.name, p.name.span);
    const written = p.type.kind === "KindType" ? p.type.name : unknownBareDtype(p.type);
    if (written !== undefined && !KINDS.includes(written.name)) {
      const near = didYouMean(written.name, [...KINDS, ...DTYPES]);
      sink.add(diagnostic("E0205", `unknown parameter type \`${written.name}\``, written.span, {
        label: "not a type",
        notes: ["block parameters are tensors (`x: f32[N, I]`) or constants of kind dim, float, int or bool"],
        ...(near === undefined ? {} : { help: near }),
      }));
    }
    if (p.type.kind === "TensorType" && p.default !== null) {
      sink.add(diagnostic("E0203", `tensor parameter \`${p.name.name}\` cannot have a default value`, p.default.span, { label: "not allowed for a tensor", help: "only dim, float, int and bool parameters take defaults" }));
    }
  }
  if (b.returnType.kind === "Results") {
    const results = new Map<string, Span>();
    for (const r of b.returnType.results) {
      const prev = results.get(r.name.name);
      if (prev !== undefined) sink.add(diagnostic("E0102", `block \`${b.name.name}\` has two results named \`${r.name.name}\``, r.name.span, { label: "named again here", labels: [{ span: prev, message: "first named here" }], help: "give each result its own name" }));
      results.set(r.name.name, r.name.span);
    }
  }
  checkResultPack(sink, b);
  const returns = b.body.filter((s) => s.kind === "Return");
  if (returns.length === 0) {
    sink.add(diagnostic("E0113", `block \`${b.name.name}\` has no \`return\``, b.name.span, { label: "returns nothing", help: "end the block with `return <expression>`" }));
  }
  for (const r of returns.slice(1)) {
    sink.add(diagnostic("E0113", `block \`${b.name.name}\` has more than one \`return\``, r.span, { label: "a second return", labels: [{ span: returns[0]!.span, message: "the first return" }] }));
  }
}

/** E0128: a result type with `...` needs a tensor parameter with `...`, whose argument gives the leading axes. */
function checkResultPack(sink: DiagnosticSink, b: BlockDecl): void {
  if (b.params.some((p) => p.type.kind === "TensorType" && p.type.ellipsis !== undefined)) return;
  const types = b.returnType.kind === "Results" ? b.returnType.results.map((r) => r.type) : [b.returnType];
  for (const t of types) {
    if (t.ellipsis === undefined) continue;
    sink.add(diagnostic("E0128", `a result of block \`${b.name.name}\` has \`...\`, but none of its parameters does`, t.ellipsis, {
      label: "leading axes taken from no argument",
      help: "give the parameter that carries the leading axes a `...` too: `x: f32[..., D]`, or write the result's axes out",
    }));
  }
}

/** Block calls in `stmts`, in source order: calls, and the blocks `scan`/`repeat` apply. */
function stmtCalls(stmts: readonly Stmt[], blocks: ReadonlyMap<string, BlockDecl>): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  const add = (e: Expr): void => {
    out.push(...callsIn(e), ...formBlockRefs(e, blocks));
  };
  for (const s of stmts) {
    if (s.kind === "Param" || s.kind === "Buffer") {
      if (s.init !== null) add(s.init);
    } else add(s.value);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Each block's calls of other blocks, in source order. */
export function blockCalls(blocks: ReadonlyMap<string, BlockDecl>): Map<string, { name: string; span: Span }[]> {
  const edges = new Map<string, { name: string; span: Span }[]>();
  for (const [name, b] of blocks) edges.set(name, stmtCalls(b.body, blocks).filter((c) => blocks.has(c.name)));
  return edges;
}

/**
 * Reports each cycle of block calls once (E0111); returns the blocks on cycles. A depth-first search
 * with an explicit stack, so a chain of any number of blocks costs no recursion.
 */
export function findRecursion(sink: DiagnosticSink, blocks: ReadonlyMap<string, BlockDecl>): Set<string> {
  const edges = blockCalls(blocks);
  const recursive = new Set<string>();
  const state = new Map<string, "active" | "done">();
  const stack: { block: string; via?: Span; next: number }[] = [];
  const reportCycle = (name: string, via: Span): void => {
    const i = stack.findIndex((s) => s.block === name);
    const cycle = stack.slice(i);
    for (const s of cycle) recursive.add(s.block);
    const path = [...cycle.map((s) => s.block), name].map((n) => `\`${n}\``).join(" → ");
    const labels = cycle.slice(1).map((s, j) => ({ span: s.via!, message: `\`${cycle[j]!.block}\` calls \`${s.block}\`` }));
    sink.add(diagnostic("E0111", `block \`${name}\` calls itself: ${path}`, via, {
      label: `\`${cycle[cycle.length - 1]!.block}\` calls \`${name}\` here`,
      labels,
      notes: ["blocks are inlined at each call site, so they cannot be recursive"],
    }));
  };
  for (const root of [...blocks.keys()].sort()) {
    if (state.has(root)) continue;
    state.set(root, "active");
    stack.push({ block: root, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const c = edges.get(top.block)?.[top.next++];
      if (c === undefined) {
        stack.pop();
        state.set(top.block, "done");
        continue;
      }
      const st = state.get(c.name);
      if (st === "active") reportCycle(c.name, c.span);
      if (st !== undefined) continue;
      state.set(c.name, "active");
      stack.push({ block: c.name, via: c.span, next: 0 });
    }
  }
  return recursive;
}
