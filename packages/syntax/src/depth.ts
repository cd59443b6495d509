/**
 * The nesting limit of expressions (E0026). Checking lowers an expression recursively, one level per
 * unary `-`, right operand, call argument, list or tuple element, index target or bound, or `|>` stage; a left-nested chain of binary
 * operators (`a + b + c + …`, however long) is walked iteratively and adds no level. Depth is measured
 * here the same way, without recursion, so that no later stage meets a deeper expression.
 */
import type { DimExpr, Expr } from "./ast.ts";

/** The most levels an expression (or a dimension expression) may nest. */
export const MAX_EXPR_DEPTH = 500;

/** The sub-expressions of `e` with the level each adds (0: the left operand of a binary chain). */
function children(e: Expr): [Expr, number][] {
  switch (e.kind) {
    case "Unary":
      return [[e.operand, 1]];
    case "Binary":
      return [
        [e.left, e.left.kind === "Binary" ? 0 : 1],
        [e.right, 1],
      ];
    case "List":
      return e.elements.map((x) => [x, 1]);
    case "Call":
      return [...e.args.map((x): [Expr, number] => [x, 1]), ...e.named.map((n): [Expr, number] => [n.value, 1])];
    case "Tuple":
      return e.elements.map((x) => [x, 1]);
    case "Index": {
      // `x[0][1]…` nests by its target: a long chain of suffixes counts one level each.
      const bounds = e.items.flatMap((i): Expr[] => (i.kind === "IndexAt" ? [i.value] : i.kind === "Slice" ? [i.start, i.end].filter((b) => b !== null) : []));
      return [[e.target, 1], ...bounds.map((b): [Expr, number] => [b, 1])];
    }
    default:
      return [];
  }
}

/** The first sub-expression (in depth-first order) that starts level MAX_EXPR_DEPTH + 1, if any. */
export function tooDeep(root: Expr): Expr | undefined {
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!;
    if (depth > MAX_EXPR_DEPTH) return e;
    const kids = children(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]![0], depth + kids[i]![1]]);
  }
  return undefined;
}

/** Dimension expressions are evaluated recursively on both sides: every operand adds a level. */
export function dimTooDeep(root: DimExpr): DimExpr | undefined {
  const stack: [DimExpr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!;
    if (depth > MAX_EXPR_DEPTH) return e;
    if (e.kind === "DimBinary") stack.push([e.right, depth + 1], [e.left, depth + 1]);
  }
  return undefined;
}
