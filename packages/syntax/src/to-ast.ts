/**
 * CST → AST for declarations, statements and types. A statement or declaration whose CST is
 * incomplete (its error is already reported) is left out; the rest of the program is kept.
 */
import type { CstNode, IToken } from "chevrotain";
import { diagnostic } from "@nnc/diagnostics";
import type { Diagnostic, SourceFile, Span } from "@nnc/diagnostics";
import type {
  BlockDecl, BlockParam, DimDecl, DimExpr, Expr, Ident, Item, KindTypeExpr, ModelDecl, Program, ResultsType, Signature, Stmt,
  TensorTypeExpr, TrainDecl, TrainInput, TrainSetting,
} from "./ast.ts";
import { need, nodes, nodeSpan, Poison, sub, tok, tokens, tokenSpan } from "./cst.ts";
import { dimTooDeep, MAX_EXPR_DEPTH, tooDeep } from "./depth.ts";
import { ExprBuilder } from "./expr-ast.ts";
import { statement } from "./stmt-ast.ts";
import type { StmtContext } from "./stmt-ast.ts";

/** Block parameter types that are not tensors (`dim` is a keyword, handled by the grammar). */
const KIND_TYPES: ReadonlySet<string> = new Set(["float", "int", "bool"]);

export class AstBuilder implements StmtContext {
  private readonly expr: ExprBuilder;

  constructor(
    private readonly source: SourceFile,
    private readonly docs: ReadonlyMap<number, string>,
    readonly diagnostics: Diagnostic[],
  ) {
    this.expr = new ExprBuilder(source, diagnostics);
  }

  program(root: CstNode | undefined): Program {
    const items: Item[] = [];
    for (const item of root === undefined ? [] : nodes(root, "item")) {
      const converted = this.kept(() => {
        const dim = sub(item, "dimDecl");
        if (dim !== undefined) return this.dimDecl(dim);
        const model = sub(item, "modelDecl");
        if (model !== undefined) return this.modelDecl(model);
        const block = sub(item, "blockDecl");
        if (block !== undefined) return this.blockDecl(block);
        return this.trainDecl(need(sub(item, "trainDecl")));
      });
      if (converted !== undefined) items.push(converted);
    }
    return { kind: "Program", file: this.source.name, items, span: this.source.span(0, this.source.text.length) };
  }

  /** Runs a conversion, turning Poison into "left out". */
  private kept<T>(convert: () => T): T | undefined {
    try {
      return convert();
    } catch (e) {
      if (e instanceof Poison) return undefined;
      throw e;
    }
  }

  doc(node: CstNode): { doc?: string } {
    const doc = this.docs.get(node.location?.startOffset ?? NaN);
    return doc === undefined ? {} : { doc };
  }

  ident(t: IToken | undefined): Ident {
    const defined = need(t);
    return { kind: "Ident", name: defined.image, span: tokenSpan(this.source, defined) };
  }

  span(node: CstNode): Span {
    return nodeSpan(this.source, node);
  }

  tokenSpan(t: IToken): Span {
    return tokenSpan(this.source, t);
  }

  private dimDecl(node: CstNode): DimDecl {
    return { kind: "Dim", names: tokens(node, "name").map((t) => this.ident(t)), ...this.doc(node), span: this.span(node) };
  }

  private modelDecl(node: CstNode): ModelDecl {
    const inputs = this.signatures(need(sub(node, "inputs")), "a model's inputs");
    const outputs = this.signatures(need(sub(node, "outputs")), "a model's outputs");
    return {
      kind: "Model", name: this.ident(tok(node, "name")), inputs, outputs, body: this.body(need(sub(node, "body"))),
      ...this.doc(node), span: this.span(node),
    };
  }

  /** `outside` as in `tensorType`: undefined for a block's results, where `...` is allowed. */
  private signatures(node: CstNode, outside?: string): Signature[] {
    return nodes(node, "sig").map((sig) => ({
      kind: "Signature", name: this.ident(tok(sig, "name")), type: this.tensorType(need(sub(sig, "tensorType")), outside), span: this.span(sig),
    }));
  }

  private blockDecl(node: CstNode): BlockDecl {
    const results = sub(node, "results");
    const returnType = results === undefined ? this.tensorType(need(sub(node, "returnType"))) : this.results(results);
    return {
      kind: "Block", name: this.ident(tok(node, "name")), params: nodes(node, "blockParam").map((p) => this.blockParam(p)), returnType,
      body: this.body(need(sub(node, "body"))), ...this.doc(node), span: this.span(node),
    };
  }

  /** `-> (h: f32[B, H], c: f32[B, H])`: named results (at least one). */
  private results(node: CstNode): ResultsType {
    const results = this.signatures(node);
    if (results.length === 0) {
      this.diagnostics.push(
        diagnostic("E0036", "a block must have at least one result", this.span(node), {
          label: "no results between the parentheses",
          help: "name each result with its type: `-> (h: f32[B, H])`, or write one type: `-> f32[B, H]`",
        }),
      );
      throw new Poison();
    }
    return { kind: "Results", results, span: this.span(node) };
  }

  private blockParam(node: CstNode): BlockParam {
    const dimKind = tok(node, "dimKind");
    const tensor = sub(node, "tensorType");
    let type: TensorTypeExpr | KindTypeExpr;
    if (dimKind !== undefined) type = { kind: "KindType", name: this.ident(dimKind), span: tokenSpan(this.source, dimKind) };
    else type = this.paramType(need(tensor));
    const dflt = sub(node, "default");
    return { kind: "BlockParam", name: this.ident(tok(node, "name")), type, default: dflt === undefined ? null : this.expression(dflt), span: this.span(node) };
  }

  /** `alpha: float`, `n: int`, `flag: bool` are kinds; anything else (`f32[N, I]`) is a tensor type. */
  private paramType(node: CstNode): TensorTypeExpr | KindTypeExpr {
    const dtype = need(tok(node, "dtype"));
    if (KIND_TYPES.has(dtype.image) && tok(node, "LBracket") === undefined) {
      return { kind: "KindType", name: this.ident(dtype), span: this.span(node) };
    }
    return this.tensorType(node);
  }

  private trainDecl(node: CstNode): TrainDecl {
    const body = need(sub(node, "trainBody"));
    const entries: (TrainInput | TrainSetting)[] = [];
    for (const entry of nodes(body, "trainEntry")) {
      const converted = this.kept(() => this.trainEntry(entry));
      if (converted !== undefined) entries.push(converted);
    }
    return { kind: "Train", model: this.ident(tok(node, "name")), entries, ...this.doc(node), span: this.span(node) };
  }

  private trainEntry(node: CstNode): TrainInput | TrainSetting {
    const name = this.ident(tok(node, "name"));
    if (tok(node, "Input") !== undefined) {
      return { kind: "TrainInput", name, type: this.tensorType(need(sub(node, "tensorType")), "a train input"), span: this.span(node) };
    }
    return { kind: "TrainSetting", key: name, value: this.expression(need(sub(node, "value"))), span: this.span(node) };
  }

  private body(node: CstNode): Stmt[] {
    const stmts: Stmt[] = [];
    for (const stmt of nodes(node, "statement")) {
      const converted = this.kept(() => statement(stmt, this));
      if (converted !== undefined) stmts.push(converted);
    }
    return stmts;
  }

  /** A whole expression (a statement's, an argument default's, a setting's) within the nesting limit. */
  expression(node: CstNode): Expr {
    const e = this.expr.expression(node);
    const deep = tooDeep(e);
    if (deep !== undefined) this.tooDeep(deep.span, "expression");
    return e;
  }

  private dimExpr(node: CstNode): DimExpr {
    const d = this.expr.dim(node);
    const deep = dimTooDeep(d);
    if (deep !== undefined) this.tooDeep(deep.span, "dimension expression");
    return d;
  }

  /** Reports E0026 at the part below the limit and leaves the statement out. */
  private tooDeep(span: Span, what: string): never {
    this.diagnostics.push(
      diagnostic("E0026", `${what} nested more than ${MAX_EXPR_DEPTH} levels deep`, span, {
        label: `level ${MAX_EXPR_DEPTH + 1} starts here`,
        notes: [
          what === "expression"
            ? "each unary `-`, right operand of `^`, `|>` stage and call argument opens a level; a chain like `a + b + c` does not"
            : "every operand of `+ - * /` in a dimension opens a level",
        ],
        help: "split the expression into several named bindings",
      }),
    );
    throw new Poison();
  }

  /**
   * A tensor type. `outside` names the place when it is not a block's parameter or result type: a `...`
   * there is E0128 (and dropped, so the rest of the type is still checked).
   */
  tensorType(node: CstNode, outside?: string): TensorTypeExpr {
    const bracketed = tok(node, "LBracket") !== undefined;
    const dims = nodes(node, "dimExpr").map((d) => this.dimExpr(d));
    const ellipsis = this.leadingEllipsis(node, dims, outside);
    const type: TensorTypeExpr = { kind: "TensorType", dtype: this.ident(tok(node, "dtype")), dims, bracketed, span: this.span(node) };
    return ellipsis === undefined ? type : { ...type, ellipsis };
  }

  /** The span of a valid leading `...`; every other `...` is reported (E0128) and dropped. */
  private leadingEllipsis(node: CstNode, dims: readonly DimExpr[], outside: string | undefined): Span | undefined {
    const marks = tokens(node, "ellipsis").map((t) => this.tokenSpan(t)).sort((a, b) => a.start - b.start);
    const first = marks[0];
    if (first === undefined) return undefined;
    if (outside !== undefined) {
      for (const mark of marks) {
        this.misplaced(mark, `\`...\` is not allowed in ${outside}`, "any number of axes: only in a block's signature", {
          help: "write every axis out, e.g. `f32[B, T, D]`; only a block's tensor parameters and results may start with `...`",
        });
      }
      return undefined;
    }
    for (const mark of marks.slice(1)) {
      this.misplaced(mark, "a type may contain `...` only once", "second `...`", {
        labels: [{ span: first, message: "first `...` here" }],
        help: "one leading `...` stands for all the leading axes: `f32[..., D]`",
      });
    }
    if (dims.every((d) => d.span.start > first.start)) return first;
    this.misplaced(first, "`...` must be the first item of a shape", "after an axis", {
      help: "`...` stands for any number of leading axes; move it to the front: `f32[..., D]`",
    });
    return undefined;
  }

  private misplaced(span: Span, message: string, label: string, more: { help: string; labels?: { span: Span; message: string }[] }): void {
    this.diagnostics.push(diagnostic("E0128", message, span, { label, ...more }));
  }
}
