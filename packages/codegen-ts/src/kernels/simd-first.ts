/** The code of a call kernel whose record names a SIMD stand-in (../kernel-types.ts SimdStandIn). */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { Node } from "@nnc/ir";
import type { CallCtx, SimdStandIn } from "../kernel-types.ts";

/** Whether the stand-in runs first for this node: an f32 node whose attributes and shapes it covers. */
export function simdApplies(simd: SimdStandIn | undefined, node: Node, inputs: readonly Node[]): simd is SimdStandIn {
  return simd !== undefined && node.type.dtype === "f32" && (simd.applies?.(node, inputs) ?? true);
}

function expectReturns(simd: SimdStandIn, node: Node, returns: "done" | "count"): void {
  if ((simd.returns ?? "done") !== returns) throw new InternalCompilerError(`codegen: the SIMD stand-in ${simd.helper} of ${node.op} returns "${simd.returns ?? "done"}", not "${returns}"`, node.span);
}

/**
 * `if (!helper(args)) <scalar>` — the scalar lines run only where the SIMD helper declines (one line
 * stays on the `if`'s line, more go in a block); the scalar lines alone where the stand-in does not apply.
 */
export function simdFirst(c: CallCtx, simd: SimdStandIn | undefined, args: string, scalar: readonly string[]): string[] {
  if (!simdApplies(simd, c.node, c.inputs)) return [...scalar];
  expectReturns(simd, c.node, "done");
  const test = `if (!${c.helper(simd.helper)}(${args}))`;
  if (scalar.length === 1) return [`${test} ${scalar[0]!}`];
  return [`${test} {`, ...scalar.map((l) => `  ${l}`), `}`];
}

/**
 * For a "count" stand-in: `scalarFrom(start)`, the scalar code over the elements from `start` on, with
 * start the helper's call (it returns how many leading elements it wrote); `scalarFrom("0")` where the
 * stand-in does not apply.
 */
export function simdPrefix(c: CallCtx, simd: SimdStandIn | undefined, args: string, scalarFrom: (start: string) => string[]): string[] {
  if (!simdApplies(simd, c.node, c.inputs)) return scalarFrom("0");
  expectReturns(simd, c.node, "count");
  return scalarFrom(`${c.helper(simd.helper)}(${args})`);
}
