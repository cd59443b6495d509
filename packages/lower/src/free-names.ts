/** Names an expression refers to, found without recursion (expressions may be 20,000 terms deep). */
import type { Expr } from "@nnc/syntax";

/** Pushes the direct sub-expressions of `x` so that they pop in source order. */
function pushChildren(stack: Expr[], x: Expr): void {
  const kids: Expr[] = [];
  switch (x.kind) {
    case "Binary":
      kids.push(x.left, x.right);
      break;
    case "Unary":
      kids.push(x.operand);
      break;
    case "List":
      kids.push(...x.elements);
      break;
    case "Tuple":
      kids.push(...x.elements);
      break;
    case "Call":
      kids.push(...x.args, ...x.named.map((n) => n.value));
      break;
    case "Index":
      kids.push(x.target);
      for (const it of x.items) {
        if (it.kind === "IndexAt") kids.push(it.value);
        else if (it.kind === "Slice") {
          if (it.start !== null) kids.push(it.start);
          if (it.end !== null) kids.push(it.end);
        }
      }
      break;
    default:
      break;
  }
  for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
}

/** Every `Name` referenced in `e` (a path `h1.W` refers to its head `h1`), in source order, with repeats. */
export function freeNames(e: Expr): string[] {
  const out: string[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "Name") out.push(x.name);
    else if (x.kind === "Path") out.push(x.head.name);
    else pushChildren(stack, x);
  }
  return out;
}

/** Callee names of every call in `e` with their spans, in source order. */
export function callsIn(e: Expr): { name: string; span: Expr["span"] }[] {
  const out: { name: string; span: Expr["span"] }[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "Call") out.push({ name: x.callee.name, span: x.callee.span });
    pushChildren(stack, x);
  }
  return out;
}
