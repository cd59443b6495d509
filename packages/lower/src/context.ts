/**
 * The state of lowering one model: its GraphBuilder, the diagnostics sink shared by the whole program,
 * the block call stack (for "in this call" labels), and the names bindings give to their nodes.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type DiagnosticInit, type Label, type SourceFile, type Span } from "@nnc/diagnostics";
import { dimSymbols, type Attrs, type DType, type Graph, type GraphOutput, type TensorType } from "@nnc/ir";
import { GraphBuilder, isTypeError, lookupOp } from "@nnc/ops";
import type { BlockDecl, Ident } from "@nnc/syntax";
import { checkTensorType } from "./limits.ts";
import { isLibraryBlock, isLibrarySpan, standardLibrary } from "./stdlib/library.ts";
import { POISON, tensor, type TensorValue, type Value } from "./values.ts";

/** Collects diagnostics, dropping a second report of the same code at the same span. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  add(d: Diagnostic): void {
    const key = `${d.code}:${d.span.start}:${d.span.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(d);
  }

  get errorCount(): number {
    return this.list.filter((d) => d.severity === "error").length;
  }
}

/** Program-wide facts every model's lowering reads. */
export interface ProgramInfo {
  readonly source: SourceFile;
  readonly sink: DiagnosticSink;
  /** Declared symbolic dims (`dim B`), by name, with their declaring identifier. */
  readonly dims: ReadonlyMap<string, Ident>;
  /** The program's own blocks (not the standard library's: see `LowerCtx.blockNamed`). */
  readonly blocks: ReadonlyMap<string, BlockDecl>;
  /** The standard library's blocks (library.ts); a program block of the same name shadows one. */
  readonly library: ReadonlyMap<string, BlockDecl>;
  /** Blocks on a call cycle (already reported); calls to them yield poison. */
  readonly recursive: ReadonlySet<string>;
  /** True under `--dtype f64`: every f32 becomes f64. */
  readonly f64: boolean;
  /** Undeclared dim names already reported (each is reported once per program). */
  readonly undeclaredDims: Set<string>;
  /** Blocks whose body has been lowered at some call site (the others are checked generically). */
  readonly instantiated: Set<string>;
}

export interface CallSite {
  readonly block: string;
  readonly span: Span;
  /** The block inlined: a library block and a user's block may share a name. */
  readonly decl: BlockDecl;
}

export class LowerCtx {
  readonly b: GraphBuilder;
  readonly callStack: CallSite[] = [];
  /** Expressions being lowered, counted across inlined block bodies (bounded by MAX_LOWER_DEPTH). */
  depth = 0;
  /** E0317 was reported for this model (once is enough). */
  depthReported = false;
  /**
   * While set (by `scan`, for its steps after the first), a `param` statement whose full name is a key
   * reuses that parameter instead of creating one; new params are added to it. Shared weights of a cell.
   */
  reuseParams: Map<string, Value> | null = null;
  /** E0123 was reported for this model (once is enough). */
  nodeBudgetReported = false;
  private readonly renames = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  constructor(
    readonly prog: ProgramInfo,
    name: string,
  ) {
    this.b = new GraphBuilder(lookupOp, name);
  }

  /**
   * Reports a problem; inside an inlined block, labels point at the call sites that led there. A
   * problem inside a standard-library block is reported at the innermost call in the user's file (the
   * library location follows as a label, which the renderer shows as a note).
   */
  report(code: DiagnosticCode, message: string, span: Span, init: DiagnosticInit = {}): void {
    const calls: Label[] = this.callStack.map((c) => ({ span: c.span, message: `in this call of \`${c.block}\`` })).reverse();
    const labels = [...(init.labels ?? []), ...calls];
    if (!isLibrarySpan(span)) {
      this.prog.sink.add(diagnostic(code, message, span, { ...init, labels }));
      return;
    }
    const site = labels.find((l) => !isLibrarySpan(l.span));
    if (site === undefined) {
      this.prog.sink.add(diagnostic(code, message, span, { ...init, labels }));
      return;
    }
    const inLibrary: Label = { span, message: init.label ?? "here, in the standard library" };
    const rest = labels.filter((l) => l !== site);
    this.prog.sink.add(diagnostic(code, message, site.span, { ...init, label: site.message, labels: [inLibrary, ...rest] }));
  }

  /**
   * The block a call names here: inside a library block, a library block (hygiene: a user's block of
   * the same name must not change what the library means); elsewhere the program's, then the library's.
   */
  blockNamed(name: string): BlockDecl | undefined {
    const top = this.callStack.at(-1);
    if (top !== undefined && isLibraryBlock(top.decl)) return this.prog.library.get(name);
    return this.prog.blocks.get(name) ?? this.prog.library.get(name);
  }

  /** The names of the blocks a call can name here (for suggestions). */
  blockNames(): string[] {
    const top = this.callStack.at(-1);
    if (top !== undefined && isLibraryBlock(top.decl)) return [...this.prog.library.keys()];
    return [...new Set([...this.prog.blocks.keys(), ...this.prog.library.keys()])];
  }

  /** The dtype after the `--dtype` option: f32 becomes f64 under f64. */
  dtype(d: DType): DType {
    return d === "f32" && this.prog.f64 ? "f64" : d;
  }

  /** The dtype of number constants with nothing else to go by. */
  get floatDtype(): DType {
    return this.dtype("f32");
  }

  /** The source text of a span (for hints that quote the user's expression). */
  text(span: Span): string {
    const file = span.file === this.prog.source.name ? this.prog.source : (standardLibrary().files.get(span.file) ?? this.prog.source);
    return file.text.slice(span.start, span.end);
  }

  /**
   * The span a node records. Inside a standard-library block it is the innermost call in the user's
   * file, so that every consumer of node spans (grad --explain, the playground's highlight, the
   * generated program's non-finite checks, memory names) points into the user's file; problems are
   * still reported with the library's location (`report`).
   */
  nodeSpan(span: Span): Span {
    if (!isLibrarySpan(span)) return span;
    for (let i = this.callStack.length - 1; i >= 0; i--) {
      const site = this.callStack[i]!.span;
      if (!isLibrarySpan(site)) return site;
    }
    return span;
  }

  /** Adds `op` after checking it with its type rule; a rule error becomes a diagnostic at `span`. */
  op(op: string, inputs: readonly TensorValue[], attrs: Attrs, span: Span, labels: readonly Label[] = []): Value {
    const ids = inputs.map((i) => i.id);
    const t = this.b.infer(op, ids, attrs);
    if (isTypeError(t)) {
      this.report(t.code ?? "E0301", t.error, span, { labels, ...(t.help === undefined ? {} : { help: t.help }) });
      return POISON;
    }
    if (!checkTensorType(this, t, span, `the result of \`${op}\``)) return POISON;
    return tensor(this.b.addTyped(op, ids, attrs, t, { span: this.nodeSpan(span) }), t);
  }

  /** Adds a source node (input, param, const, …) whose type the caller knows. */
  source(op: string, attrs: Attrs, type: TensorType, span: Span, name?: string): TensorValue {
    const id = this.b.addTyped(op, [], attrs, type, { span: this.nodeSpan(span), ...(name === undefined ? {} : { name }) });
    return tensor(id, type);
  }

  /** A `const` tensor of `type`, every element `value`. */
  constant(value: number, type: TensorType, span: Span): TensorValue {
    return this.source("const", { value, dtype: type.dtype, shape: type.shape }, type, span);
  }

  /** Gives an intermediate node (`%N`) a binding's name; the first name claimed wins. */
  claim(id: string, name: string): void {
    if (!id.startsWith("%")) return;
    if (this.renames.has(id)) return;
    this.renames.set(id, name);
  }

  /** 1, 2, 3, … per key (unbound block calls: `dense_1`, `dense_2`). */
  next(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  /**
   * The finished graph with bindings' names applied and the remaining intermediates renumbered
   * `%0, %1, …` in node order; `ids` maps every id used during lowering to its final id.
   */
  finish(outputs: readonly GraphOutput[]): { graph: Graph; ids: ReadonlyMap<string, string> } {
    const raw = this.b.finish(outputs);
    const ids = new Map<string, string>();
    const used = new Set(raw.nodes.filter((n) => !n.id.startsWith("%")).map((n) => n.id));
    let k = 0;
    for (const n of raw.nodes) {
      const want = this.renames.get(n.id);
      if (want !== undefined) {
        let id = want;
        for (let i = 1; used.has(id); i++) id = `${want}_${i}`;
        used.add(id);
        ids.set(n.id, id);
      } else if (n.id.startsWith("%")) ids.set(n.id, `%${k++}`);
    }
    const rn = (id: string): string => ids.get(id) ?? id;
    const nodes = raw.nodes.map((n) => ({ ...n, id: rn(n.id), inputs: n.inputs.map(rn) }));
    const mentioned = new Set(nodes.flatMap((n) => n.type.shape.flatMap(dimSymbols)));
    const dims = [...this.prog.dims.keys()].filter((d) => mentioned.has(d));
    const graph: Graph = { ...raw, nodes, outputs: raw.outputs.map((o) => ({ name: o.name, id: rn(o.id) })), dims };
    return { graph, ids };
  }
}
