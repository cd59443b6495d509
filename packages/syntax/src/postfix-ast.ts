/**
 * CST → AST for the postfix forms that follow an operand: indexing `x[i, a:b, ...]` and parameter paths
 * `h1.W`, `y.0.attn.Wq`. Suffixes apply left to right (`h1.W[0]` indexes the path), iteratively.
 */
import type { CstNode, IToken } from "chevrotain";
import { diagnostic, joinSpans } from "@nnc/diagnostics";
import type { Diagnostic, SourceFile, Span } from "@nnc/diagnostics";
import type { Expr, Ident, IndexExpr, IndexItem } from "./ast.ts";
import { need, nodes, nodeSpan, Poison, sub, tok, tokenSpan } from "./cst.ts";
import { NumberLit } from "./tokens.ts";

export class PostfixBuilder {
  constructor(
    private readonly source: SourceFile,
    private readonly out: Diagnostic[],
    private readonly expression: (node: CstNode) => Expr,
  ) {}

  /** `primary` followed by `suffixes`; `bareName`: the primary is a plain name (a path may start there). */
  apply(primary: Expr, bareName: boolean, suffixes: readonly CstNode[]): Expr {
    let e = primary;
    // A path continues only while nothing but `.segment` has followed the name (`h1.W[0].b` is wrong).
    let segments: Ident[] | undefined = bareName && primary.kind === "Name" ? [] : undefined;
    for (const suffix of suffixes) {
      if (suffix.name !== "pathStep") {
        e = this.index(this.path(e, segments), suffix);
        segments = undefined;
        continue;
      }
      if (segments === undefined) this.strayDot(e, need(tok(suffix, "Dot")));
      segments.push(this.segment(suffix));
    }
    return this.path(e, segments);
  }

  /** `head` with the segments collected after it (none: `head` itself). */
  private path(head: Expr, segments: readonly Ident[] | undefined): Expr {
    const last = segments?.at(-1);
    if (segments === undefined || last === undefined) return head;
    return { kind: "Path", head: this.head(head), segments, span: joinSpans(head.span, last.span) };
  }

  private head(e: Expr): Ident {
    if (e.kind !== "Name") throw new Poison();
    return { kind: "Ident", name: e.name, span: e.span };
  }

  private segment(step: CstNode): Ident {
    const t = need(tok(step, "segment"));
    const span = tokenSpan(this.source, t);
    if (t.tokenType === NumberLit && !/^\d+$/.test(t.image)) {
      this.out.push(
        diagnostic("E0034", `\`${t.image}\` is not a path segment`, span, {
          label: "a segment is a name or a whole number",
          help: "write each segment after its own `.`: `y.0.attn.Wq`",
        }),
      );
      throw new Poison();
    }
    return { kind: "Ident", name: t.image, span };
  }

  private strayDot(target: Expr, dot: IToken): never {
    const what: Partial<Record<Expr["kind"], string>> = {
      Call: "a call", Index: "an index", Number: "a number", String: "a string", List: "a list", Tuple: "a tuple",
    };
    const after = what[target.kind] ?? "a parenthesized expression";
    this.out.push(
      diagnostic("E0035", `a parameter path must start with a name, not ${after}`, tokenSpan(this.source, dot), {
        label: `\`.\` after ${after}`,
        labels: [{ span: target.span, message: "this is not a name" }],
        help: target.kind === "Number"
          ? "a number needs digits on both sides of its `.`: `0.5`"
          : "a path names a parameter of a block call site: `h1.W`, `y.0.attn.Wq`",
      }),
    );
    throw new Poison();
  }

  private index(target: Expr, suffix: CstNode): IndexExpr {
    const span = joinSpans(target.span, nodeSpan(this.source, suffix));
    const itemNodes = nodes(suffix, "indexItem");
    if (itemNodes.length === 0) {
      this.out.push(
        diagnostic("E0027", "an index needs at least one item", nodeSpan(this.source, suffix), {
          label: "empty index",
          help: "write an index (`x[0]`), a slice (`x[1:3]`, `x[:, -1]`) or `...` (`x[..., 0]`)",
        }),
      );
      throw new Poison();
    }
    const items = itemNodes.map((n) => this.item(n));
    const ellipses = items.filter((i) => i.kind === "Ellipsis");
    if (ellipses.length > 1) {
      this.out.push(
        diagnostic("E0029", "an index may contain `...` only once", ellipses[1]!.span, {
          label: "second `...`",
          labels: [{ span: ellipses[0]!.span, message: "first `...` here" }],
          help: "`...` stands for all the axes not otherwise indexed; keep one and write `:` for the other axes",
        }),
      );
      throw new Poison();
    }
    return { kind: "Index", target, items, span };
  }

  private item(node: CstNode): IndexItem {
    const span = nodeSpan(this.source, node);
    if (tok(node, "Ellipsis") !== undefined) return { kind: "Ellipsis", span };
    const startNode = sub(node, "start");
    const start = startNode === undefined ? null : this.expression(startNode);
    const tail = sub(node, "sliceTail");
    if (tail === undefined) return { kind: "IndexAt", value: need(start ?? undefined), span };
    const stepColon = tok(tail, "stepColon");
    if (stepColon !== undefined) this.step(stepColon, tail);
    const endNode = sub(tail, "end");
    return { kind: "Slice", start, end: endNode === undefined ? null : this.expression(endNode), span };
  }

  private step(colon: IToken, tail: CstNode): never {
    const stepNode = sub(tail, "step");
    const colonSpan = tokenSpan(this.source, colon);
    const span: Span = stepNode === undefined ? colonSpan : joinSpans(colonSpan, nodeSpan(this.source, stepNode));
    this.out.push(
      diagnostic("E0028", "slices have no step", span, {
        label: "a second `:` starts a step",
        help: "write `a:b` for the elements a … b-1; to take every k-th element, reshape and index instead",
      }),
    );
    throw new Poison();
  }
}
