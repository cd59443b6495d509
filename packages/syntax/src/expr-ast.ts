/**
 * CST → AST for expressions and dimension expressions.
 *
 * The grammar hands over each operator chain flat (`operand (op operand)*`); precedence is assigned
 * here by shunting-yard with explicit stacks, so a chain of any length costs no recursion. Recursion
 * is one call pair per bracket level, which the nesting limit bounds.
 */
import type { CstNode, IToken } from "chevrotain";
import { diagnostic, joinSpans } from "@nnc/diagnostics";
import type { Diagnostic, SourceFile, Span } from "@nnc/diagnostics";
import type { BinaryOp, CallExpr, DimExpr, Expr, NamedArg } from "./ast.ts";
import { ClosedString } from "./tokens.ts";
import { need, nodes, nodeSpan, Poison, sub, tok, tokens, tokenSpan } from "./cst.ts";
import { PostfixBuilder } from "./postfix-ast.ts";

/** Binding strength, loosest first: `|>` < comparisons < `+ -` < `* / @` < unary `-` < `^`. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  "|>": 1, "<": 2, "<=": 2, ">": 2, ">=": 2, "==": 2, "!=": 2, "+": 3, "-": 3, "*": 4, "/": 4, "@": 4, "^": 6,
};
const UNARY_PRECEDENCE = 5;
const BINARY_OPS: ReadonlyMap<string, BinaryOp> = new Map(
  (["+", "-", "*", "/", "@", "^", "<", "<=", ">", ">=", "==", "!="] as const).map((op) => [op, op]),
);

interface Pending {
  readonly tok: IToken;
  readonly prec: number;
  readonly unary: boolean;
}

export class ExprBuilder {
  private readonly postfix: PostfixBuilder;

  constructor(
    private readonly source: SourceFile,
    private readonly out: Diagnostic[],
  ) {
    this.postfix = new PostfixBuilder(source, out, (node) => this.expression(node));
  }

  expression(node: CstNode): Expr {
    const operands = nodes(node, "operand");
    const ops = tokens(node, "op");
    const values: Expr[] = [];
    const pending: Pending[] = [];
    for (let i = 0; i < operands.length; i++) {
      const operand = operands[i]!;
      for (const minus of tokens(operand, "minus")) pending.push({ tok: minus, prec: UNARY_PRECEDENCE, unary: true });
      values.push(this.atom(need(sub(operand, "atom"))));
      const op = ops[i];
      if (op === undefined) break;
      const prec = need(PRECEDENCE[op.image]);
      const rightAssoc = op.image === "^";
      for (let top = pending.at(-1); top !== undefined && (top.prec > prec || (top.prec === prec && !rightAssoc)); top = pending.at(-1)) {
        pending.pop();
        this.reduce(top, values);
      }
      pending.push({ tok: op, prec, unary: false });
    }
    for (let top = pending.pop(); top !== undefined; top = pending.pop()) this.reduce(top, values);
    if (values.length !== 1) throw new Poison();
    return values[0]!;
  }

  dim(node: CstNode): DimExpr {
    const operands = nodes(node, "operand");
    const ops = tokens(node, "op");
    const values: DimExpr[] = [];
    const pending: IToken[] = [];
    const prec = (t: IToken): number => (t.image === "+" || t.image === "-" ? 1 : 2);
    const reduce = (op: IToken): void => {
      const right = need(values.pop());
      const left = need(values.pop());
      const symbol = op.image === "+" || op.image === "-" || op.image === "*" ? op.image : "/";
      values.push({ kind: "DimBinary", op: symbol, left, right, span: joinSpans(left.span, right.span) });
    };
    for (let i = 0; i < operands.length; i++) {
      values.push(this.dimAtom(operands[i]!));
      const op = ops[i];
      if (op === undefined) break;
      for (let top = pending.at(-1); top !== undefined && prec(top) >= prec(op); top = pending.at(-1)) reduce(need(pending.pop()));
      pending.push(op);
    }
    for (let top = pending.pop(); top !== undefined; top = pending.pop()) reduce(top);
    if (values.length !== 1) throw new Poison();
    return values[0]!;
  }

  private dimAtom(node: CstNode): DimExpr {
    const span = nodeSpan(this.source, node);
    const num = tok(node, "NumberLit");
    if (num !== undefined) return { kind: "DimNumber", value: Number(num.image), span };
    const name = tok(node, "Ident");
    if (name !== undefined) return { kind: "DimName", name: name.image, span };
    const inner = sub(node, "inner");
    if (inner !== undefined) return { ...this.dim(inner), span };
    throw new Poison();
  }

  private reduce(op: Pending, values: Expr[]): void {
    const right = need(values.pop());
    if (op.unary) {
      values.push({ kind: "Unary", op: "-", operand: right, span: joinSpans(this.span(op.tok), right.span) });
      return;
    }
    const left = need(values.pop());
    if (op.tok.image === "|>") {
      values.push(this.pipe(left, right, op.tok));
      return;
    }
    const opSpan = this.span(op.tok);
    values.push({ kind: "Binary", op: need(BINARY_OPS.get(op.tok.image)), opSpan, left, right, span: joinSpans(left.span, right.span) });
  }

  /** `x |> f(a, k = v)` is `f(x, a, k = v)`; `x |> f` is `f(x)`. */
  private pipe(left: Expr, right: Expr, op: IToken): CallExpr {
    const span = joinSpans(left.span, right.span);
    if (right.kind === "Name") {
      return { kind: "Call", callee: { kind: "Ident", name: right.name, span: right.span }, args: [left], named: [], piped: true, span };
    }
    if (right.kind === "Call" && !right.piped) return { ...right, args: [left, ...right.args], piped: true, span };
    this.out.push(
      diagnostic("E0021", "the right side of `|>` must be a function call or a function name", right.span, {
        label: "not a call",
        labels: [{ span: this.span(op), message: "the value on the left is passed as the first argument of what follows `|>`" }],
        help: right.kind === "Index" && right.target.kind === "Call"
          ? "indexing binds tighter than `|>`: to index the result of the pipe, write `(x |> f(…))[…]`"
          : "write `x |> f(k = v)` for `f(x, k = v)`, or put this expression in parentheses and apply it to the result",
      }),
    );
    throw new Poison();
  }

  /** An operand without its unary minus: a primary and its postfix suffixes (`f(x)[0]`, `h1.W`). */
  private atom(node: CstNode): Expr {
    const suffixes = nodes(node, "postfix");
    if (suffixes.length === 0) return this.primary(node, nodeSpan(this.source, node));
    const primary = this.primary(node, this.primarySpan(node));
    return this.postfix.apply(primary, tok(node, "name") !== undefined && tok(node, "callOpen") === undefined, suffixes);
  }

  /** The atom's span without its suffixes: up to its last own token (brackets close every inner part). */
  private primarySpan(node: CstNode): Span {
    let end = -1;
    for (const children of Object.values(node.children)) {
      for (const el of children) if (!("children" in el)) end = Math.max(end, el.endOffset ?? -1);
    }
    const start = node.location?.startOffset ?? NaN;
    if (end < 0 || Number.isNaN(start)) throw new Poison();
    return this.source.span(start, end + 1);
  }

  private primary(node: CstNode, span: Span): Expr {
    const name = tok(node, "name");
    if (name !== undefined) {
      if (tok(node, "callOpen") === undefined) return { kind: "Name", name: name.image, span };
      return this.call(node, name, span);
    }
    const num = tok(node, "NumberLit");
    if (num !== undefined) return { kind: "Number", value: Number(num.image), raw: num.image, isInteger: /^\d+$/.test(num.image), span };
    const str = tok(node, "StringLit");
    if (str !== undefined) return { kind: "String", value: unquote(str.image, str.tokenType === ClosedString), span };
    const inner = nodes(node, "inner");
    if (inner.length === 1) return { ...this.expression(inner[0]!), span };
    if (inner.length > 1) return { kind: "Tuple", elements: inner.map((e) => this.expression(e)), span };
    if (tok(node, "LBracket") !== undefined) return { kind: "List", elements: nodes(node, "element").map((e) => this.expression(e)), span };
    throw new Poison();
  }

  private call(node: CstNode, name: IToken, span: Span): CallExpr {
    const args: Expr[] = [];
    const named: NamedArg[] = [];
    for (const arg of nodes(node, "arg")) {
      const value = this.expression(need(sub(arg, "value")));
      const argName = tok(arg, "argName");
      if (argName !== undefined) {
        named.push({ kind: "NamedArg", name: { kind: "Ident", name: argName.image, span: this.span(argName) }, value, span: nodeSpan(this.source, arg) });
        continue;
      }
      const first = named[0];
      if (first !== undefined) {
        this.out.push(
          diagnostic("E0020", `positional argument after a named argument in the call of \`${name.image}\``, value.span, {
            label: "positional argument",
            labels: [{ span: first.span, message: "named arguments start here" }],
            help: first.value.kind === "Name" || first.value.kind === "Number"
              ? `move it before the named arguments; if \`${first.name.name} = …\` was meant as a comparison, write \`==\``
              : "move it before the named arguments",
          }),
        );
        throw new Poison();
      }
      args.push(value);
    }
    return { kind: "Call", callee: { kind: "Ident", name: name.image, span: this.span(name) }, args, named, piped: false, span };
  }

  private span(t: IToken): Span {
    return tokenSpan(this.source, t);
  }
}

/** The string's value: quotes removed, `\"` and `\\` resolved (other escapes are kept as written). */
function unquote(image: string, closed: boolean): string {
  const body = image.slice(1, closed ? -1 : undefined);
  return body.replace(/\\(["\\])/g, "$1");
}
