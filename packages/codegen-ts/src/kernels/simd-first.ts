/** The code of a call kernel whose record names a SIMD stand-in (../kernel-types.ts SimdStandIn). */
import type { Node } from "@nnc/ir";
import type { CallCtx, SimdStandIn } from "../kernel-types.ts";

/** Whether the stand-in runs first for this node: an f32 node whose attributes and shapes it covers. */
export function simdApplies(simd: SimdStandIn | undefined, node: Node, inputs: readonly Node[]): simd is SimdStandIn {
  return simd !== undefined && node.type.dtype === "f32" && (simd.applies?.(node, inputs) ?? true);
}

/**
 * `if (!helper(args)) <scalar>` — the scalar lines run only where the SIMD helper declines (one line
 * stays on the `if`'s line, more go in a block); the scalar lines alone where the stand-in does not apply.
 */
export function simdFirst(c: CallCtx, simd: SimdStandIn | undefined, args: string, scalar: readonly string[]): string[] {
  if (!simdApplies(simd, c.node, c.inputs)) return [...scalar];
  const test = `if (!${c.helper(simd.helper)}(${args}))`;
  if (scalar.length === 1) return [`${test} ${scalar[0]!}`];
  return [`${test} {`, ...scalar.map((l) => `  ${l}`), `}`];
}
