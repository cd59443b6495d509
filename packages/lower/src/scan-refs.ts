/** The blocks that `scan` and `repeat` calls name (not calls in the syntax, but calls of the block at each step). */
import type { Span } from "@nnc/diagnostics";
import type { BlockDecl, Expr } from "@nnc/syntax";

/** The special forms whose first argument (after a piped value) names a block. */
export const BLOCK_FORMS: ReadonlySet<string> = new Set(["scan", "repeat"]);

/**
 * Every block name in the block position of a `scan`/`repeat` call in `e`, in source order, found
 * without recursion. (A block may not be named `scan` or `repeat`: check-program.ts reports E0110; until
 * then such a block's calls are plain calls.)
 */
export function formBlockRefs(e: Expr, blocks: ReadonlyMap<string, BlockDecl>): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    switch (x.kind) {
      case "Call": {
        const ref = x.args[x.piped ? 1 : 0];
        if (BLOCK_FORMS.has(x.callee.name) && !blocks.has(x.callee.name) && ref?.kind === "Name") out.push({ name: ref.name, span: ref.span });
        for (let i = x.named.length - 1; i >= 0; i--) stack.push(x.named[i]!.value);
        for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
        break;
      }
      case "Binary":
        stack.push(x.right, x.left);
        break;
      case "Unary":
        stack.push(x.operand);
        break;
      case "List":
        for (let i = x.elements.length - 1; i >= 0; i--) stack.push(x.elements[i]!);
        break;
      case "Tuple":
        for (let i = x.elements.length - 1; i >= 0; i--) stack.push(x.elements[i]!);
        break;
      case "Index":
        for (const it of x.items) {
          if (it.kind === "IndexAt") stack.push(it.value);
          else if (it.kind === "Slice") for (const b of [it.end, it.start]) if (b !== null) stack.push(b);
        }
        stack.push(x.target);
        break;
      default:
        break;
    }
  }
  return out;
}
