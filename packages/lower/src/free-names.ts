/** Names an expression refers to, found without recursion (expressions may be 20,000 terms deep). */
import type { Expr } from "@nnc/syntax";

/** Every `Name` referenced in `e`, in source order, with repeats. */
export function freeNames(e: Expr): string[] {
  const out: string[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    switch (x.kind) {
      case "Name":
        out.push(x.name);
        break;
      case "Binary":
        stack.push(x.right, x.left);
        break;
      case "Unary":
        stack.push(x.operand);
        break;
      case "List":
        for (let i = x.elements.length - 1; i >= 0; i--) stack.push(x.elements[i]!);
        break;
      case "Call":
        for (let i = x.named.length - 1; i >= 0; i--) stack.push(x.named[i]!.value);
        for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Callee names of every call in `e` with their spans, in source order. */
export function callsIn(e: Expr): { name: string; span: Expr["span"] }[] {
  const out: { name: string; span: Expr["span"] }[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "Call") {
      out.push({ name: x.callee.name, span: x.callee.span });
      for (let i = x.named.length - 1; i >= 0; i--) stack.push(x.named[i]!.value);
      for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
    } else if (x.kind === "Binary") stack.push(x.right, x.left);
    else if (x.kind === "Unary") stack.push(x.operand);
    else if (x.kind === "List") for (let i = x.elements.length - 1; i >= 0; i--) stack.push(x.elements[i]!);
  }
  return out;
}
