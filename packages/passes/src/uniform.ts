import type { Node } from "@nnc/ir";

export type Kept = ReadonlyMap<string, Node>;

/** The value every element of `id` has, when it is a `const` (seen through broadcasts and reshapes). */
export function uniformValue(id: string | undefined, kept: Kept): number | undefined {
  const n = id === undefined ? undefined : kept.get(id);
  if (n === undefined) return undefined;
  if (n.op === "const") return typeof n.attrs.value === "number" ? n.attrs.value : undefined;
  if (n.op === "broadcast" || n.op === "reshape") return uniformValue(n.inputs[0], kept);
  return undefined;
}
