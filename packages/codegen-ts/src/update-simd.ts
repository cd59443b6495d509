/**
 * Which SIMD update kernel (../wasm/update-simd.ts) does an optimizer's element loop, and with which
 * arguments: the f64 scalars are the very expressions the JS element statements of @nnc/ops use
 * (`1 - 0.9`, `_stepSize`, `1 - _lr * 0.01`), so the kernel's result is bit-identical to the loop's.
 * One record per optimizer kind (SIMD_UPDATES); null: no kernel (rmsprop, adagrad, lion, or a gradient
 * clipped other than by a scale): the JS loop does every element. The kernels take the gradient's
 * scale last: `1`, or the clipping's (global_norm's `_clip`, its record's emit.scale).
 */
import type { OptimizerKind, SettingValue } from "@nnc/runtime/core";

export interface SimdUpdateCall {
  /** The export of the SIMD module. */
  readonly kernel: string;
  /** The state arrays the kernel takes after w and g, by state name, in order. */
  readonly state: readonly string[];
  /** The f64 arguments after n, as JS expressions. */
  readonly scalars: readonly string[];
}

export interface SimdUpdateInput {
  readonly kind: OptimizerKind;
  readonly args: Readonly<Record<string, SettingValue>>;
  /** Literal of a number argument, as the element statements write it. */
  readonly arg: (name: string) => string;
  /** Weight decay applies to this parameter (rank ≥ 2 or decay_all) and weight_decay ≠ 0. */
  readonly decays: boolean;
  /** The gradient's scale, as the JS loop's clipped element multiplies it (`1` unclipped); null: clipped otherwise (no kernel). */
  readonly gradScale: string | null;
}

/** An optimizer's SIMD update: the kernel and its arguments before the gradient's scale, which simdUpdateCall appends (null: the JS loop). */
type SimdUpdateRule = (u: SimdUpdateInput) => SimdUpdateCall | null;

/** sgd: plain, heavy-ball momentum or Nesterov, each with or without L2 decay (added to the gradient). */
const sgd: SimdUpdateRule = (u) => {
  const l2 = u.decays ? "L2" : "";
  const decay = u.decays ? [u.arg("weight_decay")] : [];
  if (u.args["momentum"] === 0) return { kernel: `sgd${l2}`, state: [], scalars: ["_lr", ...decay] };
  const rule = u.args["nesterov"] === true ? "nesterov" : "momentum";
  return { kernel: `${rule}${l2}`, state: ["momentum"], scalars: ["_lr", u.arg("momentum"), ...decay] };
};

/** Adam's moments and step; weight decay as `decayKernel` applies it (adam: L2 on the gradient; adamw: decoupled shrink of w). */
function adamLike(decayKernel: string, decayScalar: (u: SimdUpdateInput) => string): SimdUpdateRule {
  return (u) => {
    const [b1, b2] = [u.arg("beta1"), u.arg("beta2")];
    const base = [b1, `1 - ${b1}`, b2, `1 - ${b2}`, "_stepSize", "_bc2Sqrt", u.arg("eps")];
    if (!u.decays) return { kernel: "adam", state: ["m", "v"], scalars: base };
    return { kernel: decayKernel, state: ["m", "v"], scalars: [...base, decayScalar(u)] };
  };
}

const noKernel: SimdUpdateRule = () => null;

/** The SIMD update of each optimizer kind (a kind without a record fails to typecheck). */
export const SIMD_UPDATES: Readonly<Record<OptimizerKind, SimdUpdateRule>> = {
  sgd,
  adam: adamLike("adamL2", (u) => u.arg("weight_decay")),
  adamw: adamLike("adamDecoupled", (u) => `1 - _lr * ${u.arg("weight_decay")}`),
  rmsprop: noKernel,
  adagrad: noKernel,
  lion: noKernel,
};

/** The kernel call for one parameter's update, the gradient's scale last; null where the JS loop does it all (no kernel, or a clipping that is not a scale). */
export function simdUpdateCall(u: SimdUpdateInput): SimdUpdateCall | null {
  if (u.gradScale === null) return null;
  const call = SIMD_UPDATES[u.kind](u);
  return call === null ? null : { ...call, scalars: [...call.scalars, u.gradScale] };
}

/**
 * The body of the class's `zeroSum(g, n)`: Σ g[i]·0 (±0 when all n elements are finite, NaN otherwise) in
 * four sums; with `simd`, the kernel zeroSum does the elements below n − n % 4 when g lives in its memory.
 */
export function zeroSumBody(ts: boolean, simd?: { readonly className: string }): string[] {
  const bang = ts ? "!" : "";
  const type = ts ? " as unknown as { zeroSum: (g: number, n: number) => number } | undefined" : "";
  return [
    `let z0 = 0, z1 = 0, z2 = 0, z3 = 0, i = 0;`,
    ...(simd === undefined
      ? []
      : [`const k = ${simd.className}.SIMD_KERNELS.get(g.buffer)${type};`, `if (k !== undefined) {`, `  z0 = k.zeroSum(g.byteOffset, n);`, `  i = n - (n % 4);`, `}`]),
    `for (; i + 3 < n; i += 4) {`,
    `  z0 += g[i]${bang} * 0;`,
    `  z1 += g[i + 1]${bang} * 0;`,
    `  z2 += g[i + 2]${bang} * 0;`,
    `  z3 += g[i + 3]${bang} * 0;`,
    `}`,
    `for (; i < n; i++) z0 += g[i]${bang} * 0;`,
    `return z0 + z1 + z2 + z3;`,
  ];
}
