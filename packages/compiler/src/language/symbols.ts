/**
 * Name resolution for editors: every declaration of a `.nn` file (dims, blocks, models, params,
 * buffers, named values, inputs, block arguments) and every place a name is used, resolved to its
 * declaration, a built-in, a library block or a training setting. Built from the AST alone, so it
 * works on programs with type errors and on the parser's recovered AST.
 */
import type { Span } from "@nnc/diagnostics";
import type { BlockDecl, Expr, Ident, ModelDecl, Program, Stmt, TensorTypeExpr, TrainDecl } from "@nnc/syntax";

export type DefKind = "dim" | "block" | "model" | "param" | "buffer" | "value" | "input" | "output" | "argument" | "train-input";

export interface Definition {
  readonly name: string;
  readonly kind: DefKind;
  /** The declaring identifier. */
  readonly span: Span;
  /** The whole declaration (statement, signature entry, item). */
  readonly declSpan: Span;
  /** The model or block whose body declares it; undefined at the top level. */
  readonly owner?: ModelDecl | BlockDecl;
  readonly doc?: string;
  /** The written type of params, buffers, inputs, outputs and tensor arguments. */
  readonly type?: TensorTypeExpr;
  readonly stmt?: Stmt;
}

/** What a used name means: a declaration of this file, or something the compiler provides. */
export type Target =
  | { readonly kind: "def"; readonly def: Definition }
  | { readonly kind: "builtin" | "library" | "form"; readonly name: string }
  | { readonly kind: "setting"; readonly key: string; readonly name: string }
  | { readonly kind: "train-key"; readonly name: string };

export interface Occurrence {
  readonly span: Span;
  readonly target: Target;
}

export interface SymbolTable {
  readonly defs: readonly Definition[];
  /** Every resolved name in the file (declarations included, as occurrences of themselves), in source order. */
  readonly occurrences: readonly Occurrence[];
}

/** Scoped lookup: a body's own names, then the file's top-level names. */
class Scope {
  readonly names = new Map<string, Definition>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): Definition | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
  define(d: Definition, out: Definition[]): void {
    if (!this.names.has(d.name)) this.names.set(d.name, d);
    out.push(d);
  }
}

const FORMS = new Set(["scan", "repeat"]);
const SETTING_KEYS = new Set(["optimizer", "schedule", "clip", "metrics", "data"]);

export interface NameWorld {
  readonly isBuiltin: (name: string) => boolean;
  readonly isLibraryBlock: (name: string) => boolean;
}

export function buildSymbols(program: Program, world: NameWorld): SymbolTable {
  const defs: Definition[] = [];
  const occ: Occurrence[] = [];
  const top = new Scope();
  const blocks = new Map<string, BlockDecl>();
  const def = (scope: Scope, d: Definition): void => {
    scope.define(d, defs);
    occ.push({ span: d.span, target: { kind: "def", def: scope.names.get(d.name) ?? d } });
  };
  for (const item of program.items) {
    if (item.kind === "Dim") for (const n of item.names) def(top, { name: n.name, kind: "dim", span: n.span, declSpan: item.span, ...docOf(item.doc) });
    else if (item.kind === "Block") {
      def(top, { name: item.name.name, kind: "block", span: item.name.span, declSpan: item.span, ...docOf(item.doc) });
      if (!blocks.has(item.name.name)) blocks.set(item.name.name, item);
    } else if (item.kind === "Model") def(top, { name: item.name.name, kind: "model", span: item.name.span, declSpan: item.span, ...docOf(item.doc) });
  }
  const use = (scope: Scope, id: Ident | { name: string; span: Span }, context: "value" | "callee"): void => {
    const d = scope.lookup(id.name);
    if (d !== undefined && (context === "value" || d.kind === "block" || d.kind === "argument")) {
      occ.push({ span: id.span, target: { kind: "def", def: d } });
      return;
    }
    if (FORMS.has(id.name)) occ.push({ span: id.span, target: { kind: "form", name: id.name } });
    else if (world.isBuiltin(id.name)) occ.push({ span: id.span, target: { kind: "builtin", name: id.name } });
    else if (world.isLibraryBlock(id.name)) occ.push({ span: id.span, target: { kind: "library", name: id.name } });
  };
  const typeDims = (scope: Scope, t: TensorTypeExpr, owner: BlockDecl | undefined): void => {
    const walk = (d: TensorTypeExpr["dims"][number]): void => {
      if (d.kind === "DimNumber") return;
      if (d.kind === "DimBinary") {
        walk(d.left);
        walk(d.right);
        return;
      }
      const found = scope.lookup(d.name);
      // A block's signature introduces the dims it names and the file does not declare (unified at each call).
      if (found === undefined && owner !== undefined) def(scope, { name: d.name, kind: "dim", span: d.span, declSpan: d.span, owner });
      else if (found !== undefined) occ.push({ span: d.span, target: { kind: "def", def: found } });
    };
    t.dims.forEach(walk);
  };
  const expr = (scope: Scope, e: Expr, settingKey?: string): void => {
    switch (e.kind) {
      case "Number":
      case "String":
        return;
      case "Name":
        if (settingKey !== undefined && scope.lookup(e.name) === undefined) occ.push({ span: e.span, target: { kind: "setting", key: settingKey, name: e.name } });
        else use(scope, e, "value");
        return;
      case "List":
      case "Tuple":
        for (const x of e.elements) expr(scope, x, settingKey);
        return;
      case "Unary":
        expr(scope, e.operand);
        return;
      case "Binary": {
        // A long chain (`a + a + … + a`, thousands of terms) nests on the left: walk that spine in a
        // loop, not by recursion (the stack would overflow), visiting operands left to right as before.
        const rights: Expr[] = [];
        let left: Expr = e;
        while (left.kind === "Binary") {
          rights.push(left.right);
          left = left.left;
        }
        expr(scope, left);
        for (let i = rights.length - 1; i >= 0; i--) expr(scope, rights[i]!);
        return;
      }
      case "Index":
        expr(scope, e.target);
        for (const it of e.items) {
          if (it.kind === "IndexAt") expr(scope, it.value);
          else if (it.kind === "Slice") {
            if (it.start !== null) expr(scope, it.start);
            if (it.end !== null) expr(scope, it.end);
          }
        }
        return;
      case "Path":
        use(scope, e.head, "value");
        return;
      case "Call": {
        if (settingKey !== undefined && !world.isBuiltin(e.callee.name) && scope.lookup(e.callee.name) === undefined) {
          occ.push({ span: e.callee.span, target: { kind: "setting", key: settingKey, name: e.callee.name } });
        } else use(scope, e.callee, "callee");
        for (const a of e.args) expr(scope, a);
        const block = blocks.get(e.callee.name);
        for (const n of e.named) {
          const p = block?.params.find((bp) => bp.name.name === n.name.name);
          const pd = p === undefined ? undefined : defs.find((d) => d.span === p.name.span);
          if (pd !== undefined) occ.push({ span: n.name.span, target: { kind: "def", def: pd } });
          expr(scope, n.value);
        }
        return;
      }
    }
  };
  const body = (scope: Scope, owner: ModelDecl | BlockDecl, stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "Param" || s.kind === "Buffer") def(scope, { name: s.name.name, kind: s.kind === "Param" ? "param" : "buffer", span: s.name.span, declSpan: s.span, owner, type: s.type, stmt: s, ...docOf(s.doc) });
      else if (s.kind === "Binding") def(scope, { name: s.name.name, kind: "value", span: s.name.span, declSpan: s.span, owner, stmt: s, ...docOf(s.doc) });
      else if (s.kind === "TupleBinding") for (const n of s.names) def(scope, { name: n.name, kind: "value", span: n.span, declSpan: s.span, owner, stmt: s, ...docOf(s.doc) });
    }
    for (const s of stmts) {
      if (s.kind === "Param" || s.kind === "Buffer") {
        typeDims(scope, s.type, undefined);
        if (s.init !== null) for (const n of s.init.named) expr(scope, n.value);
      } else if (s.kind === "Next") {
        use(scope, s.name, "value");
        expr(scope, s.value);
      } else expr(scope, s.value);
    }
  };
  for (const item of program.items) {
    if (item.kind === "Block") {
      const scope = new Scope(top);
      for (const p of item.params) {
        if (p.type.kind === "TensorType") typeDims(scope, p.type, item);
        def(scope, { name: p.name.name, kind: "argument", span: p.name.span, declSpan: p.span, owner: item, ...(p.type.kind === "TensorType" ? { type: p.type } : {}) });
        if (p.default !== null) expr(scope, p.default);
      }
      const ret = item.returnType.kind === "TensorType" ? [item.returnType] : item.returnType.results.map((r) => r.type);
      for (const t of ret) typeDims(scope, t, item);
      body(scope, item, item.body);
    }
  }
  const modelScopes = new Map<string, Scope>();
  for (const item of program.items) {
    if (item.kind !== "Model") continue;
    const scope = new Scope(top);
    if (!modelScopes.has(item.name.name)) modelScopes.set(item.name.name, scope);
    for (const sig of item.inputs) {
      typeDims(scope, sig.type, undefined);
      def(scope, { name: sig.name.name, kind: "input", span: sig.name.span, declSpan: sig.span, owner: item, type: sig.type });
    }
    body(scope, item, item.body);
    for (const sig of item.outputs) {
      typeDims(scope, sig.type, undefined);
      const bound = scope.lookup(sig.name.name);
      if (bound !== undefined && bound.owner === item) occ.push({ span: sig.name.span, target: { kind: "def", def: bound } });
      else def(scope, { name: sig.name.name, kind: "output", span: sig.name.span, declSpan: sig.span, owner: item, type: sig.type });
    }
  }
  for (const item of program.items) if (item.kind === "Train") train(item);
  function train(t: TrainDecl): void {
    use(top, t.model, "value");
    const model = modelScopes.get(t.model.name);
    const scope = new Scope(model ?? top);
    const owner = program.items.find((i): i is ModelDecl => i.kind === "Model" && i.name.name === t.model.name);
    for (const e of t.entries) {
      if (e.kind === "TrainInput") {
        typeDims(scope, e.type, undefined);
        def(scope, { name: e.name.name, kind: "train-input", span: e.name.span, declSpan: e.span, ...(owner === undefined ? {} : { owner }), type: e.type });
      }
    }
    for (const e of t.entries) {
      if (e.kind !== "TrainSetting") continue;
      occ.push({ span: e.key.span, target: { kind: "train-key", name: e.key.name } });
      expr(scope, e.value, SETTING_KEYS.has(e.key.name) ? e.key.name : undefined);
    }
  }
  occ.sort((a, b) => a.span.start - b.span.start);
  return { defs, occurrences: occ };
}

function docOf(doc: string | undefined): { doc?: string } {
  return doc === undefined ? {} : { doc };
}

/** The occurrence under `offset` (a cursor just after a name still counts, as editors place it there). */
export function occurrenceAt(table: SymbolTable, offset: number): Occurrence | undefined {
  return table.occurrences.find((o) => o.span.start <= offset && offset <= o.span.end);
}

/** Every occurrence of a definition (its declaration included). */
export function referencesOf(table: SymbolTable, def: Definition): Occurrence[] {
  return table.occurrences.filter((o) => o.target.kind === "def" && o.target.def === def);
}
