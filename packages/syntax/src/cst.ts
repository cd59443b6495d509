/** Typed access to chevrotain CST nodes, and the spans of tokens and nodes. */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { SourceFile, Span } from "@nnc/diagnostics";

/**
 * Thrown while converting a construct that cannot become an AST node (a region already reported
 * as too deep, an already reported malformed construct). Caught at statement or declaration level,
 * which is then left out of the AST.
 */
export class Poison extends Error {
  constructor() {
    super("construct left out of the AST");
    this.name = "Poison";
  }
}

function isNode(el: CstElement): el is CstNode {
  return "children" in el;
}

export function nodes(node: CstNode, key: string): CstNode[] {
  return (node.children[key] ?? []).filter(isNode);
}

export function tokens(node: CstNode, key: string): IToken[] {
  return (node.children[key] ?? []).filter((el): el is IToken => !isNode(el));
}

export function sub(node: CstNode, key: string): CstNode | undefined {
  return nodes(node, key)[0];
}

export function tok(node: CstNode, key: string): IToken | undefined {
  return tokens(node, key)[0];
}

/** A child the grammar makes mandatory; absent only in a construct cut short by an error. */
export function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Poison();
  return value;
}

export function tokenSpan(source: SourceFile, t: IToken): Span {
  return source.span(t.startOffset, (t.endOffset ?? t.startOffset) + 1);
}

export function nodeSpan(source: SourceFile, node: CstNode): Span {
  const loc = node.location;
  const start = loc?.startOffset ?? NaN;
  const end = loc?.endOffset ?? NaN;
  if (Number.isNaN(start) || Number.isNaN(end)) throw new Poison();
  return source.span(start, end + 1);
}
