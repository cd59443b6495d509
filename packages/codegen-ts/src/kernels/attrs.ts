/** Attribute readers for kernels (the type rules have already validated the attributes). */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { Dim, Node } from "@nnc/ir";

export function num(node: Node, name: string, dflt?: number): number {
  const v = node.attrs[name] ?? dflt;
  if (typeof v !== "number") throw new InternalCompilerError(`codegen: ${node.op} ${node.id}: attribute '${name}' is not a number`, node.span);
  return v;
}

export function flag(node: Node, name: string): boolean {
  return node.attrs[name] === true;
}

/** Shape of an operand or output as a 4-tuple (conv and pool operands are NCHW / OIHW). */
export function four(shape: readonly Dim[]): [Dim, Dim, Dim, Dim] {
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/** Reduced axes (absent = all). */
export function axesOf(node: Node, rank: number): number[] {
  const v = node.attrs["axes"];
  if (v === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (!Array.isArray(v)) throw new InternalCompilerError(`codegen: ${node.op} ${node.id}: axes is not a list`, node.span);
  return v.map((x) => (typeof x === "number" ? x : -1));
}

/** Pool window: size, and stride defaulting to size. */
export function poolWindow(node: Node): { size: number; stride: number } {
  const size = num(node, "size", 2);
  return { size, stride: num(node, "stride", size) };
}

/** Conv window: stride (default 1) and pad (default 0). */
export function convWindow(node: Node): { stride: number; pad: number } {
  return { stride: num(node, "stride", 1), pad: num(node, "pad", 0) };
}
